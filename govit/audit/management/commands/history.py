from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

from govit.audit.backfill import backfill_project_ids
from govit.audit.services import verify


class Command(BaseCommand):
    help = (
        "历史记录工具：verify 校验 HMAC-SM3 链是否完整；reindex 补填事件的所属项目索引"
        " / verify the history chain; reindex fills the events' project index"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action",
            choices=["verify", "reindex"],
            help="verify: 校验整条历史链；reindex: 补填缺少所属项目的事件（不改变摘要）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "reindex":
            visited = backfill_project_ids(apps)
            self.stdout.write(
                f"已补填所属项目索引：检查 {visited} 条事件 / reindexed {visited} events"
            )
            return
        result = verify()
        if result.intact:
            self.stdout.write(
                self.style.SUCCESS(
                    f"历史链完整：已校验 {result.checked} 条事件 / chain intact: {result.checked} events"
                )
            )
            return
        raise CommandError(
            f"历史链在第 {result.first_break} 号事件处断开：{result.problem}（此前 {result.checked} 条完好）"
            f" / chain broken at event {result.first_break}"
        )
