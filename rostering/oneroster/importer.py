"""Run a OneRoster import: validate everything, then apply in one transaction (or not at all).

`run_import` is the plain function the command and the background task share. The district
chooses the mode: APPLY_VALID skips the rows with problems (and rows that depend on them);
ALL_OR_NOTHING applies nothing if any problem was found. Either way the whole import is one
transaction, so a crash halfway leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from rostering.models import ImportRun
from rostering.oneroster.apply import apply_plan
from rostering.oneroster.reader import Drop, Problem
from rostering.oneroster.signals import enrollments_changed
from rostering.oneroster.validate import validate

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]


def _no_progress(phase: str, done: int, total: int) -> None:
    return None


@dataclass
class ImportResult:
    version: str = ""
    problems: list[Problem] = field(default_factory=list)
    summary: dict[str, dict[str, int]] = field(default_factory=dict)
    applied: bool = False
    failed: bool = False
    message: str = ""


def run_import(
    source: str | Path | bytes, *, mode: str = ImportRun.Mode.ALL_OR_NOTHING, dry_run: bool = False,
    progress: Progress = _no_progress, today: dt.date | None = None,
) -> ImportResult:
    """Import one drop. Never raises on bad input: problems and failures are in the result."""
    today = today or timezone.localdate()
    drop = Drop(source)
    try:
        plan = validate(drop, progress=progress)
    finally:
        drop.close()
    result = ImportResult(version=plan.version, problems=plan.problems)
    if plan.fatal:
        result.message = "Nothing was imported: the drop could not be read."
        return result
    result.summary = {fd.filename: {"rows": fd.rows, "added": 0, "updated": 0, "ended": 0,
                                    "unchanged": 0, "errors": fd.errors}
                      for fd in plan.files.values() if fd.mode != "absent"}
    if plan.problems and mode == ImportRun.Mode.ALL_OR_NOTHING:
        result.message = (f"Nothing was applied: {len(plan.problems)} problem(s) found. Fix them, "
                          "or choose to apply the valid rows.")
        return result
    progress("Applying changes", 0, 0)
    try:
        with transaction.atomic():
            summary, changes = apply_plan(plan, today=today, progress=progress)
            if dry_run:
                transaction.set_rollback(True)
            elif changes.enrollment_sections:
                transaction.on_commit(lambda: enrollments_changed.send(
                    sender=ImportRun, section_ids=changes.enrollment_sections,
                    student_ids=changes.enrollment_students))
    except Exception as exc:
        # Anything unexpected rolls the whole import back; the run records why.
        log.exception("OneRoster import failed")
        result.failed = True
        result.message = f"The import stopped on an unexpected error and nothing was saved ({exc})."
        return result
    result.summary = summary
    result.applied = not dry_run
    skipped = f" {len(plan.problems)} row problem(s) were skipped." if plan.problems else ""
    result.message = ("Dry run: nothing was saved." if dry_run else "Import applied.") + skipped
    return result


def save_result(run: ImportRun, result: ImportResult) -> None:
    """Store a result on its ImportRun row (problems capped at ImportRun.MAX_PROBLEMS)."""
    run.version = result.version
    run.summary = result.summary
    run.problems = [p.as_dict() for p in result.problems[: ImportRun.MAX_PROBLEMS]]
    run.problem_count = len(result.problems)
    run.applied = result.applied
    run.message = result.message
    run.status = ImportRun.Status.FAILED if result.failed else ImportRun.Status.DONE
    run.finished_at = timezone.now()
    run.phase = "Finished"
    run.rows_done = run.rows_total = 0
    run.upload = None
    run.save()


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
        from rostering.iep_import import run_iep_import

        result = run_iep_import(source, mode=run.mode, dry_run=run.dry_run,
                                progress=progress_for(run_id), user=run.started_by)
    else:
        result = run_import(source, mode=run.mode, dry_run=run.dry_run, progress=progress_for(run_id))
    save_result(run, result)
