"""What an import (OneRoster or IEP data) reports, and how it is kept on its ImportRun row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from rostering.models import ImportRun
from rostering.oneroster.reader import Problem

Progress = Callable[[str, int, int], None]


def no_progress(phase: str, done: int, total: int) -> None:
    return None


@dataclass
class ImportResult:
    version: str = ""
    problems: list[Problem] = field(default_factory=list)
    # Rows with no problem of their own, skipped because a row they depend on was rejected.
    skipped: list[Problem] = field(default_factory=list)
    # Rows imported as they are, with something a person should read (they block nothing).
    warnings: list[Problem] = field(default_factory=list)
    summary: dict[str, dict[str, int]] = field(default_factory=dict)
    applied: bool = False
    failed: bool = False
    message: str = ""


def save_result(run: ImportRun, result: ImportResult) -> None:
    """Store a result on its ImportRun row (problems capped at ImportRun.MAX_PROBLEMS)."""
    run.version = result.version
    run.summary = result.summary
    run.problems = [p.as_dict() for p in result.problems[: ImportRun.MAX_PROBLEMS]] + [
        {**c.as_dict(), "level": "skipped"} for c in result.skipped[: ImportRun.MAX_PROBLEMS]] + [
        {**w.as_dict(), "level": "warning"} for w in result.warnings[: ImportRun.MAX_PROBLEMS]]
    run.problem_count = len(result.problems)
    run.applied = result.applied
    run.message = result.message
    run.status = ImportRun.Status.FAILED if result.failed else ImportRun.Status.DONE
    run.finished_at = timezone.now()
    run.phase = "Finished"
    run.rows_done = run.rows_total = 0
    run.upload = None
    run.save()
