"""Background roster and IEP-data imports (discovered by the Celery app)."""

from __future__ import annotations

from celery import shared_task

from rostering.runs import IMPORT_TIME_LIMIT, import_run_execute

# The name it was first registered under, so work queued before an upgrade still runs.
IMPORT_TASK = "students.roster_tasks.import_run"


@shared_task(name=IMPORT_TASK, acks_late=True, soft_time_limit=IMPORT_TIME_LIMIT - 100,
             time_limit=IMPORT_TIME_LIMIT)
def import_run(run_id: int) -> None:
    import_run_execute(run_id)
