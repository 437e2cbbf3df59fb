"""Time the background work at district scale: one reminder sweep over the whole district
(with its query count), the fidelity rollup refresh and one student's evidence packet when
those exist. Prints one JSON object. Run with DJANGO_SETTINGS_MODULE=bench.settings.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import django


def measured(fn: Callable[[], Any]) -> dict[str, Any]:
    from django.db import connection, transaction

    count = 0

    def counter(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(counter), transaction.atomic():
        result = fn()
        transaction.set_rollback(True)  # measure the work, leave the district as seeded
    return {"seconds": round(time.perf_counter() - started, 3), "queries": count, "result": result}


def main() -> None:
    django.setup()
    from django.utils import timezone

    from notifications.sweeps import run_all

    today = timezone.localdate()
    out: dict[str, Any] = {}
    from notifications.models import Notification

    def sweeps(took: dict[str, float]) -> dict[str, int]:
        runs = run_all(today)
        for run in runs:
            if run.finished_at:
                took[run.name] = round((run.finished_at - run.started_at).total_seconds(), 2)
        return {run.name: run.created for run in runs}

    def fresh(took: dict[str, float]) -> dict[str, int]:
        Notification.objects.all().delete()  # as on a first run (rolled back afterwards)
        return sweeps(took)

    for name, run in (("reminder_sweep_first", fresh), ("reminder_sweep_repeat", sweeps)):
        took: dict[str, float] = {}
        out[name] = measured(lambda run=run, took=took: run(took))
        out[name]["per_sweep_seconds"] = dict(sorted(took.items(), key=lambda kv: -kv[1]))
    from fidelity.evidence import build_packet, zip_packet
    from fidelity.figures import cached_fidelity, period_for
    from fidelity.refresh import refresh_snapshots
    from students.models import Student

    out["fidelity_district_compute"] = measured(lambda: cached_fidelity(
        Student.objects.all(), None, period_for("year", today), today, refresh=True) and None)
    out["fidelity_refresh"] = measured(lambda: refresh_snapshots(today))
    student = Student.objects.filter(ieps__status="active").order_by("pk").first()
    year = period_for("year", today)
    out["evidence_packet"] = measured(
        lambda: len(zip_packet(build_packet(student, year.start, today, today))))
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
