"""GovIT — 政务信息化项目综合管理平台."""

# Loaded with Django so that ``shared_task``s bind to the project's Celery app (and its eager
# setting in development and tests), not to Celery's default app.
from .celery import app as celery_app

__all__ = ["celery_app"]
