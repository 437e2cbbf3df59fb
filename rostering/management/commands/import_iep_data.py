"""python manage.py import_iep_data PATH [--dry-run] [--apply-valid] [--by EMAIL]
(see docs/iep-import.md)"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from iep_portal.models import User
from rostering.iep_import import run_iep_import
from rostering.models import ImportRun
from rostering.results import save_result
from rostering.runs import run_failed


class Command(BaseCommand):
    help = "Import IEP data files (ieps.csv, team_members.csv, ...) from a zip or a folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--apply-valid", action="store_true",
                            help="Apply the valid rows even if some rows have problems.")
        parser.add_argument("--by", metavar="EMAIL", default="",
                            help="The staff account the import is recorded as (exits.csv needs one).")

    def handle(self, *args: Any, **options: Any) -> None:
        by = None
        if options["by"]:
            by = User.objects.filter(email__iexact=options["by"], is_active=True).first()
            if by is None:
                raise CommandError(f"No active staff account has the email {options['by']}.")
        mode = ImportRun.Mode.APPLY_VALID if options["apply_valid"] else ImportRun.Mode.ALL_OR_NOTHING
        run = ImportRun.objects.create(kind=ImportRun.Kind.IEP, mode=mode, dry_run=options["dry_run"],
                                       source_name=options["path"][:255], started_by=by,
                                       status=ImportRun.Status.RUNNING, started_at=timezone.now())
        try:
            result = run_iep_import(options["path"], mode=mode, dry_run=options["dry_run"], user=by,
                                    progress=lambda phase, done, total: self.stderr.write(phase))
        except (Exception, KeyboardInterrupt) as exc:  # the run's history says it stopped
            run_failed(run.pk, exc)
            raise
        save_result(run, result)
        for problem in result.problems:
            self.stdout.write(f"  {problem}")
        for warning in result.warnings:
            self.stdout.write(f"  warning: {warning}")
        for name, c in result.summary.items():
            self.stdout.write(f"{name}: {c}")
        self.stdout.write(f"{result.message} (import #{run.pk})")
        if result.failed or (result.problems and not result.applied and not options["dry_run"]):
            raise CommandError(result.message)
