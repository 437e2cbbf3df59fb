"""A real Celery worker against a real Redis: a reminder is delivered exactly once, even
when its tasks run twice. Runs where REDIS_URL is set (CI sets it)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from iep_portal.celery import app
from notifications.models import Digest, Notification
from tests import factories as f

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis server (REDIS_URL)"),
]
ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(tmp_path: Path):  # noqa: ANN201
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "iep_portal", "worker", "--pool", "solo",
         "--loglevel", "WARNING", "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env,
    )
    try:
        yield tmp_path / "mail"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _wait_for(check, timeout: float = 40.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError("timed out waiting for the worker")


def test_a_reminder_is_delivered_exactly_once_when_its_tasks_run_twice(
    transactional_db: None, worker: Path
) -> None:
    school = f.SchoolFactory()
    f.CalendarFactory(school=school)
    iep = f.IEPFactory(student=f.StudentFactory(school=school),
                       annual_review_due=dt.date.today() - dt.timedelta(days=3))  # noqa: DTZ011
    app.conf.broker_url = os.environ["REDIS_URL"]

    app.send_task("iep_portal.run_sweeps")
    app.send_task("iep_portal.run_sweeps")
    _wait_for(lambda: Notification.objects.filter(user=iep.case_manager).exists())
    time.sleep(1.0)  # let the second sweep finish too
    assert Notification.objects.filter(user=iep.case_manager, kind="deadline").count() == 1

    app.send_task("iep_portal.send_urgent")
    app.send_task("iep_portal.send_urgent")
    _wait_for(lambda: worker.exists() and any(worker.iterdir()))
    time.sleep(1.5)
    assert len(list(worker.iterdir())) == 1
    assert Digest.objects.filter(user=iep.case_manager).count() == 1
    assert Notification.objects.get(user=iep.case_manager, kind="deadline").emailed_at is not None
