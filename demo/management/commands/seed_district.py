"""Build a deterministic, realistic district for benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from iep_portal.extensions import existing_modules
from students.district_seed import SEED_PASSWORD, build

# Each area adds a school year of history, in this order: modules with generate(district).
# Supports come through demo.district_supports: accommodations' generator, for IEPs and 504 plans.
HISTORY_MODULES = (
    "schedules.district_seed", "assessments.district_seed", "services.district_seed",
    "provider_schedules.district_seed", "demo.district_supports", "progress.district_seed",
    "meetings.district_seed", "behavior_plans.district_seed", "billing.district_seed",
    "demo.district_history",
)


def fast_bulk_load() -> None:
    """Skip row triggers (history, foreign-key checks) for this transaction, when allowed.

    Generated data is not anyone's change to audit, and the generator keeps every relation
    consistent itself; with triggers on, history rows triple the load time.
    """
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        pass  # not a superuser: load with triggers on, only slower


class Command(BaseCommand):
    help = "Build a district of N students with a school year of history (bulk inserts)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--students", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, students: int, seed: int, **options: Any) -> None:
        if students < 1:
            raise CommandError("--students must be at least 1.")
        started = time.monotonic()

        def progress(message: str) -> None:
            self.stdout.write(f"[{time.monotonic() - started:6.1f}s] {message}")
            self.stdout.flush()

        with transaction.atomic():
            fast_bulk_load()
            district = build(students, seed, timezone.localdate(), progress)
            for module in existing_modules(HISTORY_MODULES):
                module.generate(district)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Built the district in {elapsed:.1f}s:"))
        for label, count in district.counts.items():
            self.stdout.write(f"  {count:>10,} {label}")
        self.stdout.write(f"Sign in as director@bench{seed}.test (password {SEED_PASSWORD}).")
