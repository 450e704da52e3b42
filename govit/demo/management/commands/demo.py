"""``govit demo``: load a demo Heze (organisations, one account per role, plans, expert pools
and sample projects with their dossiers and reviews).

Idempotent: running it again creates only what is missing.  ``--projects N`` tops the demo
projects up to N (it never adds N more).  ``--accounts`` prints the demo accounts, one
tab-separated line each (username, role codes, organisation), and nothing else on stdout.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from govit.demo import compliance, loader
from govit.demo.data import DEMO_PASSWORD

DEFAULT_PROJECTS = 200


class Command(BaseCommand):
    help = (
        "加载演示数据：菏泽市及三个县区、组织机构、各角色演示账户、规划计划、专家库和示例项目"
        "（可重复运行）"
        " / load demo data (idempotent)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--projects",
            type=int,
            default=DEFAULT_PROJECTS,
            metavar="N",
            help=f"演示项目总数，已有的计入，只补足差额（默认 {DEFAULT_PROJECTS}）",
        )
        parser.add_argument(
            "--accounts",
            action="store_true",
            help="输出演示账户（用户名、角色代码、所属组织，制表符分隔），不加载项目",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="在生产配置（DEBUG=false）下也加载：演示账户的密码是公开的，慎用",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or settings.TESTING or options["force"]):
            raise CommandError(
                "演示账户使用公开的统一密码，生产配置（DEBUG=false）下不加载演示数据；"
                "确需加载（如演示服务器）请加 --force / refusing to load demo accounts with a "
                "published password on a production configuration (use --force)"
            )
        if options["projects"] < 0:
            raise CommandError("--projects 不能为负数")
        if options["accounts"]:
            loader.load_base()
            for line in loader.account_lines():
                self.stdout.write(line)
            return
        self._load(options["projects"], verbose=options["verbosity"] >= 1)

    def _load(self, target: int, *, verbose: bool) -> None:
        started = time.monotonic()
        base = loader.load_base()
        world = loader.load_world()

        def progress(done: int, total: int) -> None:
            if verbose and total > loader.BATCH_SIZE:
                elapsed = time.monotonic() - started
                self.stdout.write(f"  项目 {done:,}/{total:,}（{elapsed:.0f} 秒）")

        projects = loader.load_projects(target, progress=progress)
        checks = compliance.load_compliance()
        if verbose:
            self.stdout.write(
                self.style.SUCCESS(
                    f"演示数据已就绪：行政区域 {base.jurisdictions} 个（新建 {base.jurisdictions_created}），"
                    f"组织 {base.organisations} 个（新建 {base.organisations_created}），"
                    f"账户 {base.users} 个（新建 {base.users_created}），"
                    f"规划和计划新建 {world.plans_created} 个，专家新建 {world.experts_created} 位，"
                    f"演示项目 {projects.total:,} 个（新建 {projects.created:,}），"
                    f"新标记逾期事项 {checks.overdue_marked:,} 项，豁免 {checks.waived} 项，"
                    f"用时 {time.monotonic() - started:.1f} 秒；"
                    f"统一密码 {DEMO_PASSWORD}，账户清单见 govit demo --accounts"
                )
            )
