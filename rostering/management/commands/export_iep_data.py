"""python manage.py export_iep_data FOLDER: every IEP data file, in the import's own format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rostering.iep_import import export_iep_data


class Command(BaseCommand):
    help = "Write ieps.csv, team_members.csv, services.csv, accommodations.csv, goals.csv."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["folder"])
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in export_iep_data().items():
            (folder / name).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {folder / name}")
