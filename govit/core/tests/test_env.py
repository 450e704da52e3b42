"""Configuration readers fail loudly, naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from govit.settings.env import EnvError, env_bool, env_int, env_list, env_str, parse_database_url

BASE = Path("/srv/govit")


def test_bool_accepts_the_usual_spellings() -> None:
    assert env_bool("X", False, environ={"X": "yes"}) is True
    assert env_bool("X", True, environ={"X": "0"}) is False
    assert env_bool("X", True, environ={}) is True


def test_a_bad_bool_names_the_variable() -> None:
    with pytest.raises(EnvError, match="DEBUG"):
        env_bool("DEBUG", False, environ={"DEBUG": "maybe"})


def test_int_range_and_format() -> None:
    assert env_int("N", 3, environ={"N": "7"}) == 7
    with pytest.raises(EnvError, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 25, environ={"EMAIL_PORT": "twenty"})
    with pytest.raises(EnvError, match="at least 60"):
        env_int("S", 60, minimum=60, environ={"S": "5"})


def test_required_string_and_file_secret(tmp_path: Path) -> None:
    with pytest.raises(EnvError, match="SECRET_KEY"):
        env_str("SECRET_KEY", environ={})
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n")
    assert env_str("SECRET_KEY", environ={"SECRET_KEY_FILE": str(secret)}) == "from-a-file"
    with pytest.raises(EnvError, match="SECRET_KEY_FILE"):
        env_str("SECRET_KEY", environ={"SECRET_KEY_FILE": str(tmp_path / "missing")})


def test_list() -> None:
    assert env_list("H", [], environ={"H": "a.gov.cn, b.gov.cn,"}) == ["a.gov.cn", "b.gov.cn"]


def test_database_urls() -> None:
    sqlite = parse_database_url("DATABASE_URL", "sqlite:///var/x.sqlite3", base_dir=BASE)
    assert sqlite.vendor == "sqlite" and sqlite.name == "/srv/govit/var/x.sqlite3"
    absolute = parse_database_url("DATABASE_URL", "sqlite:////data/x.sqlite3", base_dir=BASE)
    assert absolute.name == "/data/x.sqlite3"
    pg = parse_database_url(
        "DATABASE_URL", "postgres://gov:p%40ss@db.local:5433/govit?sslmode=require", base_dir=BASE
    )
    assert (pg.vendor, pg.user, pg.password, pg.host, pg.port, pg.name) == (
        "postgresql",
        "gov",
        "p@ss",
        "db.local",
        "5433",
        "govit",
    )
    assert dict(pg.options) == {"sslmode": "require"}


@pytest.mark.parametrize(
    "url", ["mysql://x/y", "postgres://host/", "sqlite://", "postgres://h:port/db"]
)
def test_bad_database_urls_name_the_variable(url: str) -> None:
    with pytest.raises(EnvError, match="DATABASE_URL"):
        parse_database_url("DATABASE_URL", url, base_dir=BASE)


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"GOVIT_TESTING", "SECRET_KEY", "DEBUG"}
    }
    return subprocess.run(
        [sys.executable, "-m", "govit", "check"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_start_up_without_secret_key_fails_naming_it() -> None:
    result = _start({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_an_invalid_value_stops_start_up_naming_the_variable() -> None:
    result = _start({"DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr and "perhaps" in result.stderr
