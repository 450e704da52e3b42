"""``govit workdays add DATE N`` and ``govit workdays between A B``."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def workdays(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out, no_color=True)
    return out.getvalue()


def test_add_prints_the_due_date_with_its_weekday() -> None:
    assert (
        workdays("add", "2026-09-30", "5") == "2026-09-30 之后第 5 个工作日：2026-10-13（星期二）\n"
    )


def test_add_into_2027_says_it_is_provisional() -> None:
    lines = workdays("add", "2026-12-30", "5").splitlines()
    assert lines[0] == "2026-12-30 之后第 5 个工作日：2027-01-06（星期三）"
    assert lines[1].startswith("暂定：2027 年节假日安排尚未录入，按周末推算 / provisional:")


def test_between_prints_the_count() -> None:
    assert workdays("between", "2026-09-30", "2026-10-13").splitlines() == [
        "2026-09-30 至 2026-10-13 之间的工作日（起日不计、止日计入）：5"
    ]


def test_between_into_2027_says_it_is_provisional() -> None:
    assert "暂定：2027 年" in workdays("between", "2026-12-01", "2027-02-01")


@pytest.mark.parametrize(
    "args",
    [
        ("add", "2026/09/30", "5"),
        ("add", "2026-02-30", "5"),
        ("add", "2026-09-30", "five"),
        ("add", "2026-09-30", "-1"),
        ("add", "2026-09-30", "5.5"),
        ("between", "yesterday", "2026-10-13"),
        ("sideways", "2026-09-30"),
    ],
)
def test_bad_arguments_are_usage_errors_in_process(args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError, match="Error"):
        workdays(*args)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own entry point, fixed arguments
        [sys.executable, "-m", "govit", "workdays", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
        check=False,
    )


def test_a_bad_date_exits_with_usage_error_code_2() -> None:
    result = _run("add", "2026-13-01", "5")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


def test_a_non_integer_n_exits_with_usage_error_code_2() -> None:
    result = _run("add", "2026-09-30", "abc")
    assert result.returncode == 2
    assert "整数" in result.stderr
