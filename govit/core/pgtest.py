"""Run a command against PostgreSQL when one is reachable: ``python -m govit.core.pgtest CMD...``.

``make test-postgres`` runs the suite through this.  On a developer's machine without
PostgreSQL the run is skipped with a message (exit 0); in CI (``CI`` set) PostgreSQL is
required and its absence fails the build (exit 1).  pytest-django creates ``test_<name>``
(and one database per xdist worker) from the URL, so its role needs CREATEDB.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from urllib.parse import urlsplit

import psycopg

URL_VARIABLE = "GOVIT_TEST_POSTGRES_URL"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"
CONNECT_TIMEOUT_SECONDS = 2


def postgres_url(environ: Mapping[str, str]) -> str:
    return environ.get(URL_VARIABLE) or DEFAULT_URL


def address(url: str) -> str:
    """``host:port`` of the URL, for messages (never the password)."""
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or 5432}"


def connection_problem(url: str) -> str | None:
    """Why the server at ``url`` cannot be used, or None when it answers."""
    try:
        with psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_SECONDS) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        return str(error).strip() or type(error).__name__
    return None


def in_ci(environ: Mapping[str, str]) -> bool:
    return environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def unreachable_message(url: str) -> str:
    where = address(url)
    return (
        f"PostgreSQL 不可达（{where}），跳过 PostgreSQL 测试；CI 中此项为必需"
        " / PostgreSQL unreachable, skipping the PostgreSQL run (required in CI)"
    )


def main(
    argv: Sequence[str],
    environ: Mapping[str, str] | None = None,
    *,
    check: Callable[[str], str | None] = connection_problem,
) -> int:
    environ = os.environ if environ is None else environ
    if not argv:
        print("usage: python -m govit.core.pgtest CMD [ARG...]", file=sys.stderr)
        return 2
    url = postgres_url(environ)
    problem = check(url)
    if problem is not None:
        if in_ci(environ):
            print(f"错误 / ERROR: {unreachable_message(url)}\n  {problem}", file=sys.stderr)
            return 1
        print(f"{unreachable_message(url)}\n  {problem}")
        return 0
    # S603: running the developer's own command line is this tool's purpose (no shell involved).
    child = subprocess.run(list(argv), env={**environ, "DATABASE_URL": url}, check=False)  # noqa: S603
    return child.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
