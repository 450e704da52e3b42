"""Celery: Redis broker in production, eager in development and tests."""

from .base import DEBUG, REDIS_URL, TESTING
from .env import env_bool

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_EAGER", DEBUG or TESTING or not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {}
