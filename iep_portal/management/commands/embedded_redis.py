"""Start, status or stop of the embedded Redis under var/redis (when REDIS_URL is unset)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from iep_portal import embedded


class Command(BaseCommand):
    help = "Start the embedded Redis (Celery's broker), show its status, or stop it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["start", "status", "stop"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if os.environ.get("REDIS_URL"):
            self.stdout.write("REDIS_URL is set: no embedded Redis is in use.")
            return
        var_dir = settings.VAR_DIR
        if action == "start":
            started = embedded.embedded_redis_start(var_dir)
            self.stdout.write(f"Embedded Redis {'started' if started else 'already running'}, "
                              f"pid {embedded.embedded_redis_pid(var_dir)}")
        elif action == "status":
            if embedded.embedded_redis_ping(var_dir):
                self.stdout.write(f"Embedded Redis running, pid {embedded.embedded_redis_pid(var_dir)}")
            else:
                self.stdout.write("Embedded Redis not running.")
        elif embedded.embedded_redis_stop(var_dir):
            self.stdout.write("Embedded Redis stopped.")
        else:
            self.stdout.write("Embedded Redis was not running.")
