"""``python -m govit.core.pgtest``: run against PostgreSQL, skip locally, fail in CI."""

from __future__ import annotations

import sys

import pytest

from govit.core import pgtest

# A child that exits 0 only if it was given the PostgreSQL URL as DATABASE_URL.
CHECK_URL = [
    sys.executable,
    "-c",
    "import os, sys; sys.exit(0 if os.environ['DATABASE_URL'] == sys.argv[1] else 3)",
]


def up(url: str) -> str | None:
    return None


def down(url: str) -> str | None:
    return "connection refused"


def test_the_default_url_is_the_local_postgres_role() -> None:
    assert pgtest.postgres_url({}) == "postgres://postgres@127.0.0.1:5432/postgres"
    assert pgtest.postgres_url({"GOVIT_TEST_POSTGRES_URL": "postgres://x@db/y"}) == (
        "postgres://x@db/y"
    )


def test_a_reachable_server_runs_the_command_with_its_url() -> None:
    url = "postgres://govit@db.example:6543/govit"
    environ = {"GOVIT_TEST_POSTGRES_URL": url}
    assert pgtest.main([*CHECK_URL, url], environ, check=up) == 0
    assert pgtest.main([*CHECK_URL, "something else"], environ, check=up) == 3


def test_an_unreachable_server_is_skipped_on_a_developer_machine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert pgtest.main(["false"], {}, check=down) == 0
    out = capsys.readouterr().out
    assert "PostgreSQL 不可达（127.0.0.1:5432），跳过 PostgreSQL 测试；CI 中此项为必需" in out
    assert "PostgreSQL unreachable, skipping the PostgreSQL run (required in CI)" in out
    assert "connection refused" in out


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_an_unreachable_server_fails_in_ci(ci: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert pgtest.main(["true"], {"CI": ci}, check=down) == 1
    assert "PostgreSQL 不可达" in capsys.readouterr().err


def test_ci_false_counts_as_a_developer_machine() -> None:
    assert pgtest.main(["false"], {"CI": "false"}, check=down) == 0


def test_the_message_names_the_address_but_never_the_password() -> None:
    message = pgtest.unreachable_message("postgres://govit:s3cret@db.example:6543/govit")
    assert "db.example:6543" in message
    assert "s3cret" not in message


def test_no_command_is_a_usage_error() -> None:
    assert pgtest.main([], {}, check=up) == 2


def test_the_real_check_explains_a_closed_port() -> None:
    # Port 1 on loopback refuses at once: no server, no 2-second wait.
    problem = pgtest.connection_problem("postgres://postgres@127.0.0.1:1/postgres")
    assert problem is not None
    assert "refused" in problem.lower()
