"""``govit send_outbox``: send the pending emails of the notification outbox once.

Production runs the same step every minute from Celery beat; this is for development and
for an operator who wants the queue emptied now.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from govit.notifications.models import OutboxMessage, OutboxState
from govit.notifications.outbox import send_pending


class Command(BaseCommand):
    help = "发送待发邮件（通知发件箱）/ Send the pending emails of the notification outbox"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=100, help="每批最多发送多少封 / batch size (default 100)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_pending(limit=max(1, options["limit"]))
        counts = {state: OutboxMessage.objects.filter(state=state).count() for state in OutboxState}
        self.stdout.write(
            f"已发送 {sent} 封；待发送 {counts[OutboxState.PENDING]}，"
            f"发送失败 {counts[OutboxState.FAILED]}，发送中 {counts[OutboxState.SENDING]} / "
            f"sent {sent}; pending {counts[OutboxState.PENDING]}, "
            f"failed {counts[OutboxState.FAILED]}, sending {counts[OutboxState.SENDING]}"
        )
