"""python manage.py import_oneroster PATH [--dry-run] [--apply-valid]"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rostering.models import ImportRun
from rostering.oneroster.importer import run_import
from rostering.results import ImportResult, save_result
from rostering.runs import run_failed


class Command(BaseCommand):
    help = "Import a OneRoster 1.1 or 1.2 CSV drop (a zip or a folder with manifest.csv)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="A .zip file or a folder holding manifest.csv.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check and count the changes, save nothing.")
        parser.add_argument("--apply-valid", action="store_true",
                            help="Apply the valid rows even if some rows have problems "
                                 "(default: apply nothing if any row has a problem).")

    def handle(self, *args: Any, **options: Any) -> None:
        mode = ImportRun.Mode.APPLY_VALID if options["apply_valid"] else ImportRun.Mode.ALL_OR_NOTHING
        run = ImportRun.objects.create(kind=ImportRun.Kind.ONEROSTER, mode=mode,
                                       dry_run=options["dry_run"], source_name=options["path"][:255],
                                       status=ImportRun.Status.RUNNING, started_at=timezone.now())
        started = time.monotonic()
        try:
            result = run_import(options["path"], mode=mode, dry_run=options["dry_run"],
                                progress=self._progress)
        except (Exception, KeyboardInterrupt) as exc:  # the run's history says it stopped
            run_failed(run.pk, exc)
            raise
        save_result(run, result)
        self._report(result, time.monotonic() - started, run.pk)
        if result.failed or (result.problems and not result.applied and not options["dry_run"]):
            raise CommandError(result.message)

    def _progress(self, phase: str, done: int, total: int) -> None:
        """One updating line on a terminal; plain lines otherwise."""
        text = f"{phase}: {done:,}/{total:,}" if total else (f"{phase}: {done:,} rows" if done else phase)
        if sys.stderr.isatty():
            self.stderr.write(f"\r\033[K{text}", ending="")
        else:
            self.stderr.write(text)

    def _report(self, result: ImportResult, seconds: float, run_id: int) -> None:
        if sys.stderr.isatty():
            self.stderr.write("")
        for problem in result.problems[:200]:
            self.stdout.write(f"  {problem}")
        if len(result.problems) > 200:
            self.stdout.write(f"  ... and {len(result.problems) - 200} more (see import #{run_id}).")
        if result.skipped:
            self.stdout.write("Skipped because a row they depend on was rejected:")
        for problem in result.skipped[:200]:
            self.stdout.write(f"  {problem}")
        if len(result.skipped) > 200:
            self.stdout.write(f"  ... and {len(result.skipped) - 200} more (see import #{run_id}).")
        for warning in result.warnings[:200]:
            self.stdout.write(f"  warning: {warning}")
        self.stdout.write(f"{'file':<22}{'rows':>9}{'added':>9}{'updated':>9}{'ended':>9}"
                          f"{'unchanged':>11}{'errors':>8}{'skipped':>9}")
        for name, c in result.summary.items():
            refused = "  (not read)" if c.get("unread") else ""
            self.stdout.write(f"{name:<22}{c['rows']:>9}{c['added']:>9}{c['updated']:>9}"
                              f"{c['ended']:>9}{c['unchanged']:>11}{c['errors']:>8}"
                              f"{c.get('skipped', 0):>9}{refused}")
        self.stdout.write(f"{result.message} ({seconds:.1f}s, OneRoster {result.version or '?'}, "
                          f"import #{run_id})")
