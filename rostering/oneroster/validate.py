"""Check a whole OneRoster drop before anything is written, and report every problem at once.

The result is a Plan: for each file, the parsed records keyed by sourcedId (only the valid
ones), the ids present in the file (valid or not: a bulk import never ends a record that is
present with a problem), and the problems. References are checked against the drop first and
then against what earlier imports left in the database, so a delta drop may refer to classes
and users it does not repeat. A record that refers to a record with a problem of its own is
skipped too, so "apply the valid rows" never writes a row whose parent was left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from iep_portal.bounds import date_in_range
from iep_portal.models import User
from rostering.models import RosterRecord
from rostering.oneroster import spec
from rostering.oneroster.periods import PeriodMeeting, PeriodsProblem, parse_periods
from rostering.oneroster.reader import Drop, Manifest, Problem, check_header, iter_csv, read_manifest
from rostering.oneroster.values import (
    grade_label,
    parse_bool,
    parse_date,
    parse_timestamp,
    split_list,
    student_id_problem,
)
from rostering.results import Progress, no_progress
from schedules.models import DayPattern, Period
from students.models import School, Section, Student


@dataclass(slots=True)
class Rec:
    """One parsed row: where it came from, whether it is being ended, and its values."""

    line: int
    sid: str
    ended: bool  # status tobedeleted (delta, or bulk)
    v: dict[str, Any]


@dataclass
class FileData:
    name: str
    mode: str  # bulk | delta | absent
    readable: bool = False
    rows: int = 0
    records: dict[str, Rec] = field(default_factory=dict)  # valid records only
    present: set[str] = field(default_factory=set)  # every sourcedId in the file
    bad: dict[str, int] = field(default_factory=dict)  # sourcedId -> line, rows with problems
    errors: int = 0

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def bulk(self) -> bool:
        return self.mode == "bulk" and self.readable


@dataclass
class Known:
    """What earlier imports left in the database, for references and matching."""

    orgs: dict[str, str] = field(default_factory=dict)  # sid -> org type
    sessions: set[str] = field(default_factory=set)
    courses: dict[str, dict[str, Any]] = field(default_factory=dict)
    schools: dict[str, int] = field(default_factory=dict)  # sid -> School pk
    school_codes: dict[str, str] = field(default_factory=dict)  # code -> sid ("" unsourced)
    sections: dict[str, str] = field(default_factory=dict)  # sid -> school sid
    staff: dict[str, str] = field(default_factory=dict)  # sid -> role
    staff_emails: dict[str, str] = field(default_factory=dict)  # email -> sid ("" unsourced)
    students: dict[str, str] = field(default_factory=dict)  # sid -> school sid
    student_numbers: dict[str, str] = field(default_factory=dict)  # number -> sid
    day_letters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # school sid -> letters
    period_names: dict[str, set[str]] = field(default_factory=dict)  # school sid -> names

    @classmethod
    def load(cls) -> Known:
        known = cls()
        for kind, sid, data in RosterRecord.objects.values_list("kind", "sourced_id", "data"):
            if kind == "orgs":
                known.orgs[sid] = data.get("type", "")
            elif kind == "academicSessions":
                known.sessions.add(sid)
            elif kind == "courses":
                known.courses[sid] = data
        for pk, sid, code in School.objects.values_list("pk", "sourced_id", "code"):
            if sid:
                known.schools[sid] = pk
                known.orgs.setdefault(sid, "school")
            known.school_codes[code] = sid
        known.sections = dict(
            Section.objects.exclude(sourced_id="").values_list("sourced_id", "school__sourced_id")
        )
        for sid, role, email in User.objects.values_list("sourced_id", "role", "email"):
            if sid:
                known.staff[sid] = role
            known.staff_emails[email.lower()] = sid
        for sid, school, number in Student.objects.filter(~Q(sourced_id="")).values_list(
            "sourced_id", "school__sourced_id", "student_number"
        ):
            known.students[sid] = school or ""
            known.student_numbers[number] = sid
        for number, sid in Student.objects.filter(sourced_id="").values_list(
            "student_number", "sourced_id"
        ):
            known.student_numbers[number] = sid
        for sid, letters in DayPattern.objects.exclude(school__sourced_id="").values_list(
            "school__sourced_id", "letters"
        ):
            known.day_letters[sid] = tuple(letters)
        for sid, name in Period.objects.exclude(school__sourced_id="").values_list(
            "school__sourced_id", "name"
        ):
            known.period_names.setdefault(sid, set()).add(name)
        return known


@dataclass
class Plan:
    version: str = ""
    manifest: Manifest | None = None
    files: dict[str, FileData] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    known: Known = field(default_factory=Known)
    # user sid -> "student" | a staff role from spec.STAFF_ROLES | "family"
    user_kind: dict[str, str] = field(default_factory=dict)
    # user sid -> school-type org sids (first is the student's school)
    user_schools: dict[str, list[str]] = field(default_factory=dict)
    birth_dates: dict[str, dt.date] = field(default_factory=dict)
    # (class, student) -> line of the open enrollment seen first
    open_pairs: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def fatal(self) -> bool:
        return self.manifest is None

    def file(self, name: str) -> FileData:
        return self.files.setdefault(name, FileData(name, "absent"))


class RowReader:
    """Reads one row's cells by column name, recording each problem against the row."""

    def __init__(self, plan: Plan, fd: FileData, line: int, cells: dict[str, str]) -> None:
        self.plan, self.fd, self.line, self.cells = plan, fd, line, cells
        self.ok = True

    def problem(self, column: str, message: str) -> None:
        self.ok = False
        self.plan.problems.append(Problem(self.fd.filename, self.line, column, message))

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.cells.get(column, "").strip()
        if required and not value:
            self.problem(column, f"{column} is required and is empty.")
        return value

    def date(self, column: str, *, required: bool = False) -> dt.date | None:
        raw = self.text(column, required=required)
        if not raw:
            return None
        value, message = parse_date(raw)
        if value is not None:
            try:
                date_in_range(value)
            except ValidationError as exc:
                value, message = None, f"{exc.messages[0].rstrip('.')} (the file says {raw})."
        if message:
            self.problem(column, message)
        return value

    def boolean(self, column: str, *, required: bool = False) -> bool | None:
        raw = self.text(column, required=required)
        if not raw:
            return None
        value = parse_bool(raw)
        if value is None:
            self.problem(column, f'"{raw}" must be true or false.')
        return value

    def choice(self, column: str, allowed: set[str], *, required: bool = True) -> str:
        value = self.text(column, required=required)
        if value and value not in allowed:
            self.problem(column, f'"{value}" is not one of: {", ".join(sorted(allowed))}.')
        return value

    def ref(self, column: str, target: str, exists: Callable[[str], bool], sid: str) -> None:
        """Check a reference to another record (in the drop, else in the database)."""
        if not sid:
            return
        fd = self.plan.files.get(target)
        if fd is not None and sid in fd.bad:
            self.problem(column, f'{sid} refers to {target}.csv line {fd.bad[sid]}, which has a '
                                 "problem of its own, so this row is skipped too.")
        elif not exists(sid):
            self.problem(column, f'"{sid}" is not in {target}.csv or an earlier import.')


def validate(drop: Drop, *, progress: Progress = no_progress) -> Plan:
    """Read and check every file of the drop. Never raises on bad input."""
    plan = Plan()
    manifest = read_manifest(drop, plan.problems)
    if manifest is None:
        return plan
    plan.manifest, plan.version = manifest, manifest.version
    plan.known = Known.load()
    for name in spec.FILES:
        if name in spec.HEADERS[plan.version]:
            plan.files[name] = FileData(name, manifest.mode(name))
    # Demographics before enrollments: a new student needs a birth date, and enrollments
    # must not point at a student that will be skipped.
    order = ["orgs", "academicSessions", "courses", "classes", "users", "roles", "demographics"]
    for name in order:
        if name in plan.files:
            _read_file(plan, drop, plan.files[name], progress)
    _finish_users(plan)
    if "enrollments" in plan.files:
        _read_file(plan, drop, plan.files["enrollments"], progress)
    plan.problems.sort(key=lambda p: (spec_index(p.file), p.line, p.column, p.message))
    return plan


def spec_index(filename: str) -> int:
    name = filename.removesuffix(".csv")
    return spec.FILES.index(name) + 1 if name in spec.FILES else 0


ROW_CHECKS: dict[str, Callable[[RowReader, str], dict[str, Any]]] = {}


def _read_file(plan: Plan, drop: Drop, fd: FileData, progress: Progress) -> None:
    if fd.mode == "absent":
        return
    expected = spec.HEADERS[plan.version][fd.name]
    before = len(plan.problems)
    rows = iter_csv(drop, fd.filename, plan.problems)
    first = next(rows, None)
    if first is None:
        if len(plan.problems) == before:
            plan.problems.append(Problem(fd.filename, 1, "", f"{fd.filename} is empty: it has no "
                                         "header line. Nothing in it was read."))
        fd.errors += 1
        return
    header = [h.strip() for h in first[1]]
    message = check_header(fd.filename, header, expected)
    if message:
        column = next((h for h, e in zip(header, expected, strict=False) if h != e), "")
        plan.problems.append(Problem(fd.filename, 1, column, message + " Nothing in this file was read."))
        fd.errors += 1
        return
    fd.readable = True
    width = len(header)
    check = ROW_CHECKS[fd.name]
    delta = fd.mode == "delta"
    for line, cells in rows:
        fd.rows += 1
        if fd.rows % 20000 == 0:
            progress(f"Checking {fd.filename}", fd.rows, 0)
        if len(cells) != width:
            plan.problems.append(Problem(fd.filename, line, "", f"This line has {len(cells)} values; "
                                         f"the header has {width}."))
            fd.errors += 1
            sid = cells[0].strip() if cells else ""
            if sid:
                fd.present.add(sid)
                fd.bad[sid] = line
            continue
        row = RowReader(plan, fd, line, dict(zip(expected, cells, strict=False)))
        sid = row.text("sourcedId", required=True)
        status = row.text("status", required=delta)
        if status and status not in {"active", "tobedeleted"}:
            row.problem("status", f'"{status}" must be active or tobedeleted.')
        stamp = row.text("dateLastModified", required=delta)
        if stamp:
            _, msg = parse_timestamp(stamp)
            if msg:
                row.problem("dateLastModified", msg)
        ended = status == "tobedeleted"
        values: dict[str, Any] = {}
        if sid and sid in fd.present and not delta:
            first_line = fd.records[sid].line if sid in fd.records else fd.bad.get(sid, 0)
            row.problem("sourcedId", f'"{sid}" appears twice in this file (also line {first_line}).')
        elif not ended:
            # A tobedeleted row is only read for its id: nothing else in it is used.
            values = check(row, sid)
        if sid:
            fd.present.add(sid)
        if row.ok and sid:
            fd.records[sid] = Rec(line, sid, ended, values)
            fd.bad.pop(sid, None)
        elif sid:
            fd.records.pop(sid, None)
            fd.bad[sid] = line
        if not row.ok:
            fd.errors += 1
    progress(f"Checked {fd.filename}", fd.rows, 0)
    if fd.name in {"orgs", "academicSessions"}:
        for rec in fd.records.values():
            parent = rec.v.get("parent", "")
            if parent and parent not in fd.present and parent not in (
                plan.known.orgs if fd.name == "orgs" else plan.known.sessions
            ):
                plan.problems.append(Problem(fd.filename, rec.line, "parentSourcedId",
                                             f'"{parent}" is not in {fd.filename} or an earlier import.'))
                fd.errors += 1
                fd.bad[rec.sid] = rec.line
        for sid in list(fd.records):
            if sid in fd.bad:
                del fd.records[sid]


def _rows(plan: Plan, name: str) -> dict[str, Rec]:
    fd = plan.files.get(name)
    return fd.records if fd else {}


def _org_type(plan: Plan, sid: str) -> str:
    rec = _rows(plan, "orgs").get(sid)
    if rec is not None:
        return "" if rec.ended else rec.v["type"]
    return plan.known.orgs.get(sid, "")


# --- one function per file: read and check a row's values ----------------------------------


def _orgs(row: RowReader, sid: str) -> dict[str, Any]:
    return {
        "name": row.text("name", required=True),
        "type": row.choice("type", spec.ORG_TYPES),
        "identifier": row.text("identifier"),
        "parent": row.text("parentSourcedId"),
    }


def _sessions(row: RowReader, sid: str) -> dict[str, Any]:
    start = row.date("startDate", required=True)
    end = row.date("endDate", required=True)
    if start and end and end <= start:
        row.problem("endDate", "endDate must be after startDate.")
    year = row.text("schoolYear", required=True)
    if year and not (len(year) == 4 and year.isdigit()):
        row.problem("schoolYear", f'"{year}" must be a four-digit year, e.g. 2027.')
    return {
        "title": row.text("title", required=True),
        "type": row.choice("type", spec.SESSION_TYPES),
        "start": start, "end": end,
        "parent": row.text("parentSourcedId"),
    }


def _courses(row: RowReader, sid: str) -> dict[str, Any]:
    plan = row.plan
    org = row.text("orgSourcedId", required=True)
    row.ref("orgSourcedId", "orgs", lambda s: bool(_org_type(plan, s)), org)
    year = row.text("schoolYearSourcedId")
    row.ref("schoolYearSourcedId", "academicSessions",
            lambda s: s in _rows(plan, "academicSessions") or s in plan.known.sessions, year)
    return {"title": row.text("title", required=True), "org": org,
            "subjects": split_list(row.text("subjects"))}


def _classes(row: RowReader, sid: str) -> dict[str, Any]:
    plan = row.plan
    course = row.text("courseSourcedId", required=True)
    row.ref("courseSourcedId", "courses",
            lambda s: s in _rows(plan, "courses") or s in plan.known.courses, course)
    school = row.text("schoolSourcedId", required=True)
    row.ref("schoolSourcedId", "orgs", lambda s: bool(_org_type(plan, s)), school)
    if school and _org_type(plan, school) not in {"", "school"}:
        row.problem("schoolSourcedId", f'"{school}" is a {_org_type(plan, school)}, not a school.')
    terms = split_list(row.text("termSourcedIds", required=True))
    for term in terms:
        row.ref("termSourcedIds", "academicSessions",
                lambda s: s in _rows(plan, "academicSessions") or s in plan.known.sessions, term)
    row.choice("classType", spec.CLASS_TYPES)
    raw_periods = row.text("periods")
    meetings: tuple[PeriodMeeting, ...] = ()
    try:
        meetings = parse_periods(raw_periods, letters=plan.known.day_letters.get(school, ()),
                                 period_names=plan.known.period_names.get(school, set()))
    except PeriodsProblem as exc:
        row.problem("periods", str(exc))
    return {
        "title": row.text("title", required=True), "course": course, "school": school,
        "subjects": split_list(row.text("subjects")), "periods": raw_periods, "meetings": meetings,
    }


def _users(row: RowReader, sid: str) -> dict[str, Any]:
    plan = row.plan
    enabled = row.boolean("enabledUser", required=True)
    values: dict[str, Any] = {
        "enabled": enabled is not False,
        "username": row.text("username", required=True),
        "given": row.text("givenName", required=True),
        "family": row.text("familyName", required=True),
        "identifier": row.text("identifier"),
        "email": row.text("email").lower(),
        "grade": grade_label(row.text("grades")),
        "preferred": row.text("preferredGivenName") if plan.version == "1.2" else "",
    }
    if plan.version == "1.1":
        role = row.choice("role", spec.USER_ROLES["1.1"])
        orgs = split_list(row.text("orgSourcedIds", required=True))
        for org in orgs:
            row.ref("orgSourcedIds", "orgs", lambda s: bool(_org_type(plan, s)), org)
        if role and row.ok:
            _set_user_kind(row, sid, role, "role")
            plan.user_schools[sid] = [o for o in orgs if _org_type(plan, o) == "school"]
    else:
        primary = row.text("primaryOrgSourcedId")
        row.ref("primaryOrgSourcedId", "orgs", lambda s: bool(_org_type(plan, s)), primary)
        if primary and _org_type(plan, primary) == "school":
            plan.user_schools[sid] = [primary]
    return values


def _set_user_kind(row: RowReader, sid: str, role: str, column: str) -> None:
    """Record whether a user is a student, staff or family; a clash is a role conflict."""
    plan = row.plan
    kind = "student" if role == "student" else spec.STAFF_ROLES.get(role, "family")
    before = plan.user_kind.get(sid)
    if before is None:
        plan.user_kind[sid] = kind
    elif (before == "student") != (kind == "student"):
        row.problem(column, f'Role "{role}" conflicts with the role this user already has '
                            f'({"student" if before == "student" else "staff"}).')
    elif before == "gen_ed_teacher" and kind == "school_admin":
        plan.user_kind[sid] = kind  # the broader staff role wins


def _user_known(plan: Plan, sid: str) -> bool:
    return sid in _rows(plan, "users") or sid in plan.known.staff or sid in plan.known.students


def _roles(row: RowReader, sid: str) -> dict[str, Any]:
    plan = row.plan
    user = row.text("userSourcedId", required=True)
    row.ref("userSourcedId", "users", lambda s: _user_known(plan, s), user)
    role = row.choice("role", spec.USER_ROLES["1.2"])
    role_type = row.choice("roleType", {"primary", "secondary"})
    org = row.text("orgSourcedId", required=True)
    row.ref("orgSourcedId", "orgs", lambda s: bool(_org_type(plan, s)), org)
    row.date("beginDate")
    row.date("endDate")
    if row.ok and user and role:
        _set_user_kind(row, user, role, "role")
    if row.ok and _org_type(plan, org) == "school":
        schools = plan.user_schools.setdefault(user, [])
        if org not in schools:
            if role_type == "primary":
                schools.insert(0, org)
            else:
                schools.append(org)
    return {"user": user, "role": role, "org": org}


def _demographics(row: RowReader, sid: str) -> dict[str, Any]:
    plan = row.plan
    row.ref("sourcedId", "users", lambda s: _user_known(plan, s), sid)
    birth = row.date("birthDate")
    if birth and row.ok:
        plan.birth_dates[sid] = birth
    return {"birth": birth}


def _enrollments(row: RowReader, sid: str) -> dict[str, Any]:
    plan = row.plan
    klass = row.text("classSourcedId", required=True)
    row.ref("classSourcedId", "classes",
            lambda s: s in _rows(plan, "classes") or s in plan.known.sections, klass)
    school = row.text("schoolSourcedId", required=True)
    row.ref("schoolSourcedId", "orgs", lambda s: bool(_org_type(plan, s)), school)
    user = row.text("userSourcedId", required=True)
    row.ref("userSourcedId", "users", lambda s: _user_known(plan, s), user)
    role = row.choice("role", spec.ENROLLMENT_ROLES)
    primary = row.boolean("primary")
    begin = row.date("beginDate")
    end = row.date("endDate")
    if begin and end and end < begin:
        row.problem("endDate", "endDate is before beginDate.")
    if not row.ok:
        return {}
    class_school = _class_school(plan, klass)
    if class_school and school != class_school:
        row.problem("schoolSourcedId", f'The class {klass} is at {class_school}, not {school}.')
    kind = _user_kind(plan, user)
    if role == "student" and kind not in {"student", ""}:
        row.problem("role", f'Role "student" conflicts with user {user}, who is staff in '
                            f"{'users.csv' if plan.version == '1.1' else 'roles.csv'}.")
    elif role != "student" and kind == "student":
        row.problem("role", f'Role "{role}" conflicts with user {user}, who is a student in '
                            f"{'users.csv' if plan.version == '1.1' else 'roles.csv'}.")
    elif role == "student" and class_school:
        student_school = _student_school(plan, user)
        if student_school and student_school != class_school:
            row.problem("classSourcedId", f"Student {user} belongs to school {student_school}; "
                                          f"the class is at {class_school}.")
    if role == "student" and row.ok and end is None:
        key = (klass, user)
        seen = plan.open_pairs.get(key)
        if seen is not None:
            row.problem("userSourcedId", f"{user} is already enrolled in {klass} "
                                         f"(line {seen}).")
        else:
            plan.open_pairs[key] = row.line
    return {"class": klass, "user": user, "role": role, "primary": bool(primary),
            "begin": begin, "end": end}


def _class_school(plan: Plan, klass: str) -> str:
    rec = _rows(plan, "classes").get(klass)
    if rec is not None:
        school: str = rec.v.get("school", "")
        return school
    return plan.known.sections.get(klass, "") or ""


def _user_kind(plan: Plan, user: str) -> str:
    if user in plan.user_kind:
        return plan.user_kind[user]
    if user in plan.known.students:
        return "student"
    if user in plan.known.staff:
        return plan.known.staff[user]
    return ""


def _student_school(plan: Plan, user: str) -> str:
    schools = plan.user_schools.get(user)
    if schools:
        return schools[0]
    known = plan.known.students.get(user)
    return known or ""


def _finish_users(plan: Plan) -> None:
    """Checks that need users, roles and demographics together."""
    fd = plan.files.get("users")
    if fd is None or not fd.readable:
        return
    emails: dict[str, int] = {}
    numbers: dict[str, int] = {}
    for sid, rec in list(fd.records.items()):
        if rec.ended:
            continue
        problems: list[tuple[str, str]] = []
        kind = _user_kind(plan, sid)
        v = rec.v
        if not kind:
            problems.append(("sourcedId", "This user has no role in roles.csv."))
        elif kind == "student":
            number = v["identifier"] or v["username"]
            v["number"] = number
            refused = student_id_problem(number) if number else (
                "A student needs an ID: identifier and username are both empty.")
            if refused:
                problems.append(("identifier" if v["identifier"] or not number else "username", refused))
            elif number in numbers:
                problems.append(("identifier", f'Student ID "{number}" is also used on line '
                                               f"{numbers[number]}."))
            elif plan.known.student_numbers.get(number, sid) not in {sid, ""}:
                problems.append(("identifier", f'Student ID "{number}" already belongs to another '
                                               "student."))
            numbers[number] = rec.line
            if not _student_school(plan, sid):
                problems.append(("orgSourcedIds" if plan.version == "1.1" else "sourcedId",
                                 "The student is not linked to any school."))
            adopts = plan.known.student_numbers.get(number) == ""  # an unsourced student
            if sid not in plan.birth_dates and sid not in plan.known.students and not adopts:
                problems.append(("sourcedId", "No birth date for this student in "
                                              "demographics.csv; the app needs one."))
        elif kind != "family":
            email = v["email"]
            if not email or "@" not in email:
                problems.append(("email", "Staff need an email address to sign in."))
            elif email in emails:
                problems.append(("email", f"{email} is also used on line {emails[email]}."))
            elif plan.known.staff_emails.get(email, sid) not in {sid, ""}:
                problems.append(("email", f"{email} already belongs to another account."))
            emails[email] = rec.line
        for column, message in problems:
            plan.problems.append(Problem(fd.filename, rec.line, column, message))
        if problems:
            fd.errors += 1
            fd.bad[sid] = rec.line
            del fd.records[sid]


ROW_CHECKS.update({
    "orgs": _orgs, "academicSessions": _sessions, "courses": _courses, "classes": _classes,
    "users": _users, "roles": _roles, "demographics": _demographics, "enrollments": _enrollments,
})
