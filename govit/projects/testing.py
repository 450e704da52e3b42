"""Test helpers for projects (imported by tests only)."""

from __future__ import annotations

from typing import Any

from .models import Project


def put_in_state(project: Project, state: str, **fields: Any) -> Project:
    """Set the state (and ``fields``) directly, for a test whose subject is a later step: the
    steps that reach the state belong to other apps and have tests of their own."""
    Project.objects.filter(pk=project.pk).update(state=state, **fields)
    return Project.objects.with_owner().get(pk=project.pk)
