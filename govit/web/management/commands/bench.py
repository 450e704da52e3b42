"""``govit bench``: time the dashboards and lists against the current database.

Each page is requested through Django's test ``Client`` (no network, no server), signed in as
a user of the role the page is for — or as ``--as <username>`` for every page — ``--repeat``
times after one untimed warm-up request.  The table gives each page's median time, its number
of SQL queries and the ratio of its median to the home page's median measured in the same run,
which makes runs on different machines comparable.  A page whose URL name does not exist (yet)
is skipped with a note.  The deep keyset page of ``projects:list`` is reached by following its
``after=`` link twenty times.

Signing in writes a session row, nothing else is changed.  Works on SQLite and PostgreSQL.
"""

from __future__ import annotations

import html
import re
import statistics
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from govit.accounts.models import User, UserRole
from govit.accounts.roles import ADMIN_ROLES, Role
from govit.projects.models import Project

DEFAULT_REPEAT = 5
DEEP_PAGES = 20
REFERENCE = "web:home"


@dataclass(frozen=True)
class Target:
    url_name: str
    role: str  # the role of the user who opens it


TARGETS = [
    Target(REFERENCE, Role.BDB_STAFF),
    Target("web:dashboard_bdb", Role.BDB_STAFF),
    Target("web:dashboard_overview", Role.OVERSEER),
    Target("web:dashboard_finance", Role.FINANCE),
    Target("web:dashboard_department", Role.UNIT_STAFF),
    Target("web:dashboard_audit", Role.AUDIT),
    Target("web:history_search", Role.AUDIT),
    Target("projects:list", Role.BDB_STAFF),
    Target("contracts:list", Role.BDB_STAFF),
    Target("funds:batches", Role.FINANCE),
    Target("obligations:list", Role.BDB_STAFF),
    Target("systems:list", Role.BDB_STAFF),
]
NEXT_LINK = re.compile(r'href="([^"]*[?&](?:amp;)?after=[^"]*)"')


@dataclass(frozen=True)
class Result:
    label: str
    user: str
    median_ms: float
    queries: int


def user_of_role(role: str) -> User | None:
    """The first active user holding ``role`` (and no administrator role, which would
    override it), oldest account first: in the demo, the city's."""
    candidates = (
        User.objects.filter(is_active=True, role_assignments__role=role)
        .exclude(pk__in=UserRole.objects.filter(role__in=ADMIN_ROLES).values("user_id"))
        .order_by("pk")
    )
    return candidates.first()


class Command(BaseCommand):
    help = (
        "对当前数据库中的工作台和列表页面计时（中位数、SQL 查询数、与首页之比）"
        " / time the dashboards and list pages against the current database"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="以该用户身份访问全部页面（默认：每个页面选一位相应角色的用户）",
        )
        parser.add_argument(
            "--repeat",
            type=int,
            default=DEFAULT_REPEAT,
            metavar="N",
            help=f"每个页面计时的次数（默认 {DEFAULT_REPEAT}，另加一次不计时的预热）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        repeat = options["repeat"]
        if repeat < 1:
            raise CommandError("--repeat 至少为 1")
        forced = None
        if options["username"]:
            forced = User.objects.filter(username=options["username"]).first()
            if forced is None:
                raise CommandError(f"用户 {options['username']} 不存在")
        self.notes: list[str] = []
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(ALLOWED_HOSTS=hosts):
            results = self._run(forced, repeat)
        self._print(results, repeat)

    # --- measuring ----------------------------------------------------------------------------
    def _user(self, target: Target, forced: User | None) -> User | None:
        if forced is not None:
            return forced
        user = user_of_role(target.role)
        if user is None:
            self.notes.append(f"{target.url_name}：数据库中没有角色为 {target.role} 的用户，已跳过")
        return user

    def _run(self, forced: User | None, repeat: int) -> list[Result]:
        clients: dict[int, Client] = {}
        results: list[Result] = []
        for target in TARGETS:
            try:
                url = reverse(target.url_name)
            except NoReverseMatch:
                self.notes.append(f"{target.url_name}：该页面尚不存在，已跳过")
                continue
            user = self._user(target, forced)
            if user is None:
                continue
            client = clients.get(user.pk)
            if client is None:
                client = clients[user.pk] = Client(raise_request_exception=False)
                client.force_login(user)
            result = self._measure(client, url, target.url_name, user, repeat)
            if result is not None:
                results.append(result)
            if target.url_name == "projects:list" and result is not None:
                deep = self._deep_page(client, url, user, repeat)
                if deep is not None:
                    results.append(deep)
        return results

    def _get(self, client: Client, url: str) -> Any:
        return client.get(url, secure=settings.SECURE_SSL_REDIRECT)

    def _measure(
        self, client: Client, url: str, label: str, user: User, repeat: int
    ) -> Result | None:
        first = self._get(client, url)  # warm-up: templates compiled, caches filled
        if first.status_code != 200:
            self.notes.append(f"{label}（{user.username}）：返回 {first.status_code}，已跳过")
            return None
        timings: list[float] = []
        queries = 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                self._get(client, url)
                timings.append((time.perf_counter() - started) * 1000)
            queries = len(captured.captured_queries)
        return Result(label, user.username, statistics.median(timings), queries)

    def _deep_page(self, client: Client, url: str, user: User, repeat: int) -> Result | None:
        """Follow the list's ``after=`` (keyset) link ``DEEP_PAGES`` times and time that page."""
        current = url
        for step in range(1, DEEP_PAGES + 1):
            found = NEXT_LINK.search(self._get(client, current).content.decode())
            if found is None:
                self.notes.append(
                    f"projects:list：第 {step} 页没有 after= 翻页链接，未测深页"
                    "（列表不用键集分页或数据不足）"
                )
                return None
            link = html.unescape(found.group(1))
            current = link if link.startswith("/") else f"{url}{link}"
        return self._measure(
            client, current, f"projects:list (page {DEEP_PAGES + 1})", user, repeat
        )

    # --- the table ----------------------------------------------------------------------------
    def _print(self, results: list[Result], repeat: int) -> None:
        reference = next((r for r in results if r.label == REFERENCE), None)
        self.stdout.write(
            f"数据库 {connection.vendor}，项目 {Project.objects.count():,} 个；"
            f"每页计时 {repeat} 次（另加一次预热）"
        )
        header = f"{'page':<34} {'user':<16} {'median ms':>10} {'queries':>8} {'× home':>7}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for result in results:
            ratio = (
                f"{result.median_ms / reference.median_ms:.1f}"
                if reference and reference.median_ms
                else "—"
            )
            self.stdout.write(
                f"{result.label:<34} {result.user:<16} {result.median_ms:>10.1f} "
                f"{result.queries:>8} {ratio:>7}"
            )
        for note in self.notes:
            self.stdout.write(f"注：{note}")
