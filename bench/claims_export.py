"""Benchmark: the claims file of a seeded district for one month.

    DATABASE_URL=postgres://... python bench/claims_export.py [--students 5000] [--seed 1] [--keep]

Creates a scratch database beside DATABASE_URL's (its name + "_claims"), migrates it, builds a
district with `manage.py seed_district --students N --seed S` (credentials, codes, consents
and diagnoses come with it: billing/district_seed.py), then, in a fresh process, asks for the
previous calendar month's claims file as the district administrator does: every delivered
related-service session assessed (billing.billability.in_range) and every billable one
written in the shipped generic layout through the one CSV writer. Prints the sessions
assessed, rows written, queries, wall time and peak memory, for the report page's work and the
file's. The scratch database is dropped at the end unless --keep. Target: a few seconds at
5,000 students.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent


def measure() -> None:
    """Runs inside the scratch database's process (called with --measure)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iep_portal.settings")
    import django

    django.setup()
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from billing import billability
    from billing.claims import claim_lines
    from billing.models import ExportProfile
    from iep_portal.csv_export import csv_line
    from iep_portal.models import User

    today = timezone.localdate()
    end = today.replace(day=1) - dt.timedelta(days=1)
    start = end.replace(day=1)
    director = User.objects.filter(role=User.Role.DISTRICT_ADMIN).order_by("pk").first()
    assert director is not None, "the seeded district has no district administrator"
    profile = ExportProfile.objects.get(name__startswith="Generic")
    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        assessed = billability.in_range(director, start, end)
        assessed_at = time.monotonic()
        size = rows = 0
        for line in claim_lines(assessed, profile):
            size += len(csv_line(line))
            rows += 1
    done = time.monotonic()
    billable = sum(1 for a in assessed if a.billable)
    print(f"{start} to {end}: {len(assessed):,} sessions assessed, {billable:,} billable, "
          f"{rows - 1:,} claim lines ({size / 1e6:.1f} MB), {len(queries)} queries")
    print(f"assess {assessed_at - started:.2f} s, write {done - assessed_at:.2f} s, "
          f"total {done - started:.2f} s, peak memory "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure()
        return
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("Set DATABASE_URL to a PostgreSQL server (a scratch database is made beside it).")
    base, _, name = url.rpartition("/")
    scratch = f"{name}_claims"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        conn.execute(f'CREATE DATABASE "{scratch}"')
    env = {**os.environ, "DATABASE_URL": f"{base}/{scratch}", "DATABASE_OWNER_URL": ""}
    manage = [sys.executable, str(ROOT / "manage.py")]
    try:
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        started = time.monotonic()
        subprocess.run([*manage, "seed_district", "--students", str(args.students), "--seed", str(args.seed)],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"Seeded {args.students:,} students in {time.monotonic() - started:.0f} s")
        subprocess.run([sys.executable, __file__, "--measure"], env=env, check=True)
    finally:
        if not args.keep:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')


if __name__ == "__main__":
    main()
