"""IEP data import and export: the CSV template in docs/iep-import.md.

Six files, each optional, in a zip or a folder: ieps.csv, team_members.csv, services.csv,
accommodations.csv, goals.csv, exits.csv. Every row is checked first and every problem reported with
file, line, column and message (as for the roster); then the district's choice applies the
valid rows, or nothing, in one transaction.

This module imports ieps.csv and team_members.csv. services.csv, accommodations.csv and
goals.csv, exits.csv are fully checked here (students, IEPs, staff, dates, choices, numbers), and are
written by the area that owns them through the extension point:

    from rostering.iep_import import register_iep_file
    register_iep_file("services.csv", apply=apply_fn, export=export_fn)

`apply_fn(rows: list[IEPRow]) -> dict[str, int]` (counts: added/updated/unchanged) runs inside
the import's transaction; each IEPRow has `.iep` (saved IEP), `.line` and `.values` (the
checked cells: dates as date, minutes as int, staff as User). A row the area's own rules refuse
is skipped, with `(column, message)` appended to `row.problems`: it is reported like any other
problem, and when the district chose "apply nothing" the whole import is rolled back.
`row.by` is who runs the import (None from the command line).
`export_fn() -> Iterable[list[str]]` yields data rows in the header order. Call it from the
area's AppConfig.ready().

A warning is not a problem: the row is imported as it says, and the preview (a dry run) and
the report list the warning so a person reads it before applying (an active IEP whose end
date has passed).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from iep_portal.bounds import date_in_range, number_in_range
from iep_portal.csv_export import unquote
from iep_portal.csv_export import writer as csv_writer
from iep_portal.models import User
from rostering.models import ImportRun
from rostering.oneroster.reader import REFUSED, ArchiveTooLarge, Drop, Problem, check_header, iter_csv
from rostering.oneroster.values import parse_date, student_id_problem
from rostering.results import ImportResult, Progress, no_progress
from students.models import IEP, Student, TeamMember

log = logging.getLogger(__name__)
KEY = ("student_id", "iep_start_date")
# The last columns of ieps.csv, for state reporting. A file written before they were added
# (without them) still imports, and leaves what the IEPs have in them as it is.
REPORTING = ("primary_disability", "secondary_disability", "eligibility_date",
             "educational_environment")
# After them, the kind of plan (an IEP, or a Section 504 plan with its impairment and the major
# life activity it limits). A file without these columns imports its rows as IEPs and leaves
# the kind of the plans already here as it is.
PLAN = ("plan_kind", "impairment", "major_life_activity")


@dataclass
class IEPFile:
    """One file of the template: its columns, and who writes and exports its rows."""

    name: str
    headers: tuple[str, ...]
    required: frozenset[str]
    dates: frozenset[str] = frozenset()
    choices: dict[str, frozenset[str]] = field(default_factory=dict)
    # Each number column and the range it must fall in (bounded where it enters: a value past
    # the database's column would otherwise stop the whole import while it writes).
    numbers: dict[str, tuple[int, int]] = field(default_factory=dict)
    staff: frozenset[str] = frozenset()
    apply: Callable[[list[IEPRow]], dict[str, int]] | None = None
    export: Callable[[], Iterable[list[str]]] | None = None
    owner: str = ""


@dataclass
class IEPRow:
    line: int
    values: dict[str, Any]
    iep: IEP | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)  # set by the area's apply_fn
    by: User | None = None


IEP_FILES: dict[str, IEPFile] = {f.name: f for f in [
    IEPFile("ieps.csv", (
        "student_id", "status", "start_date", "end_date", "meeting_date", "annual_review_due",
        "last_evaluation_date", "reevaluation_due", "case_manager_email",
        "family_contact_interval_days", *REPORTING, *PLAN),
        required=frozenset({"student_id", "status", "start_date", "end_date", "meeting_date",
                            "annual_review_due", "case_manager_email"}),
        dates=frozenset({"start_date", "end_date", "meeting_date", "annual_review_due",
                         "last_evaluation_date", "reevaluation_due", "eligibility_date"}),
        choices={"status": frozenset(IEP.Status.values),
                 "primary_disability": frozenset(IEP.Disability.values),
                 "secondary_disability": frozenset(IEP.Disability.values),
                 "educational_environment": frozenset(IEP.Environment.values),
                 "plan_kind": frozenset(IEP.Kind.values)},
        numbers={"family_contact_interval_days": (1, 365)},
        staff=frozenset({"case_manager_email"})),
    IEPFile("team_members.csv", (*KEY, "staff_email", "role"),
            required=frozenset({*KEY, "staff_email", "role"}), dates=frozenset({"iep_start_date"}),
            choices={"role": frozenset(TeamMember.Role.values)}, staff=frozenset({"staff_email"})),
    IEPFile("services.csv", (
        *KEY, "kind", "area", "minutes", "per", "sessions_per_period", "setting", "provider_email",
        "start_date", "end_date"),
        required=frozenset({*KEY, "kind", "area", "minutes", "per", "setting", "provider_email"}),
        dates=frozenset({"iep_start_date", "start_date", "end_date"}),
        choices={"kind": frozenset({"sdi", "related_service", "supplementary_aid"}),
                 "per": frozenset({"day", "week", "month"}),
                 "setting": frozenset({"general_ed", "special_ed"})},
        numbers={"minutes": (0, 10_000), "sessions_per_period": (1, 500)},
        staff=frozenset({"provider_email"}),
        owner="services"),
    IEPFile("accommodations.csv", (
        *KEY, "type", "category", "description", "applies_to", "subjects", "frequency"),
        required=frozenset({*KEY, "type", "category", "description", "applies_to", "frequency"}),
        dates=frozenset({"iep_start_date"}),
        choices={"type": frozenset({"accommodation", "modification"}),
                 "category": frozenset({"presentation", "response", "setting", "timing"}),
                 "applies_to": frozenset({"all_classes", "some_subjects", "assessments"}),
                 "frequency": frozenset({"every_class", "assessments", "as_needed"})},
        owner="accommodations"),
    IEPFile("goals.csv", (
        *KEY, "area", "goal_text", "measure", "baseline", "baseline_date", "target", "target_date",
        "collected_by_email"),
        required=frozenset({*KEY, "area", "goal_text", "measure", "baseline", "target",
                            "target_date"}),
        dates=frozenset({"iep_start_date", "baseline_date", "target_date"}),
        choices={"measure": frozenset({"percent", "count", "duration", "rubric", "trials"})},
        numbers={"baseline": (0, 999_999), "target": (0, 999_999)},
        staff=frozenset({"collected_by_email"}),
        owner="progress"),
    # Written by the life-cycle area (an exit ends the IEP's services and supports with it).
    IEPFile("exits.csv", (*KEY, "exit_date", "exit_reason", "note"),
            required=frozenset({*KEY, "exit_date", "exit_reason", "note"}),
            dates=frozenset({"iep_start_date", "exit_date"}),
            choices={"exit_reason": frozenset({"graduated", "moved", "not_eligible", "revoked",
                                               "aged_out", "dropped_out", "deceased"})},
            owner="lifecycle"),
]}


def register_iep_file(name: str, *, apply: Callable[[list[IEPRow]], dict[str, int]],
                      export: Callable[[], Iterable[list[str]]] | None = None) -> None:
    """The extension point: the area that owns a file writes and exports its rows."""
    IEP_FILES[name].apply = apply
    IEP_FILES[name].export = export


class _Checker:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.students = dict(Student.objects.values_list("student_number", "pk"))
        self.staff = {u.email.lower(): u for u in User.objects.filter(is_active=True)}
        self.ieps = {(s, d): pk for s, d, pk in IEP.objects.values_list("student_id", "start_date", "pk")}
        self.active = {s: (pk, d) for s, d, pk in IEP.objects.active().values_list(
            "student_id", "start_date", "pk")}
        self.file_ieps: dict[tuple[int, dt.date], int] = {}  # from ieps.csv: key -> line
        self.bad_ieps: dict[tuple[int, dt.date], int] = {}

    def row(self, spec: IEPFile, line: int, cells: dict[str, str]) -> IEPRow | None:
        values: dict[str, Any] = {}
        before = len(self.problems)

        def problem(column: str, message: str) -> None:
            self.problems.append(Problem(spec.name, line, column, message))

        for column in spec.headers:
            raw = cells.get(column, "").strip()
            if not raw:
                if column in spec.required:
                    problem(column, f"{column} is required and is empty.")
                typed = column in spec.dates or column in spec.numbers or column in spec.staff
                values[column] = None if typed else ""
                continue
            if column in spec.dates:
                values[column], message = parse_date(raw)
                if message:
                    problem(column, message.replace("OneRoster dates", "Dates"))
                elif message := _out_of_range(date_in_range, values[column], raw):
                    problem(column, message)
            elif column in spec.numbers:
                values[column] = number = _number(raw)
                low, high = spec.numbers[column]
                if number is None:
                    problem(column, f'"{raw}" is not a number.')
                elif message := _out_of_range(partial(number_in_range, low=low, high=high,
                                                      label=column), number, raw):
                    problem(column, message)
            elif column in spec.choices:
                if raw not in spec.choices[column]:
                    problem(column, f'"{raw}" is not one of: {", ".join(sorted(spec.choices[column]))}.')
                values[column] = raw
            elif column in spec.staff:
                values[column] = self.staff.get(raw.lower())
                if values[column] is None:
                    problem(column, f"No active staff account has the email {raw}.")
            elif column == "student_id":
                values[column] = self.students.get(raw)
                if values[column] is None:
                    problem(column, student_id_problem(raw) or f'No student has the ID "{raw}".')
            else:
                values[column] = raw
        if spec.name != "ieps.csv" and len(self.problems) == before:
            key = (values["student_id"], values["iep_start_date"])
            if key in self.bad_ieps:
                problem("iep_start_date", f"The IEP on ieps.csv line {self.bad_ieps[key]} has a problem, "
                                          "so this row is skipped too.")
            elif key not in self.file_ieps and key not in self.ieps:
                problem("iep_start_date", f"Student {cells['student_id'].strip()} has no IEP starting "
                                          f"{values['iep_start_date']}.")
        return IEPRow(line, values) if len(self.problems) == before else None

    def iep(self, line: int, values: dict[str, Any]) -> IEP | None:
        """Check an ieps.csv row with the model's own rules; the IEP, unsaved, or None."""
        key = (values["student_id"], values["start_date"])
        if key in self.file_ieps:
            self.problems.append(Problem("ieps.csv", line, "start_date", "This IEP is also on line "
                                         f"{self.file_ieps[key]}."))
            return None
        iep = IEP(pk=self.ieps.get(key), student_id=values["student_id"],
                  kind=values.get("plan_kind") or IEP.Kind.IEP,
                  impairment=values.get("impairment", ""),
                  major_life_activity=values.get("major_life_activity", ""),
                  case_manager=values["case_manager_email"], status=values["status"],
                  start_date=values["start_date"], end_date=values["end_date"],
                  meeting_date=values["meeting_date"], annual_review_due=values["annual_review_due"],
                  last_evaluation_date=values["last_evaluation_date"],
                  reevaluation_due=values["reevaluation_due"],
                  family_contact_interval_days=values["family_contact_interval_days"] or 30,
                  primary_disability=values["primary_disability"],
                  secondary_disability=values["secondary_disability"],
                  eligibility_date=values["eligibility_date"],
                  educational_environment=values["educational_environment"])
        try:
            iep.clean()
        except ValidationError as exc:
            for column, messages in sorted(exc.message_dict.items()):
                for message in messages:
                    self.problems.append(Problem("ieps.csv", line, column, message))
            return None
        held = self.active.get(iep.student_id)
        if iep.status == IEP.Status.ACTIVE and held and held[1] != iep.start_date:
            self.problems.append(Problem("ieps.csv", line, "status", (
                f"The student already has an active plan (an IEP or a 504 plan, starting {held[1]}). "
                "End it in a row above this one, or import this plan as a draft.")))
            return None
        if iep.has_lapsed(self.today):
            # Imported as the file says: a lapsed IEP still binds the school until the next one
            # is written, and ending it here would stop its services and hide the lapse.
            self.warnings.append(Problem("ieps.csv", line, "end_date", (
                f"This IEP's end date ({iep.end_date}) has passed, but it is marked active. It is "
                "imported as active and shows as past its annual review; if the student has a newer "
                "IEP, import that one and mark this row ended.")))
        if iep.status == IEP.Status.ACTIVE:
            self.active[iep.student_id] = (iep.pk, iep.start_date)
        elif held and held[1] == iep.start_date:
            del self.active[iep.student_id]
        self.file_ieps[key] = line
        return iep


def _number(raw: str) -> int | Decimal | None:
    """A whole number, or a decimal when the cell has a point; None when it is neither (or
    not a finite number: "NaN" and "Infinity" are not numbers a school writes)."""
    try:
        number = Decimal(raw) if "." in raw else int(raw)
    except (ValueError, InvalidOperation):
        return None
    return number if isinstance(number, int) or number.is_finite() else None


def _out_of_range(validator: Callable[[Any], None], value: Any, raw: str) -> str:
    """The bounds validator's message for this cell, or "" when the value is in range."""
    try:
        validator(value)
    except ValidationError as exc:
        return f"{exc.messages[0].rstrip('.')} (the file says {raw})."
    return ""


def run_iep_import(source: str | Path | bytes, *, mode: str = ImportRun.Mode.ALL_OR_NOTHING,
                   dry_run: bool = False, progress: Progress = no_progress,
                   user: User | None = None) -> ImportResult:
    """Check and apply IEP data files. Never raises on bad input."""
    drop = Drop(source)
    result = ImportResult(version="")
    checker = _Checker(timezone.localdate())
    rows: dict[str, list[IEPRow]] = {}
    ieps: list[tuple[int, IEP]] = []
    reporting = True  # ieps.csv has the state-reporting columns
    plans = True  # and the plan-kind columns
    try:
        if drop.problem:
            result.problems = [Problem("", 0, "", drop.problem)]
            result.message = (REFUSED if drop.over_limits
                              else "Nothing was imported: the upload could not be read.")
            return result
        present = [name for name in IEP_FILES if name in drop.names()]
        if not present:
            result.problems = [Problem("", 0, "", "None of the IEP data files is in the upload "
                                       f"({', '.join(IEP_FILES)}).")]
            result.message = "Nothing was imported."
            return result
        for name in present:
            spec = IEP_FILES[name]
            progress(f"Checking {name}", 0, 0)
            records = iter_csv(drop, name, checker.problems)
            first = next(records, None)
            if first is None:
                checker.problems.append(Problem(name, 1, "", f"{name} is empty: it has no header line."))
                continue
            header = [h.strip() for h in first[1]]
            message = check_header(name, header, spec.headers)
            if message and name == "ieps.csv" and not check_header(
                    name, header, spec.headers[:-len(PLAN)]):
                message, plans = "", False
            elif message and name == "ieps.csv" and not check_header(
                    name, header, spec.headers[:-len(PLAN) - len(REPORTING)]):
                message, reporting, plans = "", False, False
            if message:
                checker.problems.append(Problem(name, 1, "", message + " Nothing in this file was read."))
                continue
            found = rows.setdefault(name, [])
            result.summary[name] = {"rows": 0, "added": 0, "updated": 0, "ended": 0, "unchanged": 0,
                                    "errors": 0}
            for line, quoted in records:
                cells = [unquote(cell) for cell in quoted]  # what the export wrote, unquoted
                result.summary[name]["rows"] += 1
                before = len(checker.problems)
                row = checker.row(spec, line, dict(zip(spec.headers, cells, strict=False)))
                if len(cells) != len(first[1]):
                    checker.problems.append(Problem(name, line, "", f"This line has {len(cells)} "
                                                    f"values; the header has {len(first[1])}."))
                    row = None
                if row is not None and name == "ieps.csv":
                    iep = checker.iep(line, row.values)
                    if iep is not None:
                        ieps.append((line, iep))
                    else:
                        row = None
                if row is None and name == "ieps.csv" and row_key(line, cells, checker):
                    checker.bad_ieps[row_key(line, cells, checker)] = line  # type: ignore[index]
                if row is not None:
                    found.append(row)
                if len(checker.problems) > before:
                    result.summary[name]["errors"] += 1
    except ArchiveTooLarge as exc:
        result.summary = {}
        result.problems = [Problem("", 0, "", str(exc))]
        result.message = REFUSED
        return result
    finally:
        drop.close()
    result.problems = sorted(checker.problems,
                             key=lambda p: (list(IEP_FILES).index(p.file) if p.file in IEP_FILES else -1,
                                            p.line, p.column))
    result.warnings = checker.warnings
    if result.problems and mode == ImportRun.Mode.ALL_OR_NOTHING:
        result.message = (f"Nothing was applied: {len(result.problems)} problem(s) found. Fix them, "
                          "or choose to apply the valid rows.")
        return result
    waiting = [n for n in rows if IEP_FILES[n].apply is None and n not in {"ieps.csv", "team_members.csv"}]
    late: list[Problem] = []  # rows an area's own rules refused while applying
    try:
        with transaction.atomic(), pghistory.context(reason="IEP data import",
                                                     user=user.pk if user else None):
            _apply_ieps(ieps, result.summary.get("ieps.csv", {}), reporting=reporting, plans=plans)
            by_key = {(i.student_id, i.start_date): i for i in IEP.objects.filter(
                student_id__in={r.values["student_id"] for rs in rows.values() for r in rs})}
            for name, found in rows.items():
                if name == "ieps.csv":
                    continue
                for row in found:
                    row.iep = by_key[(row.values["student_id"], row.values["iep_start_date"])]
                    row.by = user
                counts = result.summary[name]
                if name == "team_members.csv":
                    _apply_team(found, counts)
                elif IEP_FILES[name].apply is not None:
                    counts.update(IEP_FILES[name].apply(found))  # type: ignore[misc]
                    refused = [Problem(name, r.line, column, message)
                               for r in found for column, message in r.problems]
                    counts["errors"] += len({p.line for p in refused})
                    late.extend(refused)
            if dry_run or (late and mode == ImportRun.Mode.ALL_OR_NOTHING):
                transaction.set_rollback(True)
    except Exception as exc:
        log.exception("IEP data import failed")
        result.failed = True
        for file_counts in result.summary.values():  # rolled back: nothing was added or updated
            file_counts.update(added=0, updated=0, ended=0, unchanged=0)
        result.message = f"The import stopped on an unexpected error and nothing was saved ({exc})."
        return result
    result.problems.extend(late)
    if late and mode == ImportRun.Mode.ALL_OR_NOTHING:
        for file_counts in result.summary.values():  # rolled back: nothing was added or updated
            file_counts.update(added=0, updated=0, ended=0, unchanged=0)
        result.message = (f"Nothing was applied: {len(result.problems)} problem(s) found. Fix them, "
                          "or choose to apply the valid rows.")
        return result
    result.applied = not dry_run
    result.message = "Dry run: nothing was saved." if dry_run else "Import applied."
    if result.problems:
        result.message += f" {len(result.problems)} row problem(s) were skipped."
    if result.warnings:
        result.message += (f" {len(result.warnings)} warning(s) to read: those rows are "
                           "imported as they are.")
    for name in waiting:
        result.message += (f" {name} was checked but not imported: the {IEP_FILES[name].owner} area "
                           "has not registered its importer yet.")
    return result


def row_key(line: int, cells: list[str], checker: _Checker) -> tuple[int, dt.date] | None:
    """The (student, start date) key of an ieps.csv row that failed, when it can be read."""
    student = checker.students.get(cells[0].strip()) if cells else None
    start, _ = parse_date(cells[2]) if len(cells) > 2 else (None, "")
    return (student, start) if student and start else None


def _apply_ieps(ieps: list[tuple[int, IEP]], counts: dict[str, int], *, reporting: bool,
                plans: bool) -> None:
    fields = ["case_manager", "status", "end_date", "meeting_date", "annual_review_due",
              "last_evaluation_date", "reevaluation_due", "family_contact_interval_days"]
    fields += list(REPORTING) if reporting else []
    fields += ["kind", "impairment", "major_life_activity"] if plans else []
    existing = IEP.objects.in_bulk([i.pk for _, i in ieps if i.pk])
    # Ending IEPs first, so a file that ends one IEP and starts the next never has two active.
    for _, iep in sorted(ieps, key=lambda pair: pair[1].status == IEP.Status.ACTIVE):
        old = existing.get(iep.pk) if iep.pk else None
        if old is None:
            iep.save()
            counts["added"] += 1
        elif any(getattr(old, f) != getattr(iep, f) for f in fields):
            iep.save(update_fields=fields)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1


def _apply_team(rows: list[IEPRow], counts: dict[str, int]) -> None:
    existing = {(m.iep_id, m.user_id): m for m in TeamMember.objects.filter(
        iep__in={r.iep for r in rows if r.iep})}
    for row in rows:
        assert row.iep is not None
        user = row.values["staff_email"]
        member = existing.get((row.iep.pk, user.pk))
        if member is None:
            existing[(row.iep.pk, user.pk)] = TeamMember.objects.create(
                iep=row.iep, user=user, role=row.values["role"])
            counts["added"] += 1
        elif member.role != row.values["role"]:
            member.role = row.values["role"]
            member.save(update_fields=["role"])
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1


def export_iep_data() -> dict[str, str]:
    """Every file of the template, as CSV text: what the import reads back unchanged."""
    files: dict[str, str] = {}
    ieps = IEP.objects.select_related("student", "case_manager").order_by("student__student_number",
                                                                         "start_date")
    files["ieps.csv"] = _csv(IEP_FILES["ieps.csv"].headers, (
        [i.student.student_number, i.status, _d(i.start_date), _d(i.end_date), _d(i.meeting_date),
         _d(i.annual_review_due), _d(i.last_evaluation_date), _d(i.reevaluation_due),
         i.case_manager.email, str(i.family_contact_interval_days), i.primary_disability,
         i.secondary_disability, _d(i.eligibility_date), i.educational_environment, i.kind,
         i.impairment, i.major_life_activity]
        for i in ieps.iterator()))
    members = TeamMember.objects.select_related("iep__student", "user").order_by(
        "iep__student__student_number", "iep__start_date", "user__email")
    files["team_members.csv"] = _csv(IEP_FILES["team_members.csv"].headers, (
        [m.iep.student.student_number, _d(m.iep.start_date), m.user.email, m.role]
        for m in members.iterator()))
    for name, spec in IEP_FILES.items():
        if name not in files:
            files[name] = _csv(spec.headers, spec.export() if spec.export else ())
    return files


def exported_students() -> list[int]:
    """The students `export_iep_data` names: every row of every file is one of an IEP's."""
    return list(IEP.objects.order_by().values_list("student_id", flat=True).distinct())


def _d(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _csv(header: tuple[str, ...], rows: Iterable[list[str]]) -> str:
    """A file's text, through the one CSV writer of every export: a cell that a spreadsheet
    would read as a formula gets a quote before it, which the import takes off again."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
