"""``govit scan [--date YYYY-MM-DD]``: the compliance scan (production runs it daily via Celery)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from govit.core.inputs import parse_iso_date
from govit.obligations.scan import run_scan


def _date(text: str) -> date:
    try:
        return parse_iso_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class Command(BaseCommand):
    help = (
        "合规扫描：将已过截止日期的期限事项标记为逾期，并执行各模块的扫描步骤（提醒、周期性事项等）；"
        "可重复执行，结果相同。 / Compliance scan: mark overdue obligations and run the scan steps "
        "(idempotent)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=_date,
            default=None,
            help="按哪一天扫描 YYYY-MM-DD（默认今天，Asia/Shanghai） / the day to scan for",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tty = self.stdout.isatty()

        def progress(stage: str, done: int, total: int) -> None:
            self.stdout.write(f"\r{stage}: {done}/{total}", ending="")
            self.stdout.flush()
            if done >= total:
                self.stdout.write("")

        summary = run_scan(options["date"], progress=progress if tty else None)
        self.stdout.write(self.style.SUCCESS(summary.line()))
