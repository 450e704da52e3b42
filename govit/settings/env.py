"""Typed readers for configuration from the environment.

Every setting is read exactly once, here or in a settings module, through one of these
readers.  A value that cannot be understood stops start-up with an error that names the
variable, so that a mistyped deployment fails loudly instead of running with a default.

A variable ``NAME_FILE`` may hold the path of a file whose content is the value of ``NAME``
(the convention of container secrets), so that secrets need not sit in the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvError(ImproperlyConfigured):
    """A configuration variable is missing or malformed."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        super().__init__(
            f"环境变量 {name} 无效：{problem} / environment variable {name}: {problem}"
        )


def _raw(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    environ = os.environ if environ is None else environ
    file_path = environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise EnvError(f"{name}_FILE", f"cannot read {file_path!r} ({exc.strerror})") from exc
    return environ.get(name)


def env_str(
    name: str, default: str | None = None, *, environ: Mapping[str, str] | None = None
) -> str:
    value = _raw(name, environ)
    if value is None or value == "":
        if default is None:
            raise EnvError(name, "required but not set")
        return default
    return value


def env_optional(name: str, *, environ: Mapping[str, str] | None = None) -> str | None:
    value = _raw(name, environ)
    return value or None


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise EnvError(name, f"expected true/false, got {value!r}")


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    value = _raw(name, environ)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise EnvError(name, f"expected an integer, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise EnvError(name, f"must be at least {minimum}, got {number}")
    return number


def env_list(
    name: str, default: list[str], *, environ: Mapping[str, str] | None = None
) -> list[str]:
    value = _raw(name, environ)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


@dataclass(frozen=True)
class DatabaseConfig:
    engine: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""
    options: tuple[tuple[str, str], ...] = ()

    @property
    def vendor(self) -> str:
        return "postgresql" if self.engine.endswith("postgresql") else "sqlite"


def parse_database_url(name: str, url: str, *, base_dir: Path) -> DatabaseConfig:
    """Understand ``sqlite:///relative/or/absolute.db`` and ``postgres://user:pw@host:port/db``."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        raw_path = unquote(parts.path)
        if not raw_path or raw_path == "/":
            raise EnvError(name, "sqlite URL needs a file path, e.g. sqlite:///var/govit.sqlite3")
        # sqlite:///var/x.db is relative to the project; sqlite:////abs/x.db is absolute.
        path = Path(raw_path[1:]) if raw_path.startswith("/") else Path(raw_path)
        if not path.is_absolute():
            path = base_dir / path
        return DatabaseConfig(engine="django.db.backends.sqlite3", name=str(path))
    if scheme in {"postgres", "postgresql", "pgsql"}:
        db_name = unquote(parts.path.lstrip("/"))
        if not db_name:
            raise EnvError(name, "PostgreSQL URL needs a database name, e.g. postgres://host/govit")
        try:
            port = str(parts.port or "")
        except ValueError:
            raise EnvError(name, "port is not a number") from None
        options = tuple((key, values[-1]) for key, values in parse_qs(parts.query).items())
        return DatabaseConfig(
            engine="django.db.backends.postgresql",
            name=db_name,
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            host=parts.hostname or "",
            port=port,
            options=options,
        )
    raise EnvError(name, f"unsupported scheme {scheme!r}; use sqlite:/// or postgres://")
