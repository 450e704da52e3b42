"""Every URL pattern of the project has an access test (allowed and refused persona)."""

from __future__ import annotations

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import govit

# Reached without signing in (the explicit allowlist); tested in accounts/tests/test_login.py.
ANONYMOUS = {"accounts:login", "accounts:logout", "accounts:language", "healthz"}
# Served by drf-spectacular (IsAuthenticated); tested in projects/tests/test_api.py.
LIBRARY = {"schema", "swagger-ui"}


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            if pattern.namespace == "admin":
                continue  # Django admin: staff_member_required; tested in accounts/tests
            names |= _names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def _covered() -> set[str]:
    covered: set[str] = set()
    for module in pkgutil.walk_packages(govit.__path__, "govit."):
        if module.name.endswith(".tests.test_access"):
            cases = getattr(importlib.import_module(module.name), "ACCESS_CASES", [])
            covered |= {case.url_name for case in cases}
    return covered


def test_every_url_has_an_access_case() -> None:
    all_names = _names(get_resolver()) - ANONYMOUS - LIBRARY
    missing = sorted(all_names - _covered())
    assert not missing, f"URL patterns without an allowed/refused access test: {missing}"


def test_the_coverage_check_sees_the_project_urls() -> None:
    # Guard against a check that cannot fail: it must find real names on both sides.
    assert "projects:detail" in _names(get_resolver())
    assert "projects:detail" in _covered()
