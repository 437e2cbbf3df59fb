"""Telling the formats districts upload apart, so a drop that is not OneRoster 1.1 or 1.2 is
named for what it is, with what to do, and no file of a drop is passed over in silence.

What is recognised without a manifest (file names as each format writes them):
- OneRoster 1.0: orgs.csv, users.csv... with a sourcedId column, and no manifest.csv (1.0
  had none).
- Microsoft School Data Sync v1 ("classic" CSV): School.csv, Section.csv, Student.csv,
  Teacher.csv, StudentEnrollment.csv, TeacherRoster.csv.
- Microsoft School Data Sync v2.1: OneRoster-like names (orgs.csv, users.csv, roles.csv...)
  with SDS's own files (userFlags.csv, relationships.csv) or without status columns.
- Clever: schools.csv, students.csv, teachers.csv, sections.csv, enrollments.csv.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rostering.oneroster.reader import Drop, Problem

NOTHING_READ = " Nothing was read."
EXPORT_ONEROSTER = ("Export the roster as OneRoster 1.1 or 1.2 CSV (a zip with manifest.csv), "
                    "which this importer reads.")

ONEROSTER_FILES = {"orgs.csv", "users.csv", "academicSessions.csv", "courses.csv",
                   "classes.csv", "enrollments.csv", "demographics.csv"}
SDS_V1_FILES = {"School.csv", "Section.csv", "Student.csv", "Teacher.csv",
                "StudentEnrollment.csv", "TeacherRoster.csv"}
SDS_V2_ONLY = {"userFlags.csv", "relationships.csv"}
CLEVER_FILES = {"schools.csv", "students.csv", "teachers.csv", "sections.csv"}

# OneRoster files this importer does not read, and why.
NOT_READ = {
    "userProfiles.csv": "it holds accounts for other applications; people sign in to this app "
                        "with its own accounts",
    "categories.csv": "it is gradebook data", "lineItems.csv": "it is gradebook data",
    "results.csv": "it is gradebook data", "scoreScales.csv": "it is gradebook data",
    "lineItemLearningObjectiveIds.csv": "it is gradebook data",
    "lineItemScoreScales.csv": "it is gradebook data",
    "resultLearningObjectiveIds.csv": "it is gradebook data",
    "resultScoreScales.csv": "it is gradebook data",
    "resources.csv": "it lists learning resources", "classResources.csv": "it lists learning "
    "resources", "courseResources.csv": "it lists learning resources",
    "userResources.csv": "it lists learning resources",
}
SDS_FILES = {
    "userFlags.csv": "a Microsoft School Data Sync file: its flags were not read",
    "relationships.csv": "a Microsoft School Data Sync file linking guardians to students; "
                         "it was not read: guardians come from users.csv (a family user's "
                         "agentSourcedIds)",
}


def _header(drop: Drop, name: str) -> list[str]:
    try:
        with drop.open_binary(name) as raw:
            first = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="").readline()
    except (OSError, UnicodeDecodeError, KeyError, ValueError):
        return []
    return next(csv.reader([first]), [])


def without_manifest(drop: Drop, names: set[str]) -> str:
    """What a drop without manifest.csv is, and what to do."""
    if names & SDS_V1_FILES and len(names & SDS_V1_FILES) >= 2:
        return ("This is a Microsoft School Data Sync v1 (classic CSV) drop (School.csv, "
                "Student.csv, Section.csv...), not OneRoster. " + EXPORT_ONEROSTER + NOTHING_READ)
    oneroster_like = names & (ONEROSTER_FILES | {"roles.csv"})
    if oneroster_like:
        probe = "users.csv" if "users.csv" in names else sorted(oneroster_like)[0]
        columns = _header(drop, probe)
        if names & SDS_V2_ONLY or (columns and "status" not in columns):
            return ("This is a Microsoft School Data Sync v2.1 drop (OneRoster-like file names "
                    "without OneRoster's manifest and status columns"
                    + (", and " + ", ".join(sorted(names & SDS_V2_ONLY)) if names & SDS_V2_ONLY
                       else "")
                    + "). SDS v2.1 follows OneRoster 1.2 closely but not column for column. "
                    + EXPORT_ONEROSTER + NOTHING_READ)
        if "sourcedId" in columns:
            return ("The drop has OneRoster files but no manifest.csv. A OneRoster 1.0 drop has "
                    "none (this importer reads 1.1 and 1.2); a 1.1 or 1.2 drop without it is "
                    "incomplete. " + EXPORT_ONEROSTER + NOTHING_READ)
    if len(names & CLEVER_FILES) >= 2:
        return ("This is a Clever export (schools.csv, students.csv, teachers.csv, "
                "sections.csv), not OneRoster. " + EXPORT_ONEROSTER + NOTHING_READ)
    return ("The drop has no manifest.csv, so its OneRoster version and files are unknown. "
            "Nothing was read.")


def unknown_version(version: str) -> str:
    if version in {"1.0", "1"}:
        return ("OneRoster 1.0 is not a version this importer reads (1.1 or 1.2). "
                + EXPORT_ONEROSTER)
    shown = f'"{version}"' if version else "missing"
    return f"OneRoster version {shown} is not one this importer reads (1.1 or 1.2)."


# Flags in a School Data Sync userFlags.csv that say a student has a plan of ours.
PLAN_FLAGS = {"iep": "an IEP", "504": "a Section 504 plan"}


def plan_flags(drop: Drop, name: str = "userFlags.csv") -> str:
    """What a userFlags.csv says about IEPs and 504 plans, for its warning: plans come from the
    IEP data import, so the district learns which flagged students to look for there."""
    flagged: dict[str, list[str]] = {flag: [] for flag in PLAN_FLAGS}
    try:
        with drop.open_binary(name) as raw:
            reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
            header = [cell.strip() for cell in next(reader, [])]
            if "userSourcedId" not in header or "flag" not in header:
                return ""
            who, what = header.index("userSourcedId"), header.index("flag")
            for row in reader:
                if len(row) > max(who, what) and row[what].strip().lower() in flagged:
                    flagged[row[what].strip().lower()].append(row[who].strip())
    except (OSError, UnicodeDecodeError, KeyError, ValueError, csv.Error):
        return ""
    parts = []
    for flag, sids in flagged.items():
        if sids:
            shown = ", ".join(sids[:5]) + (f" and {len(sids) - 5} more" if len(sids) > 5 else "")
            parts.append(f"{flag}: {len(sids)} ({shown})")
    if not parts:
        return ""
    return (f". Students flagged {'; '.join(parts)}. A student's IEP or 504 plan comes from the "
            "IEP data import, not the roster: check that each flagged student's plan is there")


def unread_files(version: str, names: set[str], manifest: dict[str, str],
                 drop: Drop | None = None) -> list[Problem]:
    """A warning for each file of the drop that is not read, saying why."""
    from rostering.oneroster import spec
    from rostering.oneroster.reader import Problem

    read = {f"{name}.csv" for name in spec.HEADERS[version]} | {"manifest.csv"}
    warnings = []
    for name in sorted(names - read):
        if name in NOT_READ:
            listed = manifest.get(f"file.{name.removesuffix('.csv')}", "absent").lower()
            also = f" (the manifest lists it as {listed})" if listed != "absent" else ""
            message = f"{name} is a OneRoster file this importer does not read{also}: {NOT_READ[name]}."
        elif name in SDS_FILES:
            flags = plan_flags(drop, name) if drop is not None and name == "userFlags.csv" else ""
            message = f"{name} is {SDS_FILES[name]}{flags}."
        elif name == "roles.csv":
            message = "roles.csv is a OneRoster 1.2 file; in a 1.1 drop it was not read."
        else:
            message = f"{name} is not a OneRoster file, so it was not read."
        warnings.append(Problem(name, 0, "", message))
    return warnings
