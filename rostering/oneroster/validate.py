"""Check a whole OneRoster drop before anything is written, and report every problem at once.

The result is a Plan: for each file, the parsed records keyed by sourcedId (only the valid
ones), the ids present in the file (valid or not: a bulk import never ends a record that is
present with a problem), and the problems. References are checked against the drop first and
then against what earlier imports left in the database, so a delta drop may refer to classes
and users it does not repeat.

Validation is one pass. Every row is checked for its own problems whatever state its parents
are in (a row whose school has a problem is still checked against that school's type), and
each reference to a row of the drop is kept as a dependency. Then `_resolve` walks the
dependencies: a row that depends, directly or through other rows, on a rejected row (or on a
file that could not be read) is skipped, and reported apart as a consequence naming the
rejected row. So one pass shows every defect, and "apply the valid rows" writes only rows
whose whole chain of references passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q

from iep_portal.bounds import date_in_range
from iep_portal.models import User
from rostering.models import RosterRecord
from rostering.oneroster import spec
from rostering.oneroster.guardians import guardian_importer
from rostering.oneroster.periods import PeriodMeeting, PeriodsProblem, parse_periods
from rostering.oneroster.reader import Drop, Manifest, Problem, iter_csv, read_header, read_manifest
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
    ended: bool  # status tobedeleted (delta rows only)
    v: dict[str, Any]
    # (column, file, sourcedId) of each row of the drop this row refers to; sourcedId "" is
    # the whole file (it could not be read).
    deps: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Rejected:
    """Why a row is skipped although it has no problem of its own: the rejected row (or the
    unreadable file) at the root of its chain, and the row it refers to directly."""

    file: str
    line: int
    sid: str
    via_file: str = ""
    via_line: int = 0
    via_sid: str = ""


@dataclass
class FileData:
    name: str
    mode: str  # bulk | delta | absent
    readable: bool = False
    rows: int = 0
    # Valid records only, once validation is done; until then every row that was read.
    records: dict[str, Rec] = field(default_factory=dict)
    present: set[str] = field(default_factory=set)  # every sourcedId in the file
    bad: dict[str, int] = field(default_factory=dict)  # sourcedId -> line, own problems
    skipped: dict[str, Rejected] = field(default_factory=dict)  # rows with a rejected parent
    errors: int = 0

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def bulk(self) -> bool:
        return self.mode == "bulk" and self.readable

    @property
    def unread(self) -> bool:
        """Listed in the manifest, but refused at its header (or empty): none of it was read."""
        return self.mode != "absent" and not self.readable

    def rejected(self, sid: str) -> Rejected | None:
        """The root rejection when the row with this id is not being applied, else None."""
        if sid in self.bad:
            return Rejected(self.filename, self.bad[sid], sid)
        return self.skipped.get(sid)


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
    guardians: set[str] = field(default_factory=set)  # family users (the registered importer's)

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
        importer = guardian_importer()
        if importer is not None:
            known.guardians = importer.known()
        return known


@dataclass
class Plan:
    version: str = ""
    manifest: Manifest | None = None
    files: dict[str, FileData] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Rows skipped only because a row they depend on was rejected (see _resolve).
    consequences: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    known: Known = field(default_factory=Known)
    # user sid -> "student" | a staff role from spec.STAFF_ROLES | "family"
    user_kind: dict[str, str] = field(default_factory=dict)
    # family user sid -> its OneRoster role (guardian, parent, relative), the first one read
    family_roles: dict[str, str] = field(default_factory=dict)
    # user sid -> school-type org sids (first is the student's school)
    user_schools: dict[str, list[str]] = field(default_factory=dict)
    birth_dates: dict[str, dt.date] = field(default_factory=dict)
    # (class, student) -> line of the open enrollment seen first
    open_pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    # user sid -> sourcedIds of the roles.csv rows naming that user (1.2)
    role_rows: dict[str, list[str]] = field(default_factory=dict)

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
        self.deps: list[tuple[str, str, str]] = []

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

    def ref(self, column: str, target: str, known: Callable[[str], bool], sid: str) -> None:
        """A reference to another record: in the drop (a dependency, whatever that row's
        state), else in the database, else a problem of this row's own."""
        if not sid:
            return
        fd = self.plan.files.get(target)
        if fd is not None and sid in fd.present:
            self.deps.append((column, target, sid))
        elif known(sid):
            return
        elif fd is not None and fd.unread:
            self.deps.append((column, target, ""))  # the file that would say was refused
        else:
            self.problem(column, f'"{sid}" is not in {target}.csv or an earlier import.')


def validate(drop: Drop, *, progress: Progress = no_progress) -> Plan:
    """Read and check every file of the drop. Never raises on bad input."""
    plan = Plan()
    manifest = read_manifest(drop, plan.problems, plan.warnings)
    if manifest is None:
        return plan
    plan.manifest, plan.version = manifest, manifest.version
    plan.known = Known.load()
    for name in spec.FILES:
        if name in spec.HEADERS[plan.version]:
            plan.files[name] = FileData(name, manifest.mode(name))
    order = ["orgs", "academicSessions", "courses", "classes", "users", "roles", "demographics",
             "enrollments"]
    for name in order:
        if name in plan.files:
            _read_file(plan, drop, plan.files[name], progress)
    _finish_users(plan)
    _resolve(plan)
    demographics = plan.files.get("demographics")
    valid_demographics = demographics.records if demographics is not None else {}
    plan.birth_dates = {sid: d for sid, d in plan.birth_dates.items() if sid in valid_demographics}
    plan.problems.sort(key=_problem_order)
    plan.consequences.sort(key=_problem_order)
    return plan


def _problem_order(p: Problem) -> tuple[int, int, str, str]:
    return (spec_index(p.file), p.line, p.column, p.message)


def spec_index(filename: str) -> int:
    name = filename.removesuffix(".csv")
    return spec.FILES.index(name) + 1 if name in spec.FILES else 0


ROW_CHECKS: dict[str, Callable[[RowReader, str], dict[str, Any]]] = {}


def _reject(plan: Plan, fd: FileData, line: int, sid: str) -> None:
    if sid and sid not in fd.bad:
        fd.bad[sid] = line
    fd.errors += 1


def _read_file(plan: Plan, drop: Drop, fd: FileData, progress: Progress) -> None:
    if fd.mode == "absent":
        return
    before = len(plan.problems)
    rows = iter_csv(drop, fd.filename, plan.problems)
    first = next(rows, None)
    if first is None:
        if len(plan.problems) == before:
            plan.problems.append(Problem(fd.filename, 1, "", f"{fd.filename} is empty: it has no "
                                         "header line. Nothing in it was read."))
        fd.errors += 1
        return
    layout = read_header(fd.filename, first[1], plan.version, fd.name)
    plan.warnings.extend(layout.warnings)
    if layout.problem is not None:
        plan.problems.append(layout.problem)
        fd.errors += 1
        return
    fd.readable = True
    check = ROW_CHECKS[fd.name]
    delta = fd.mode == "delta"
    bare_dates: list[int] = []
    active_in_bulk: list[int] = []
    for line, cells in rows:
        fd.rows += 1
        if fd.rows % 20000 == 0:
            progress(f"Checking {fd.filename}", fd.rows, 0)
        values_by_column = layout.cells(cells)
        if values_by_column is None:
            plan.problems.append(Problem(fd.filename, line, "", f"This line has {len(cells)} values; "
                                         f"the header has {layout.width}."))
            sid = cells[0].strip() if cells else ""
            if sid:
                fd.present.add(sid)
            _reject(plan, fd, line, sid)
            continue
        row = RowReader(plan, fd, line, values_by_column)
        sid = row.text("sourcedId", required=True)
        status = row.text("status", required=delta)
        if delta and status and status not in {"active", "tobedeleted"}:
            row.problem("status", f'"{status}" must be active or tobedeleted.')
        elif not delta and status == "active":
            active_in_bulk.append(line)
        elif not delta and status:
            # A bulk file is the whole set: a record ends by being left out, never by a status.
            row.problem("status", f'A bulk file carries no status ("{status}"): leave the row '
                                  "out to end the record, or send the file as delta.")
        stamp = row.text("dateLastModified", required=delta)
        if stamp:
            _, msg, bare = parse_timestamp(stamp)
            if msg:
                row.problem("dateLastModified", msg)
            elif bare:
                bare_dates.append(line)
        ended = delta and status == "tobedeleted"
        values: dict[str, Any] = {}
        duplicate = bool(sid and sid in fd.present and not delta)
        if duplicate:
            first_line = fd.records[sid].line if sid in fd.records else fd.bad.get(sid, 0)
            row.problem("sourcedId", f'"{sid}" appears twice in this file (also line {first_line}).')
        elif not ended:
            # A tobedeleted row is only read for its id: nothing else in it is used.
            values = check(row, sid)
        if sid:
            fd.present.add(sid)
        if sid and not duplicate:
            fd.records[sid] = Rec(line, sid, ended, values, row.deps)
            if row.ok:
                fd.bad.pop(sid, None)  # a later delta row for the same id replaces the earlier
        if not row.ok:
            _reject(plan, fd, line, sid)
    progress(f"Checked {fd.filename}", fd.rows, 0)
    if bare_dates:
        plan.warnings.append(Problem(fd.filename, bare_dates[0], "dateLastModified", (
            f"{_lines(bare_dates)}: dateLastModified is a date without a time; it was read "
            "as midnight UTC. OneRoster writes it YYYY-MM-DDThh:mm:ss.sssZ.")))
    if active_in_bulk:
        plan.warnings.append(Problem(fd.filename, active_in_bulk[0], "status", (
            f"{_lines(active_in_bulk)}: status active in a bulk file, whose rows carry no "
            "status; read as active.")))
    if fd.name in {"orgs", "academicSessions"}:
        known = plan.known.orgs if fd.name == "orgs" else plan.known.sessions
        for rec in fd.records.values():
            parent = rec.v.get("parent", "")
            if not parent:
                continue
            if parent in fd.present:
                rec.deps.append(("parentSourcedId", fd.name, parent))
            elif parent not in known:
                plan.problems.append(Problem(fd.filename, rec.line, "parentSourcedId",
                                             f'"{parent}" is not in {fd.filename} or an earlier import.'))
                _reject(plan, fd, rec.line, rec.sid)


def _lines(lines: list[int]) -> str:
    if len(lines) == 1:
        return f"Line {lines[0]}"
    shown = ", ".join(str(n) for n in lines[:5])
    more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    return f"{len(lines)} rows (lines {shown}{more})"


def _resolve(plan: Plan) -> None:
    """Skip every row that depends, directly or through other rows, on a rejected row or an
    unreadable file; report each as a consequence naming the rejected row; leave only the
    rows whose whole chain passed in `records`. Repeats until nothing changes, since a
    parent may come later in its own file or (users and roles) in a later file."""
    files = [fd for fd in plan.files.values() if fd.readable]
    changed = True
    while changed:
        changed = False
        for fd in files:
            for sid, rec in fd.records.items():
                if sid in fd.bad or sid in fd.skipped:
                    continue
                cause = _first_rejected(plan, rec)
                if cause is not None:
                    fd.skipped[sid] = cause
                    changed = True
    for fd in files:
        for sid, cause in fd.skipped.items():
            rec = fd.records[sid]
            plan.consequences.append(Problem(fd.filename, rec.line, _dep_column(rec, cause),
                                             _consequence(cause)))
        fd.records = {sid: rec for sid, rec in fd.records.items()
                      if sid not in fd.bad and sid not in fd.skipped}


def _first_rejected(plan: Plan, rec: Rec) -> Rejected | None:
    for _column, target, tsid in rec.deps:
        tfd = plan.files[target]
        if not tsid:
            return Rejected(tfd.filename, 0, "")
        root = tfd.rejected(tsid)
        if root is None:
            continue
        line = tfd.records[tsid].line if tsid in tfd.records else tfd.bad.get(tsid, 0)
        if root.file == tfd.filename and root.sid == tsid:
            return root
        return Rejected(root.file, root.line, root.sid, tfd.filename, line, tsid)
    return None


def _dep_column(rec: Rec, cause: Rejected) -> str:
    target, sid = (cause.via_file, cause.via_sid) if cause.via_file else (cause.file, cause.sid)
    return next((c for c, t, s in rec.deps if f"{t}.csv" == target and s == sid), "")


def _consequence(cause: Rejected) -> str:
    if not cause.sid:
        return (f"Skipped: it refers to {cause.file}, which could not be read (see the problem "
                "with its header).")
    root = f"{cause.sid} ({cause.file} line {cause.line})"
    if not cause.via_file:
        return f"Skipped: it refers to {root}, which was rejected."
    return (f"Skipped: it refers to {cause.via_sid} ({cause.via_file} line {cause.via_line}), "
            f"which depends on {root}, which was rejected.")


def _rows(plan: Plan, name: str) -> dict[str, Rec]:
    fd = plan.files.get(name)
    return fd.records if fd else {}


def _org_type(plan: Plan, sid: str) -> str:
    """The org's type as the drop gives it (whether or not its row has problems), else as an
    earlier import left it."""
    rec = _rows(plan, "orgs").get(sid)
    if rec is not None:
        return "" if rec.ended else str(rec.v.get("type", ""))
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
    row.ref("orgSourcedId", "orgs", plan.known.orgs.__contains__, org)
    year = row.text("schoolYearSourcedId")
    row.ref("schoolYearSourcedId", "academicSessions", plan.known.sessions.__contains__, year)
    return {"title": row.text("title", required=True), "org": org,
            "subjects": split_list(row.text("subjects"))}


def _classes(row: RowReader, sid: str) -> dict[str, Any]:
    plan = row.plan
    course = row.text("courseSourcedId", required=True)
    row.ref("courseSourcedId", "courses", plan.known.courses.__contains__, course)
    school = row.text("schoolSourcedId", required=True)
    row.ref("schoolSourcedId", "orgs", plan.known.orgs.__contains__, school)
    if school and _org_type(plan, school) not in {"", "school"}:
        row.problem("schoolSourcedId", f'"{school}" is a {_org_type(plan, school)}, not a school.')
    terms = split_list(row.text("termSourcedIds", required=True))
    for term in terms:
        row.ref("termSourcedIds", "academicSessions", plan.known.sessions.__contains__, term)
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
        # Read for family users (a guardian's students and how to reach them).
        "agents": split_list(row.text("agentSourcedIds")),
        "phone": row.text("phone") or row.text("sms"),
    }
    if plan.version == "1.1":
        role = row.choice("role", spec.USER_ROLES["1.1"])
        orgs = split_list(row.text("orgSourcedIds", required=True))
        for org in orgs:
            row.ref("orgSourcedIds", "orgs", plan.known.orgs.__contains__, org)
        if role in spec.USER_ROLES["1.1"]:
            _set_user_kind(row, sid, role, "role")
            plan.user_schools[sid] = [o for o in orgs if _org_type(plan, o) == "school"]
    else:
        primary = row.text("primaryOrgSourcedId")
        row.ref("primaryOrgSourcedId", "orgs", plan.known.orgs.__contains__, primary)
        if primary and _org_type(plan, primary) == "school":
            plan.user_schools[sid] = [primary]
    return values


def _set_user_kind(row: RowReader, sid: str, role: str, column: str) -> None:
    """Record whether a user is a student, staff or family; a clash is a role conflict."""
    plan = row.plan
    kind = "student" if role == "student" else spec.STAFF_ROLES.get(role, "family")
    if kind == "family":
        plan.family_roles.setdefault(sid, role)
    before = plan.user_kind.get(sid)
    if before is None:
        plan.user_kind[sid] = kind
    elif (before == "student") != (kind == "student"):
        row.problem(column, f'Role "{role}" conflicts with the role this user already has '
                            f'({"student" if before == "student" else "staff"}).')
    elif before == "gen_ed_teacher" and kind == "school_admin":
        plan.user_kind[sid] = kind  # the broader staff role wins


def _user_known(plan: Plan, sid: str) -> bool:
    """A user an earlier import left in the database."""
    return sid in plan.known.staff or sid in plan.known.students or sid in plan.known.guardians


def _roles(row: RowReader, sid: str) -> dict[str, Any]:
    plan = row.plan
    user = row.text("userSourcedId", required=True)
    row.ref("userSourcedId", "users", lambda s: _user_known(plan, s), user)
    role = row.choice("role", spec.USER_ROLES["1.2"])
    role_type = row.choice("roleType", {"primary", "secondary"})
    org = row.text("orgSourcedId", required=True)
    row.ref("orgSourcedId", "orgs", plan.known.orgs.__contains__, org)
    row.date("beginDate")
    row.date("endDate")
    if user and sid:
        plan.role_rows.setdefault(user, []).append(sid)
    if user and role in spec.USER_ROLES["1.2"]:
        _set_user_kind(row, user, role, "role")
    if _org_type(plan, org) == "school":
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
    if birth:
        plan.birth_dates[sid] = birth  # kept only if the row passes (see _resolve's callers)
    return {"birth": birth}


def _enrollments(row: RowReader, sid: str) -> dict[str, Any]:
    plan = row.plan
    klass = row.text("classSourcedId", required=True)
    row.ref("classSourcedId", "classes", plan.known.sections.__contains__, klass)
    school = row.text("schoolSourcedId", required=True)
    row.ref("schoolSourcedId", "orgs", plan.known.orgs.__contains__, school)
    user = row.text("userSourcedId", required=True)
    row.ref("userSourcedId", "users", lambda s: _user_known(plan, s), user)
    role = row.choice("role", spec.ENROLLMENT_ROLES)
    primary = row.boolean("primary")
    begin = row.date("beginDate")
    end = row.date("endDate")
    if begin and end and end < begin:
        row.problem("endDate", "endDate is before beginDate.")
    # The checks below read the class and the user as the drop gives them, whatever state
    # their rows are in, so a row's own conflicts show in the same pass as its parents'.
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
    if role == "student" and end is None and klass and user:
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
    if user in plan.known.guardians:
        return "family"
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
    roles = plan.files.get("roles")
    demographics = plan.files.get("demographics")
    families: list[int] = []
    importer = guardian_importer()
    unborn: list[int] = []  # new students imported without a birth date (a warning)
    for sid, rec in fd.records.items():
        if rec.ended or not rec.v:
            continue
        problems: list[tuple[str, str]] = []
        kind = _user_kind(plan, sid)
        v = rec.v
        if plan.version == "1.2" and roles is not None:
            # A user's kind and schools come from its roles rows: it depends on all of them.
            if roles.unread:
                rec.deps.append(("sourcedId", "roles", ""))
            rec.deps.extend(("sourcedId", "roles", r) for r in plan.role_rows.get(sid, ()))
        if not kind:
            # With roles rows (all rejected) or an unread roles.csv, it is skipped with them.
            if not plan.role_rows.get(sid) and not (roles is not None and roles.unread):
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
            orgs = plan.files.get("orgs")
            if not _student_school(plan, sid) and not (orgs is not None and orgs.unread):
                problems.append(("orgSourcedIds" if plan.version == "1.1" else "sourcedId",
                                 "The student is not linked to any school."))
            adopts = plan.known.student_numbers.get(number) == ""  # an unsourced student
            demo_row = demographics is not None and sid in demographics.present
            if demo_row:
                rec.deps.append(("sourcedId", "demographics", sid))
            rejected_demo = demo_row and demographics is not None and sid in demographics.bad
            if (sid not in plan.birth_dates and sid not in plan.known.students and not adopts
                    and not rejected_demo):
                if settings.ROSTER_REQUIRE_BIRTH_DATE:
                    problems.append(("sourcedId", "No birth date for this student in "
                                                  "demographics.csv; the district requires one."))
                else:
                    unborn.append(rec.line)
        elif kind == "family":
            if importer is None or not v["agents"]:
                families.append(rec.line)
            else:
                problems.extend(_guardian_problems(plan, fd, rec))
        else:
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
        if problems and sid not in fd.bad:
            fd.errors += 1
            fd.bad[sid] = rec.line
    if unborn:
        absent = demographics is None or demographics.mode == "absent"
        where = "is not in the drop" if absent else "has no row for them"
        plan.warnings.append(Problem(fd.filename, unborn[0], "sourcedId", (
            f"{_lines(unborn)}: new students imported without a birth date (demographics.csv "
            f"{where}). The IEP checklist asks for it where the age matters (a transition plan "
            "at 16); a later import with demographics.csv fills it in.")))
    if families and importer is None:
        plan.warnings.append(Problem(fd.filename, families[0], "role", (
            f"{_lines(families)}: families (guardian, parent or relative), read and not "
            "imported. Families are added as guardians of a student in the app.")))
    elif families:
        plan.warnings.append(Problem(fd.filename, families[0], "agentSourcedIds", (
            f"{_lines(families)}: families (guardian, parent or relative) naming no student in "
            "agentSourcedIds, read and not imported: a guardian is imported as the guardian of "
            "the students their agentSourcedIds name.")))


def _guardian_problems(plan: Plan, fd: FileData, rec: Rec) -> list[tuple[str, str]]:
    """A family user's own problems: each agent must be a student (of the drop, whatever
    state its row is in, as a dependency; else of an earlier import), and an email must be one."""
    problems: list[tuple[str, str]] = []
    for agent in rec.v["agents"]:
        if agent in fd.present:
            kind = plan.user_kind.get(agent, "")
            if kind and kind != "student":
                line = fd.records[agent].line if agent in fd.records else fd.bad.get(agent, 0)
                problems.append(("agentSourcedIds", f'"{agent}" (line {line}) is not a student: '
                                                    "a guardian's agents are their students."))
            else:
                rec.deps.append(("agentSourcedIds", "users", agent))
        elif agent not in plan.known.students:
            what = "is staff, not a student" if agent in plan.known.staff else (
                "is not a student in users.csv or an earlier import")
            problems.append(("agentSourcedIds", f'"{agent}" {what}.'))
    email = rec.v["email"]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(("email", f'"{email}" is not an email address.'))
    return problems


ROW_CHECKS.update({
    "orgs": _orgs, "academicSessions": _sessions, "courses": _courses, "classes": _classes,
    "users": _users, "roles": _roles, "demographics": _demographics, "enrollments": _enrollments,
})
