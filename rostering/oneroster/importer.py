"""Run a OneRoster import: validate everything, then apply in one transaction (or not at all).

`run_import` is the plain function the command and the background task share. The district
chooses the mode: APPLY_VALID skips the rows with problems (and rows that depend on them);
ALL_OR_NOTHING applies nothing if any problem was found. Either way the whole import is one
transaction, so a crash halfway leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from rostering.models import ImportRun
from rostering.oneroster.apply import apply_plan
from rostering.oneroster.reader import REFUSED, ArchiveTooLarge, Drop, Problem
from rostering.oneroster.signals import enrollments_changed
from rostering.oneroster.validate import validate
from rostering.results import ImportResult, Progress, no_progress

log = logging.getLogger(__name__)


def run_import(
    source: str | Path | bytes, *, mode: str = ImportRun.Mode.ALL_OR_NOTHING, dry_run: bool = False,
    progress: Progress = no_progress, today: dt.date | None = None,
) -> ImportResult:
    """Import one drop. Never raises on bad input: problems and failures are in the result."""
    today = today or timezone.localdate()
    drop = Drop(source)
    try:
        plan = validate(drop, progress=progress)
    except ArchiveTooLarge as exc:
        return ImportResult(problems=[Problem("", 0, "", str(exc))], message=REFUSED)
    finally:
        drop.close()
    result = ImportResult(version=plan.version, problems=plan.problems)
    if plan.fatal:
        result.message = REFUSED if drop.over_limits else "Nothing was imported: the drop could not be read."
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
