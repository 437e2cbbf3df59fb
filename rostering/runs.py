"""A background import run: claimed once, run, and its result kept on the ImportRun row.

A run always ends in a state that says what happened. An error inside the run marks it failed
with the error. A run whose process died (out of memory, or killed at the task's time limit)
cannot say so itself: `fail_stalled_runs` marks any run still "running" past the time limit
as failed, and the import pages call it before they show a run.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models import Q, QuerySet
from django.utils import timezone

from rostering.iep_import import run_iep_import
from rostering.models import ImportRun
from rostering.oneroster.importer import run_import
from rostering.results import Progress, save_result

log = logging.getLogger(__name__)

# The background task's hard time limit (rostering.tasks); its soft limit comes a little before.
IMPORT_TIME_LIMIT = 1900
# Past the hard limit and a margin, no worker is running the import any more.
STALLED_AFTER = dt.timedelta(seconds=IMPORT_TIME_LIMIT + 300)
STALLED_MESSAGE = (
    "The import stopped before it could finish: the process running it ended (it ran out of "
    "memory or past its time limit) and could not report. An import saves its changes in one "
    "step, so it is safe to check the file and start it again."
)


def progress_for(run_id: int) -> Progress:
    """A progress callback that writes to the ImportRun row (visible once outside a transaction)."""

    def report(phase: str, done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(
            phase=phase[:200], rows_done=min(done, total) if total else 0, rows_total=total)

    return report


def _fail(runs: QuerySet[ImportRun], message: str, now: dt.datetime) -> int:
    """Compare-and-set: only rows still running change, so a run that finished meanwhile
    keeps its own result."""
    return runs.filter(status=ImportRun.Status.RUNNING).update(
        status=ImportRun.Status.FAILED, finished_at=now, phase="Stopped", message=message,
        rows_done=0, rows_total=0, upload=None)


def fail_stalled_runs(now: dt.datetime | None = None) -> int:
    """Mark runs still "running" longer than any worker may run one as failed; how many.
    Queries: 1."""
    now = now or timezone.now()
    cutoff = now - STALLED_AFTER
    stalled = ImportRun.objects.filter(
        Q(started_at__lt=cutoff) | Q(started_at__isnull=True, created_at__lt=cutoff))
    return _fail(stalled, STALLED_MESSAGE, now)


def import_run_execute(run_id: int) -> None:
    """The background task's body: run the ImportRun with this id, once."""
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING, started_at=timezone.now(), phase="Starting")
    if not claimed:
        return  # already run (a redelivered task) or gone
    try:
        run = ImportRun.objects.get(pk=run_id)
        source = bytes(run.upload or b"")
        if run.kind == ImportRun.Kind.IEP:
            result = run_iep_import(source, mode=run.mode, dry_run=run.dry_run,
                                    progress=progress_for(run_id), user=run.started_by)
        else:
            result = run_import(source, mode=run.mode, dry_run=run.dry_run,
                                progress=progress_for(run_id))
        save_result(run, result)
    except Exception as exc:  # the time limit, memory, a bug: the run says what stopped it
        log.exception("Import run %s stopped", run_id)
        run_failed(run_id, exc)


def run_failed(run_id: int, exc: BaseException) -> None:
    """Mark a running import failed with what stopped it (the task and the commands)."""
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    _fail(ImportRun.objects.filter(pk=run_id), (
        f"The import stopped on an unexpected error ({what}) and could not finish. An import "
        "saves its changes in one step, so it is safe to start it again."), timezone.now())
