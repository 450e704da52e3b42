"""Celery: Redis broker in production, eager in development and tests."""

from celery.schedules import crontab

from .base import DEBUG, REDIS_URL, TESTING
from .env import env_bool

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_EAGER", DEBUG or TESTING or not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # The compliance scan, every night at 01:30 Beijing time (after the day has turned).
    "obligations-scan": {
        "task": "govit.obligations.tasks.scan",
        "schedule": crontab(hour=1, minute=30),
    },
    # The notification outbox, every minute (claims rows; never sends one twice).
    "notifications-send-outbox": {
        "task": "govit.notifications.tasks.send_outbox",
        "schedule": 60.0,
    },
}
