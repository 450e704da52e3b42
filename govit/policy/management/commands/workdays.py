"""``govit workdays add DATE N`` and ``govit workdays between A B``."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govit.core.errors import ServiceError
from govit.core.inputs import parse_iso_date
from govit.policy.calendar import (
    MAX_WORKING_DAYS,
    WorkdayAnswer,
    WorkdayCount,
    add_working_days,
    weekday_label,
    working_days_between,
)


def _date(text: str) -> date:
    """argparse converter: a bad date is a usage error (exit code 2)."""
    try:
        return parse_iso_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _count(text: str) -> int:
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 9):
        raise argparse.ArgumentTypeError(
            f"「{text}」不是 0 至 {MAX_WORKING_DAYS} 之间的整数 / not a whole number"
        )
    value = int(digits)
    if value > MAX_WORKING_DAYS:
        raise argparse.ArgumentTypeError(
            f"工作日数不能大于 {MAX_WORKING_DAYS} / at most {MAX_WORKING_DAYS}"
        )
    return value


class Command(BaseCommand):
    help = (
        "工作日计算（按国务院办公厅节假日安排）。add 日期 N：日期之后第 N 个工作日（当日不计）；"
        "between 起 止：(起, 止] 之间的工作日数。日期格式 YYYY-MM-DD。"
        " / Working-day arithmetic on the official holiday schedule."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{add,between}")
        add = actions.add_parser(
            "add", help="日期之后第 N 个工作日 / the Nth working day after DATE"
        )
        add.add_argument("date", type=_date, help="起始日期 YYYY-MM-DD（当日不计）")
        add.add_argument("n", type=_count, help=f"工作日数 0–{MAX_WORKING_DAYS}")
        between = actions.add_parser(
            "between", help="两个日期之间的工作日数 / working days in (A, B]"
        )
        between.add_argument("start", type=_date, help="起始日期 YYYY-MM-DD（不计）")
        between.add_argument("end", type=_date, help="截止日期 YYYY-MM-DD（计入）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "add":
                self._add(options["date"], options["n"])
            else:
                self._between(options["start"], options["end"])
        except ServiceError as error:
            raise CommandError(f"{error.message} / {error.message_en}") from None

    def _add(self, start: date, n: int) -> None:
        answer = add_working_days(start, n)
        self.stdout.write(
            f"{start.isoformat()} 之后第 {n} 个工作日：{answer.date.isoformat()}（{weekday_label(answer.date)}）"
        )
        self._provisional(answer)

    def _between(self, start: date, end: date) -> None:
        answer = working_days_between(start, end)
        self.stdout.write(
            f"{start.isoformat()} 至 {end.isoformat()} 之间的工作日（起日不计、止日计入）：{answer.count}"
        )
        self._provisional(answer)

    def _provisional(self, answer: WorkdayAnswer | WorkdayCount) -> None:
        if answer.provisional:
            self.stdout.write(self.style.WARNING(f"{answer.note} / {answer.note_en}"))
