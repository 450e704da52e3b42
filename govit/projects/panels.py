"""Sections that stage apps add to the project page.

Each entry names a function ``project_panel(project, user) -> dict | None`` (None: nothing
for this user) and its template.  Named by path, so that the dependency points from the stage
apps to projects, never back; the order here is the order on the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.module_loading import import_string

PANELS: list[tuple[str, str]] = [
    # (function path, template)
    ("govit.obligations.panels.project_panel", "obligations/partials/project_panel.html"),
    ("govit.applications.panels.project_panel", "applications/partials/project_panel.html"),
    ("govit.reviews.panels.project_panel", "reviews/partials/project_panel.html"),
    ("govit.funds.panels.project_panel", "funds/partials/project_panel.html"),
    ("govit.evaluation.panels.project_panel", "evaluation/partials/project_panel.html"),
    ("govit.acceptance.panels.project_panel", "acceptance/partials/project_panel.html"),
    ("govit.contracts.panels.project_panel", "contracts/partials/project_panel.html"),
    ("govit.construction.panels.project_panel", "construction/partials/project_panel.html"),
    ("govit.systems.panels.project_panel", "systems/partials/project_panel.html"),
    ("govit.officialdocs.panels.project_panel", "officialdocs/partials/project_panel.html"),
]


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]


@cache
def _function(path: str) -> Any:
    return import_string(path)


def panels_for(project: Any, user: Any) -> list[Panel]:
    result = []
    for path, template in PANELS:
        context = _function(path)(project, user)
        if context is not None:
            result.append(Panel(template, context))
    return result
