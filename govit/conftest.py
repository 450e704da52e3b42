from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from govit.testing.world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploads go to a temporary MEDIA_ROOT, never to var/media."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    return root
