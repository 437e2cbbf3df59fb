"""Benchmark district: access-log history and the reminders a sweep finds today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from iep_portal.models import AccessLog
from notifications.sweeps import run_all
from students.district_seed import District, copy_rows


def generate(d: District) -> None:
    rng = d.rng
    now = timezone.now()

    def rows() -> Iterator[tuple[dt.datetime, int, int, str, str, str]]:
        for _, student_id, case_manager_id, _, _ in d.ieps:
            viewers = [case_manager_id] + [u for u, _ in d.team.get(_iep_of(d, student_id), [])]
            for _ in range(rng.randint(5, 30)):
                at = now - dt.timedelta(minutes=rng.randint(1, 60 * 24 * 90))
                yield (at, rng.choice(viewers), student_id, "view", f"/students/{student_id}/", "10.0.0.1")

    n = copy_rows(AccessLog, ["at", "user_id", "student_id", "action", "path", "ip_address"], rows())
    d.count("access log rows", n)
    d.progress(f"{n} access log rows")
    created = sum(run.created for run in run_all(d.today))
    d.count("notifications", created)
    d.progress(f"{created} notifications from today's sweeps")


def _iep_of(d: District, student_id: int) -> int:
    if not hasattr(d, "_iep_by_student"):
        d._iep_by_student = {sid: iep for iep, sid, _, _, _ in d.ieps}  # type: ignore[attr-defined]
    by_student: dict[int, int] = d._iep_by_student  # type: ignore[attr-defined]
    return by_student[student_id]
