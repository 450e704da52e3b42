"""Celery application (production runs ``celery -A govit worker --beat``)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govit.settings")
app = Celery("govit")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
