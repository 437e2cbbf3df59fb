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

from rostering.calendars import calendar_proposals
from rostering.models import ImportRun
from rostering.oneroster.apply import apply_plan
from rostering.oneroster.reader import REFUSED, ArchiveTooLarge, Drop, Problem
from rostering.oneroster.signals import enrollments_changed
from rostering.oneroster.validate import Plan, validate
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
    result = ImportResult(version=plan.version, problems=plan.problems,
                          skipped=plan.consequences, warnings=plan.warnings)
    if plan.fatal:
        result.message = REFUSED if drop.over_limits else "Nothing was imported: the drop could not be read."
        return result
    result.summary = {fd.filename: {"rows": fd.rows, "added": 0, "updated": 0, "ended": 0,
                                    "unchanged": 0, "errors": fd.errors,
                                    "skipped": len(fd.skipped), "unread": int(fd.unread)}
                      for fd in plan.files.values() if fd.mode != "absent"}
    if plan.problems and mode == ImportRun.Mode.ALL_OR_NOTHING:
        result.message = (f"Nothing was applied: {_problems(plan)} found. Fix them, or choose "
                          "to apply the valid rows.")
        return result
    progress("Applying changes", 0, 0)
    try:
        with transaction.atomic():
            applied = apply_plan(plan, today=today, progress=progress)
            changes = applied.changes
            proposals = calendar_proposals()
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
    result.summary = applied.summary
    if proposals:
        result.warnings.append(Problem("academicSessions.csv", 0, "", (
            f"{len(proposals)} school year(s) could become school calendars "
            f"({', '.join(p.title or p.session for p in proposals)}). A calendar decides which "
            "days count toward expected minutes, so none was created: a district administrator "
            "checks the dates and confirms them on the school calendars page.")))
    result.applied = bool(applied.written) and not dry_run
    result.message = _message(plan, applied.written, dry_run=dry_run)
    return result


def _problems(plan: Plan) -> str:
    rows = sum(1 for p in plan.problems if p.line > 1)
    files = [p.file for p in plan.problems if p.line <= 1]
    parts = []
    if files:
        parts.append(f"{len(files)} file problem(s) ({', '.join(sorted(set(files)))})")
    if rows:
        parts.append(f"{rows} row problem(s)")
    return " and ".join(parts) or f"{len(plan.problems)} problem(s)"


def _message(plan: Plan, written: int, *, dry_run: bool) -> str:
    """What happened, in one honest sentence or two: "applied" only when rows were written."""
    skipped = ""
    if plan.problems:
        consequences = f", {len(plan.consequences)} row(s) skipped because of them" if (
            plan.consequences) else ""
        skipped = f" {_problems(plan)} were left out{consequences}."
    if dry_run:
        would = f"it would write {written} change(s)" if written else "it would change nothing"
        return f"Dry run: nothing was saved; {would}." + skipped
    if written:
        return f"Import applied: {written} change(s) written." + skipped
    if plan.problems:
        return "Nothing was applied: no row that passed changes anything." + skipped
    return "Nothing to apply: the drop matches what is already imported."
