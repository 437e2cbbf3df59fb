"""A background import run: claimed once, run, and its result kept on the ImportRun row."""

from __future__ import annotations

from django.utils import timezone

from rostering.iep_import import run_iep_import
from rostering.models import ImportRun
from rostering.oneroster.importer import run_import
from rostering.results import Progress, save_result


def progress_for(run_id: int) -> Progress:
    """A progress callback that writes to the ImportRun row (visible once outside a transaction)."""

    def report(phase: str, done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(
            phase=phase[:200], rows_done=min(done, total) if total else 0, rows_total=total)

    return report


def import_run_execute(run_id: int) -> None:
    """The background task's body: run the ImportRun with this id, once."""
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING, started_at=timezone.now(), phase="Starting")
    if not claimed:
        return  # already run (a redelivered task) or gone
    run = ImportRun.objects.get(pk=run_id)
    source = bytes(run.upload or b"")
    if run.kind == ImportRun.Kind.IEP:
        result = run_iep_import(source, mode=run.mode, dry_run=run.dry_run,
                                progress=progress_for(run_id), user=run.started_by)
    else:
        result = run_import(source, mode=run.mode, dry_run=run.dry_run, progress=progress_for(run_id))
    save_result(run, result)
