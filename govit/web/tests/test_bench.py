"""``govit bench`` times every dashboard against the current database."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from govit.testing.world import World


def bench(*args: str) -> str:
    out = io.StringIO()
    call_command("bench", *args, stdout=out)
    return out.getvalue()


def test_bench_lists_every_dashboard_with_its_time_and_queries(world: World) -> None:
    output = bench("--repeat", "1")
    lines = output.splitlines()
    rows = {
        line.split()[0]: line.split() for line in lines if line.startswith(("web:", "projects:"))
    }
    for name in (
        "web:home",
        "web:dashboard_bdb",
        "web:dashboard_overview",
        "web:dashboard_finance",
        "web:dashboard_department",
        "web:dashboard_audit",
        "web:history_search",
    ):
        assert name in rows, f"{name} missing from:\n{output}"
        float(rows[name][2])  # median ms
        assert int(rows[name][3]) > 0  # queries
    assert rows["web:home"][4] == "1.0"  # the reference
    assert rows["web:dashboard_finance"][1] == "finance"  # a user of the page's role
    assert rows["web:dashboard_department"][1] == "police_staff"
    assert "数据库" in lines[0]


def test_bench_as_one_user_notes_the_pages_it_may_not_open(world: World) -> None:
    output = bench("--as", "police_staff", "--repeat", "1")
    assert "web:dashboard_department" in output
    assert "web:dashboard_finance（police_staff）：返回 403，已跳过" in output


def test_bench_refuses_an_unknown_user(world: World) -> None:
    with pytest.raises(CommandError, match="不存在"):
        bench("--as", "nobody")
