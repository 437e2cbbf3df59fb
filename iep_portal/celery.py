"""The Celery app. Tasks live in each app's tasks.py; the beat schedule is in beat.py."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iep_portal.settings")

app = Celery("iep_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
