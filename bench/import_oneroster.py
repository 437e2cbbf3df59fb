"""Benchmark: a district-sized OneRoster drop (50,000 users, 300,000 enrollments).

    DATABASE_URL=postgres://... python bench/import_oneroster.py [--users 50000] [--keep]

Generates a OneRoster 1.1 bulk drop in a temporary folder, creates a scratch database next to
DATABASE_URL's (its name + "_bench"), migrates it, then runs `manage.py import_oneroster` on
the drop twice (the first import, then a re-import that must change nothing) and prints wall
time and peak memory (max RSS) of each import process. The scratch database is dropped at
the end unless --keep. Target: under two minutes and under 1 GB.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rostering.oneroster.spec import HEADERS  # noqa: E402

H = HEADERS["1.1"]


def write(folder: Path, name: str, rows) -> int:  # noqa: ANN001 (an iterable of dicts)
    count = 0
    with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(H[name])
        for row in rows:
            writer.writerow([row.get(h, "") for h in H[name]])
            count += 1
    return count


def generate(folder: Path, users: int) -> dict[str, int]:
    schools = max(1, users // 1000)
    teachers = users // 10
    students = users - teachers
    classes = teachers * 2  # each teacher teaches two classes
    per_student = 6
    extra = 300_000 - classes - students * per_student  # top up to 300k enrollments at 50k users
    extra = max(0, min(extra, students)) if users >= 50_000 else 0
    with (folder / "manifest.csv").open("w", encoding="utf-8") as fh:
        fh.write("propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\n")
        for name in ("orgs", "academicSessions", "courses", "classes", "users", "enrollments",
                     "demographics"):
            fh.write(f"file.{name},bulk\n")
    counts = {}
    counts["orgs"] = write(folder, "orgs", [
        {"sourcedId": "d", "name": "Bench District", "type": "district"},
        *({"sourcedId": f"sch{i}", "name": f"School {i}", "type": "school", "identifier": f"B{i}",
           "parentSourcedId": "d"} for i in range(schools))])
    counts["academicSessions"] = write(folder, "academicSessions", [
        {"sourcedId": "y", "title": "2026-27", "type": "schoolYear", "startDate": "2026-08-17",
         "endDate": "2027-06-04", "schoolYear": "2027"}])
    counts["courses"] = write(folder, "courses", (
        {"sourcedId": f"c{i}", "title": f"Course {i}", "orgSourcedId": f"sch{i}", "subjects": "Math"}
        for i in range(schools)))
    school_of_class = [c % schools for c in range(classes)]
    counts["classes"] = write(folder, "classes", (
        {"sourcedId": f"k{c}", "title": f"Class {c}", "courseSourcedId": f"c{school_of_class[c]}",
         "classType": "scheduled", "schoolSourcedId": f"sch{school_of_class[c]}",
         "termSourcedIds": "y", "periods": str(c % 7 + 1)} for c in range(classes)))

    def people():  # noqa: ANN202
        for t in range(teachers):
            yield {"sourcedId": f"t{t}", "enabledUser": "true", "orgSourcedIds": f"sch{t % schools}",
                   "role": "teacher", "username": f"t{t}", "givenName": "Teacher",
                   "familyName": f"T{t}", "email": f"t{t}@bench.test"}
        for s in range(students):
            yield {"sourcedId": f"s{s}", "enabledUser": "true", "orgSourcedIds": f"sch{s % schools}",
                   "role": "student", "username": f"s{s}", "givenName": "Student",
                   "familyName": f"S{s}", "identifier": f"{1_000_000 + s}", "grades": "06"}

    counts["users"] = write(folder, "users", people())
    counts["demographics"] = write(folder, "demographics", (
        {"sourcedId": f"s{s}", "birthDate": "2014-03-09"} for s in range(students)))
    classes_at = [[c for c in range(classes) if school_of_class[c] == i] for i in range(schools)]

    def enrollments():  # noqa: ANN202
        for c in range(classes):
            yield {"sourcedId": f"et{c}", "classSourcedId": f"k{c}",
                   "schoolSourcedId": f"sch{school_of_class[c]}", "userSourcedId": f"t{c // 2}",
                   "role": "teacher", "primary": "true"}
        n = 0
        for s in range(students):
            mine = classes_at[s % schools]
            take = per_student + (1 if s < extra else 0)
            for j in range(take):
                c = mine[(s + j * 7) % len(mine)]
                yield {"sourcedId": f"e{n}", "classSourcedId": f"k{c}",
                       "schoolSourcedId": f"sch{s % schools}", "userSourcedId": f"s{s}",
                       "role": "student", "primary": "false", "beginDate": "2026-08-17"}
                n += 1

    counts["enrollments"] = write(folder, "enrollments", enrollments())
    # Teachers are placed so that every class's teacher works at its school.
    return counts


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    peak_mb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    if done.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds, peak_mb, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("Set DATABASE_URL to a PostgreSQL server (a scratch database is made beside it).")
    base, _, name = url.rpartition("/")
    scratch = f"{name}_bench"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        conn.execute(f'CREATE DATABASE "{scratch}"')
    env = {**os.environ, "DATABASE_URL": f"{base}/{scratch}"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    try:
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        with tempfile.TemporaryDirectory() as tmp:
            started = time.monotonic()
            counts = generate(Path(tmp), args.users)
            print(f"Generated {counts} in {time.monotonic() - started:.1f}s")
            for label in ("first import", "re-import (no changes)"):
                seconds, peak_mb, out = timed([*manage, "import_oneroster", tmp], env)
                print(out.strip().splitlines()[-1])
                print(f"{label}: {seconds:.1f} s wall, peak memory {peak_mb:.0f} MB")
    finally:
        if not args.keep:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')


if __name__ == "__main__":
    main()
