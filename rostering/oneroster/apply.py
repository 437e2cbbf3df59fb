"""Write a validated Plan to the database with bulk writes. Call inside one transaction.

Mapping (see docs/iep-import.md for the IEP side):
- orgs of type school -> School (an unsourced school with the same code is adopted);
  every org, academic session and course is also kept as a RosterRecord.
- academicSessions are kept as RosterRecords only. A school calendar decides which days are
  instructional (and so every expected minute), so an import never creates one: it proposes
  calendars from schoolYear sessions (`rostering/calendars.py`) for a district administrator
  to confirm.
- classes -> Section (teacher of record: the primary teacher enrollment, else the first);
  its periods cell -> the class's SectionMeeting rows and any Period the school lacks
  (`oneroster/periods.py` reads the cell, `schedules.periods.meetings_set` writes).
- users: teacher/aide/administrator... -> staff User with no usable password (SSO or an
  invitation); students -> Student (birth date from demographics); family users (guardian,
  parent, relative) -> a guardian of each student their agentSourcedIds name, written by the
  registered importer (`oneroster/guardians.py`; the families area registers it).
- enrollments with role student -> Enrollment; other roles are kept as RosterRecords and
  decide the section's teacher.

Nothing is ever deleted: an ended enrollment gets an end date, a user is deactivated, a
student and a section are marked inactive (a class's meetings follow its periods cell;
their history is kept). Case managers, providers and district admins keep
their role: OneRoster has no such roles, so the app owns them. A record whose values did not
change is not written, so importing the same drop twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db.models import F, Value
from django.db.models.functions import Greatest

from iep_portal.models import User
from rostering.models import RosterRecord
from rostering.oneroster.guardians import GuardianRow, guardian_importer
from rostering.oneroster.validate import FileData, Plan, Rec
from schedules.periods import meetings_set
from students.models import Enrollment, School, Section, Student

BATCH = 5000
PROTECTED_ROLES = {User.Role.CASE_MANAGER, User.Role.PROVIDER, User.Role.DISTRICT_ADMIN}
Progress = Callable[[str, int, int], None]


@dataclass
class Counts:
    rows: int = 0
    added: int = 0
    updated: int = 0
    ended: int = 0
    unchanged: int = 0
    errors: int = 0  # rows with problems of their own
    skipped: int = 0  # rows skipped because a row they depend on was rejected
    unread: int = 0  # 1 when the whole file was refused (its header, or empty)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class Changes:
    """What the import changed that other areas may need to hear about (after commit)."""

    enrollment_sections: set[int]
    enrollment_students: set[int]


def _chunks(items: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i: i + size]


def _json(v: dict[str, Any]) -> dict[str, Any]:
    return {k: (x.isoformat() if isinstance(x, dt.date) else list(x) if isinstance(x, tuple) else x)
            for k, x in v.items()}


class Applier:
    def __init__(self, plan: Plan, *, today: dt.date, progress: Progress) -> None:
        self.plan, self.today, self.progress = plan, today, progress
        self.counts: dict[str, Counts] = {}
        for fd in plan.files.values():
            if fd.mode != "absent":
                self.counts[fd.filename] = Counts(rows=fd.rows, errors=fd.errors,
                                                  skipped=len(fd.skipped), unread=int(fd.unread))
        self.changes = Changes(set(), set())
        # Writes no file's counts show (a class's teacher, a person's schools, meetings).
        self.other_writes = 0
        self.school_pk: dict[str, int] = {}
        self.section_pk: dict[str, int] = {}
        self.user_pk: dict[str, int] = {}
        self.student_pk: dict[str, int] = {}
        self.periods_before: dict[str, str] = {}  # class sid -> its periods cell last time

    def fd(self, name: str) -> FileData | None:
        fd = self.plan.files.get(name)
        return fd if fd is not None and fd.readable else None

    def count(self, name: str) -> Counts:
        return self.counts.setdefault(f"{name}.csv", Counts())

    # --- orgs, sessions, courses, teacher enrollments: RosterRecord --------------------------

    def records(self, kind: str, recs: dict[str, Rec], fd: FileData | None,
                counts: Counts | None) -> None:
        existing = {sid: (pk, data, active) for pk, sid, data, active in RosterRecord.objects.filter(
            kind=kind).values_list("pk", "sourced_id", "data", "active")}
        new, changed = [], []
        for sid, rec in recs.items():
            data = _json(rec.v) if not rec.ended else None
            old = existing.get(sid)
            if old is None:
                if rec.ended:
                    continue
                new.append(RosterRecord(kind=kind, sourced_id=sid, data=data))
                if counts:
                    counts.added += 1
            else:
                pk, old_data, active = old
                want_active = not rec.ended
                want_data = data if data is not None else old_data
                if want_data != old_data or want_active != active:
                    changed.append(RosterRecord(pk=pk, kind=kind, sourced_id=sid, data=want_data,
                                                active=want_active))
                    if counts:
                        if want_active:
                            counts.updated += 1
                        else:
                            counts.ended += 1
                elif counts:
                    counts.unchanged += 1
        if fd is not None and fd.bulk:
            gone = [pk for sid, (pk, _, active) in existing.items() if active and sid not in fd.present]
            for chunk in _chunks(gone):
                RosterRecord.objects.filter(pk__in=chunk).update(active=False)
            if counts:
                counts.ended += len(gone)
        RosterRecord.objects.bulk_create(new, batch_size=BATCH)
        RosterRecord.objects.bulk_update(changed, ["data", "active"], batch_size=BATCH)

    # --- schools -------------------------------------------------------------------------------

    def schools(self) -> None:
        """Counts in the summary are the org records; schools follow their school-type orgs."""
        fd = self.fd("orgs")
        if fd is not None:
            self.records("orgs", fd.records, fd, self.count("orgs"))
            existing = {s.sourced_id or f"code:{s.code}": s for s in School.objects.all()}
            codes = {s.code for s in existing.values()}
            new = []
            for sid, rec in fd.records.items():
                if rec.ended or rec.v["type"] != "school":
                    continue
                name = rec.v["name"][:200]
                code = (rec.v["identifier"] or sid)[:40]
                school = existing.get(sid) or existing.pop(f"code:{code}", None)
                if school is None:
                    if code in codes:
                        code = sid[:40]
                    codes.add(code)
                    new.append(School(name=name, code=code, sourced_id=sid))
                elif (school.name, school.sourced_id) != (name, sid):
                    school.name, school.sourced_id = name, sid
                    school.save(update_fields=["name", "sourced_id"])
            School.objects.bulk_create(new)
        self.school_pk = dict(School.objects.exclude(sourced_id="").values_list("sourced_id", "pk"))

    def sessions(self) -> None:
        fd = self.fd("academicSessions")
        if fd is not None:
            self.records("academicSessions", fd.records, fd, self.count("academicSessions"))

    # --- sections --------------------------------------------------------------------------------

    def sections(self) -> None:
        fd = self.fd("classes")
        courses_fd = self.fd("courses")
        if courses_fd is not None:
            self.records("courses", courses_fd.records, courses_fd, self.count("courses"))
        if fd is None:
            self.section_pk = dict(Section.objects.exclude(sourced_id="").values_list("sourced_id", "pk"))
            return
        counts = self.count("classes")
        courses = dict(RosterRecord.objects.filter(kind="courses").values_list("sourced_id", "data"))
        fields = ["school_id", "name", "subject", "period", "active"]
        existing = {s.sourced_id: s for s in Section.objects.exclude(sourced_id="")}
        new, changed = [], []
        self.periods_before = {sid: s.period for sid, s in existing.items()}
        for sid, rec in fd.records.items():
            section = existing.get(sid)
            if rec.ended:
                if section is not None and section.active:
                    section.active = False
                    changed.append(section)
                    counts.ended += 1
                else:
                    counts.unchanged += 1
                continue
            course = courses.get(rec.v["course"], {})
            subjects = rec.v["subjects"] or tuple(course.get("subjects", ())) or (course.get("title", ""),)
            want = {"school_id": self.school_pk[rec.v["school"]], "name": rec.v["title"][:200],
                    "subject": (subjects[0] or "")[:80], "period": rec.v["periods"][:20], "active": True}
            if section is None:
                new.append(Section(sourced_id=sid, **want))
                counts.added += 1
            elif any(getattr(section, k) != v for k, v in want.items()):
                for k, v in want.items():
                    setattr(section, k, v)
                changed.append(section)
                counts.updated += 1
            else:
                counts.unchanged += 1
        if fd.bulk:
            gone = [s for sid, s in existing.items() if s.active and sid not in fd.present]
            for s in gone:
                s.active = False
            changed.extend(gone)
            counts.ended += len(gone)
        Section.objects.bulk_create(new, batch_size=BATCH)
        Section.objects.bulk_update(changed, fields, batch_size=BATCH)
        self.section_pk = dict(Section.objects.exclude(sourced_id="").values_list("sourced_id", "pk"))
        self.meetings(fd)

    def meetings(self, fd: FileData) -> None:
        """A class's periods cell sets its meetings. An empty cell leaves a class's meetings
        alone (staff may have entered them), unless the last import named periods: then the
        district removed them and the class meets every day again."""
        wanted: dict[int, list[tuple[str, tuple[str, ...]]]] = {}
        for sid, rec in fd.records.items():
            if rec.ended or sid not in self.section_pk:
                continue
            meetings = rec.v["meetings"]
            if meetings or self.periods_before.get(sid):
                wanted[self.section_pk[sid]] = [(m.name, m.letters) for m in meetings]
        changes = meetings_set(wanted=wanted)
        self.other_writes += (changes.periods_added + changes.added + changes.updated
                              + changes.removed)

    # --- users -----------------------------------------------------------------------------------

    def users(self) -> None:
        fd = self.fd("users")
        demo = self.fd("demographics")
        if fd is None and demo is None:
            self._load_people()
            return
        records = fd.records if fd is not None else {}
        plan = self.plan
        staff = {sid: r for sid, r in records.items()
                 if plan.user_kind.get(sid, plan.known.staff.get(sid, "")) not in {"student", "family", ""}}
        students = {sid: r for sid, r in records.items()
                    if sid in plan.user_kind and plan.user_kind[sid] == "student"
                    or (sid not in plan.user_kind and sid in plan.known.students)}
        families = {sid: r for sid, r in records.items()
                    if plan.user_kind.get(sid) == "family"
                    or (sid not in plan.user_kind and sid in plan.known.guardians)}
        counts = self.count("users")
        self._staff(staff, fd, counts)
        self._students(students, fd, counts)
        self._load_people()
        self._staff_schools(staff)
        self._guardians(families, fd, counts)

    def _guardians(self, recs: dict[str, Rec], fd: FileData | None, counts: Counts) -> None:
        """Family users to the registered importer: each row's students are the whole set of
        its links (a student no longer named ends that link); a bulk file ends the family users
        it leaves out."""
        importer = guardian_importer()
        if importer is None or fd is None:
            return
        rows = []
        for sid, rec in recs.items():
            if rec.ended:
                rows.append(GuardianRow(sid, rec.line, ended=True))
                continue
            v = rec.v
            if not v["agents"] and sid not in self.plan.known.guardians:
                continue  # read and not imported (a warning says so)
            rows.append(GuardianRow(
                sid, rec.line, ended=False, role=self.plan.family_roles.get(sid, ""),
                given=v["given"], family=v["family"], email=v["email"], phone=v["phone"],
                students=tuple(self.student_pk[a] for a in v["agents"] if a in self.student_pk)))
        present = fd.present if fd.bulk else None
        if not rows and present is None:
            return
        for outcome in importer.apply(rows, present=present).values():
            setattr(counts, outcome, getattr(counts, outcome) + 1)

    def _staff(self, recs: dict[str, Rec], fd: FileData | None, counts: Counts) -> None:
        plan = self.plan
        by_sid: dict[str, User] = {}
        by_email: dict[str, User] = {}
        user: User | None  # each existing user below; then the one each record matches
        for user in User.objects.only("pk", "email", "first_name", "last_name", "role", "is_active",
                                      "sourced_id"):
            if user.sourced_id:
                by_sid[user.sourced_id] = user
            else:
                by_email[user.email.lower()] = user
        fields = ["email", "first_name", "last_name", "role", "is_active", "sourced_id"]
        new: list[User] = []
        changed: list[User] = []
        for sid, rec in recs.items():
            user = by_sid.get(sid)
            if rec.ended:
                if user is not None and user.is_active and user.role != User.Role.DISTRICT_ADMIN:
                    user.is_active = False
                    changed.append(user)
                    counts.ended += 1
                else:
                    counts.unchanged += 1
                continue
            v = rec.v
            if user is None:
                user = by_email.pop(v["email"], None)
            role = plan.user_kind.get(sid) or (user.role if user else User.Role.GEN_ED_TEACHER)
            if user is not None and user.role in PROTECTED_ROLES:
                role = user.role
            want = {"email": v["email"], "first_name": v["given"][:150], "last_name": v["family"][:150],
                    "role": role, "is_active": v["enabled"], "sourced_id": sid}
            if user is None:
                # No usable password: they sign in by SSO or an invitation.
                new.append(User(password=make_password(None), **want))
                counts.added += 1
            elif any(getattr(user, k) != x for k, x in want.items()):
                for k, x in want.items():
                    setattr(user, k, x)
                changed.append(user)
                counts.updated += 1
            else:
                counts.unchanged += 1
        if fd is not None and fd.bulk:
            gone = [u for sid, u in by_sid.items() if u.is_active and sid not in fd.present
                    and u.role != User.Role.DISTRICT_ADMIN]
            for u in gone:
                u.is_active = False
            changed.extend(gone)
            counts.ended += len(gone)
        User.objects.bulk_create(new, batch_size=BATCH)
        User.objects.bulk_update(changed, fields, batch_size=BATCH)

    def _students(self, recs: dict[str, Rec], fd: FileData | None, counts: Counts) -> None:
        plan = self.plan
        fields = ["school_id", "student_number", "first_name", "last_name", "preferred_name",
                  "date_of_birth", "grade", "active", "sourced_id"]
        by_sid: dict[str, Student] = {}
        by_number: dict[str, Student] = {}
        student: Student | None  # each existing student below; then the one each record matches
        for student in Student.objects.only("pk", *fields):
            if student.sourced_id:
                by_sid[student.sourced_id] = student
            else:
                by_number[student.student_number] = student
        births = dict(plan.birth_dates)
        demo = self.fd("demographics")
        new, changed = [], []
        touched: set[str] = set()
        for sid, rec in recs.items():
            touched.add(sid)
            student = by_sid.get(sid)
            if rec.ended:
                if student is not None and student.active:
                    student.active = False
                    changed.append(student)
                    counts.ended += 1
                else:
                    counts.unchanged += 1
                continue
            v = rec.v
            if student is None:
                student = by_number.pop(v["number"], None)
            school = plan.user_schools.get(sid) or [plan.known.students.get(sid, "")]
            want = {"school_id": self.school_pk[school[0]], "student_number": v["number"],
                    "first_name": v["given"][:100], "last_name": v["family"][:100],
                    "preferred_name": v["preferred"][:100], "grade": v["grade"],
                    "active": True, "sourced_id": sid}
            birth = births.get(sid)
            if birth is not None or student is None:
                want["date_of_birth"] = birth
            if student is None:
                new.append(Student(**want))
                counts.added += 1
            elif any(getattr(student, k) != x for k, x in want.items()):
                for k, x in want.items():
                    setattr(student, k, x)
                changed.append(student)
                counts.updated += 1
            else:
                counts.unchanged += 1
        if demo is not None:
            demo_counts = self.count("demographics")
            for sid, birth in births.items():
                student = by_sid.get(sid)
                if sid not in touched and student is not None and student.date_of_birth != birth:
                    # A demographics row for a student not in this drop's users.csv (delta).
                    student.date_of_birth = birth
                    changed.append(student)
                    demo_counts.updated += 1
                else:
                    demo_counts.unchanged += 1
        if fd is not None and fd.bulk:
            gone = [s for sid, s in by_sid.items() if s.active and sid not in fd.present]
            for s in gone:
                s.active = False
            changed.extend(gone)
            counts.ended += len(gone)
        Student.objects.bulk_create(new, batch_size=BATCH)
        Student.objects.bulk_update(changed, fields, batch_size=BATCH)

    def _load_people(self) -> None:
        self.user_pk = dict(User.objects.exclude(sourced_id="").values_list("sourced_id", "pk"))
        self.student_pk = dict(Student.objects.exclude(sourced_id="").values_list("sourced_id", "pk"))

    def _staff_schools(self, recs: dict[str, Rec]) -> None:
        """Set each rostered staff member's schools; the app's own roles only gain schools."""
        through = User.schools.through
        users = {self.user_pk[sid]: sid for sid, rec in recs.items() if not rec.ended and sid in self.user_pk}
        if not users:
            return
        have: dict[int, set[int]] = defaultdict(set)
        for chunk in _chunks(list(users)):
            for user_id, school_id in through.objects.filter(user_id__in=chunk).values_list(
                    "user_id", "school_id"):
                have[user_id].add(school_id)
        roles = dict(User.objects.filter(pk__in=list(users)).values_list("pk", "role")) if len(
            users) < 20000 else dict(User.objects.values_list("pk", "role"))
        add: list[Any] = []  # rows of the user-school through table
        remove: list[tuple[int, int]] = []
        for user_id, sid in users.items():
            want = {self.school_pk[s] for s in self.plan.user_schools.get(sid, []) if s in self.school_pk}
            if not want and sid not in self.plan.user_schools:
                continue
            add.extend(through(user_id=user_id, school_id=s) for s in want - have[user_id])
            if roles.get(user_id) not in PROTECTED_ROLES:
                remove.extend((user_id, s) for s in have[user_id] - want)
        through.objects.bulk_create(add, batch_size=BATCH)
        self.other_writes += len(add) + len(remove)
        for user_id, school_id in remove:
            through.objects.filter(user_id=user_id, school_id=school_id).delete()

    # --- enrollments -----------------------------------------------------------------------------

    def enrollments(self) -> None:
        fd = self.fd("enrollments")
        if fd is None:
            return
        counts = self.count("enrollments")
        yesterday = self.today - dt.timedelta(days=1)
        pupils = {sid: r for sid, r in fd.records.items() if r.ended or r.v["role"] == "student"}
        others = {sid: r for sid, r in fd.records.items() if not r.ended and r.v["role"] != "student"}
        # A tobedeleted row carries no role: it may be either kind, so try both.
        known_other = set(
            RosterRecord.objects.filter(kind="enrollments").values_list("sourced_id", flat=True))
        others.update({sid: r for sid, r in fd.records.items() if r.ended and sid in known_other})
        self.records("enrollments", others, fd, counts)
        existing: dict[str, tuple[int, int, int, dt.date, dt.date | None]] = {}
        open_unsourced: dict[tuple[int, int], tuple[int, dt.date]] = {}
        for pk, sid, section, student, start, end in Enrollment.objects.values_list(
                "pk", "sourced_id", "section_id", "student_id", "start_date", "end_date").iterator(
                chunk_size=20000):
            if sid:
                existing[sid] = (pk, section, student, start, end)
            elif end is None:
                open_unsourced[(section, student)] = (pk, start)
        self.progress("Writing enrollments", 0, len(pupils))
        # End first, so a re-enrolment never meets the still-open old row.
        to_end: list[int] = []
        for sid, rec in pupils.items():
            old = existing.get(sid)
            if not rec.ended or old is None:
                continue
            if old[4] is None or old[4] > yesterday:
                to_end.append(old[0])
                self.changes.enrollment_sections.add(old[1])
                self.changes.enrollment_students.add(old[2])
            else:
                counts.unchanged += 1
        if fd.bulk:
            gone = [(pk, sec, stu) for sid, (pk, sec, stu, _s, end) in existing.items()
                    if sid not in fd.present and (end is None or end > yesterday)]
            to_end.extend(pk for pk, _, _ in gone)
            self.changes.enrollment_sections.update(sec for _, sec, _ in gone)
            self.changes.enrollment_students.update(stu for _, _, stu in gone)
        for chunk in _chunks(to_end, 20000):
            Enrollment.objects.filter(pk__in=chunk).update(
                end_date=Greatest(F("start_date"), Value(yesterday)))
        counts.ended += len(to_end)
        new, changed = [], []
        for sid, rec in pupils.items():
            if rec.ended:
                continue
            v = rec.v
            section, student = self.section_pk[v["class"]], self.student_pk[v["user"]]
            old = existing.get(sid)
            if old is None and v["end"] is None and (section, student) in open_unsourced:
                pk, start = open_unsourced.pop((section, student))
                old = (pk, section, student, start, None)
                changed.append(Enrollment(pk=pk, section_id=section, student_id=student,
                                          start_date=v["begin"] or start, end_date=None, sourced_id=sid))
                counts.updated += 1
                continue
            if old is None:
                start = v["begin"] or self.today
                end = max(v["end"], start) if v["end"] else None
                new.append(Enrollment(section_id=section, student_id=student, start_date=start,
                                      end_date=end, sourced_id=sid))
                counts.added += 1
                self.changes.enrollment_sections.add(section)
                self.changes.enrollment_students.add(student)
                continue
            pk, old_section, old_student, old_start, old_end = old
            start = v["begin"] or old_start
            end = max(v["end"], start) if v["end"] else None
            if (old_section, old_student, old_start, old_end) != (section, student, start, end):
                changed.append(Enrollment(pk=pk, section_id=section, student_id=student,
                                          start_date=start, end_date=end, sourced_id=sid))
                counts.updated += 1
                self.changes.enrollment_sections.update({section, old_section})
                self.changes.enrollment_students.update({student, old_student})
            else:
                counts.unchanged += 1
        for i, chunk in enumerate(_chunks(new)):
            Enrollment.objects.bulk_create(chunk)
            self.progress("Writing enrollments", min((i + 1) * BATCH, len(new)), len(new))
        Enrollment.objects.bulk_update(changed, ["section_id", "student_id", "start_date", "end_date",
                                                 "sourced_id"], batch_size=BATCH)
        self.teachers(fd)

    def teachers(self, fd: FileData) -> None:
        """Each class's teacher of record: its primary teacher enrollment, else the first one."""
        per_class: dict[str, list[tuple[bool, str]]] = defaultdict(list)
        touched: set[str] = set()
        for data, active in RosterRecord.objects.filter(kind="enrollments").values_list("data", "active"):
            if data and data.get("role") == "teacher":
                touched.add(data["class"])
                if active:
                    per_class[data["class"]].append((bool(data.get("primary")), data["user"]))
        if fd.bulk:
            touched.update(self.section_pk)
        sections = Section.objects.filter(sourced_id__in=list(touched)).only("pk", "sourced_id", "teacher_id")
        changed = []
        for section in sections:
            teachers = sorted(per_class.get(section.sourced_id, []), reverse=True)
            teacher = None
            if teachers:
                teacher = self.user_pk.get(teachers[0][1])
            if section.teacher_id != teacher:
                section.teacher_id = teacher
                changed.append(section)
        Section.objects.bulk_update(changed, ["teacher_id"], batch_size=BATCH)
        self.other_writes += len(changed)

    def run(self) -> dict[str, dict[str, int]]:
        self.schools()
        self.sessions()
        self.sections()
        self.users()
        self.enrollments()
        fd = self.fd("roles")
        if fd is not None:
            self.count("roles").unchanged = len(fd.records)
        return {name: c.as_dict() for name, c in self.counts.items()}


@dataclass
class Applied:
    summary: dict[str, dict[str, int]]
    changes: Changes
    written: int  # rows written in all: 0 means the database is as it was


def apply_plan(plan: Plan, *, today: dt.date, progress: Progress) -> Applied:
    """Apply the plan's valid records. The caller holds the transaction."""
    applier = Applier(plan, today=today, progress=progress)
    summary = applier.run()
    written = applier.other_writes + sum(
        c["added"] + c["updated"] + c["ended"] for c in summary.values())
    return Applied(summary, applier.changes, written)
