"""Settings: one package, read from the environment (see ``env.py`` and README)."""

import django_stubs_ext

django_stubs_ext.monkeypatch()  # lets admin/DRF generics be subscripted for mypy

from .api import *  # noqa: F403
from .base import *  # noqa: F403
from .security import *  # noqa: F403
from .tasks import *  # noqa: F403
from .uploads import *  # noqa: F403
