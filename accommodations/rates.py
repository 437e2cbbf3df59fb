"""Implementation rates: how many support checks were expected, and what teachers recorded.

Two layers:
- `compute(...)` is pure arithmetic on plain values (no queries), tested with hand-worked
  numbers;
- `implementation_for(students, start, end)` loads what `compute` needs for any number of
  students in a fixed number of queries (eleven), for the case manager's page, the admin
  fidelity dashboard and the reminders.

The rules (DESIGN.md, issue "Accommodations"):
- An *occasion* is (support, section, day). A support is expected in a section when the
  student is enrolled in it that day, the support is in effect (its own dates and its IEP's),
  and it applies to the section's subject.
- Every-class-meeting supports expect one check per day the section meets
  (`schedules.queries.meetings_for`: the instructional days of the school's calendar, i.e.
  weekdays inside the year minus closures, on which the section's bell schedule has it meet,
  e.g. only A days; a section without a schedule meets every instructional day).
- Assessment-only supports (scope "assessments only" or frequency "on assessments") are
  expected on the days the section meets and has an assessment (`assessment_days`: an
  assessment window given in the class that day, or an Assessment the teacher recorded).
- As-needed supports expect nothing; checks on them count as `logged`.
- Student absent: a check "student absent" for any support of a student in a class on a day
  marks that class meeting absent for the student (only a day the class meets is a meeting).
  Every occasion of that meeting leaves the
  figures (not expected, not provided, not missing); it is counted apart as `absent`.
- Only checks that count are loaded (`ImplementationCheck.objects.counted()`): a check
  entered past the approval window counts once an administrator approves it; until then the
  occasion is "not checked".
- Cut-off: every figure counts through the end of yesterday (`counted_through(today)`):
  today's classes may still be checked.

The check-off figure is three numbers (`CheckFigure`, from `Tally.figure()`): provided, not
provided (including "student declined"), not checked. "Not needed today" and absent meetings
are left out of all three and stated beside them.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import Q

from accommodations.models import Assessment, ImplementationCheck, Support
from assessments.queries import windows_for
from schedules.queries import meetings_for
from students.calendar import InstructionalCalendar
from students.models import IEP, Enrollment, SchoolCalendar, Section, Student

if TYPE_CHECKING:
    from iep_portal.models import User

FAR_FUTURE = dt.date(9999, 12, 31)
PROVIDED = ImplementationCheck.Outcome.PROVIDED
NOT_NEEDED = ImplementationCheck.Outcome.NOT_NEEDED
DECLINED = ImplementationCheck.Outcome.DECLINED
NOT_PROVIDED = ImplementationCheck.Outcome.NOT_PROVIDED
ABSENT = ImplementationCheck.Outcome.ABSENT


def counted_through(today: dt.date) -> dt.date:
    """The last day every check-off figure counts: yesterday (today is still in progress)."""
    return today - dt.timedelta(days=1)


# --- pure values -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SupportSpan:
    """A support as the arithmetic sees it. `subjects` None means every subject."""

    support_id: int
    student_id: int
    start: dt.date
    end: dt.date
    subjects: frozenset[str] | None = None
    assessment_only: bool = False
    expects_checks: bool = True

    def applies_to(self, subject: str) -> bool:
        return self.subjects is None or subject.strip().casefold() in self.subjects


@dataclass(frozen=True)
class EnrollmentSpan:
    student_id: int
    section_id: int
    school_id: int
    subject: str
    start: dt.date
    end: dt.date = FAR_FUTURE


@dataclass
class Tally:
    """Counts for a set of occasions.

    expected: occasions on which a check was expected (the student present).
    absent: occasions left out because the student was absent from that class meeting.
    provided / not_needed / declined / not_provided: expected occasions with that outcome.
    missing: expected occasions nobody checked.
    logged: checks where none was expected (as-needed supports, or an assessment-only
    support used on a day without an assessment); they never change the rate.
    rate: provided / (expected - not_needed). "Not needed today" is the teacher saying the
    occasion did not arise, so it leaves the denominator; "declined" and "not provided" stay
    in it. None when nothing was expected.
    """

    expected: int = 0
    provided: int = 0
    not_needed: int = 0
    declined: int = 0
    not_provided: int = 0
    logged: int = 0
    absent: int = 0

    @property
    def checked(self) -> int:
        return self.provided + self.not_needed + self.declined + self.not_provided

    @property
    def missing(self) -> int:
        return self.expected - self.checked

    @property
    def denominator(self) -> int:
        return self.expected - self.not_needed

    @property
    def rate(self) -> float | None:
        return self.provided / self.denominator if self.denominator > 0 else None

    @property
    def percent(self) -> int | None:
        rate = self.rate
        return None if rate is None else round(rate * 100)

    def add(self, other: Tally) -> None:
        self.expected += other.expected
        self.provided += other.provided
        self.not_needed += other.not_needed
        self.declined += other.declined
        self.not_provided += other.not_provided
        self.logged += other.logged
        self.absent += other.absent

    def figure(self) -> CheckFigure:
        """The check-off figure every page, reminder, export and the dashboard show."""
        return CheckFigure(
            provided=self.provided, not_provided=self.not_provided + self.declined,
            not_checked=self.missing, not_needed=self.not_needed, absent=self.absent,
        )

    def count(self, outcome: str) -> None:
        if outcome == PROVIDED:
            self.provided += 1
        elif outcome == NOT_NEEDED:
            self.not_needed += 1
        elif outcome == DECLINED:
            self.declined += 1
        elif outcome == NOT_PROVIDED:
            self.not_provided += 1


@dataclass(frozen=True)
class CheckFigure:
    """What the check-off figure measures, as three numbers over the expected occasions:
    provided, not provided (the teacher said so, or the student declined), not checked
    (nobody recorded it, or its late entry awaits approval). `not_needed` and `absent` are
    left out of all three and said beside them."""

    provided: int = 0
    not_provided: int = 0
    not_checked: int = 0
    not_needed: int = 0
    absent: int = 0

    @property
    def total(self) -> int:
        return self.provided + self.not_provided + self.not_checked

    @property
    def percent(self) -> int | None:
        """Provided of the three, rounded; None when nothing was expected."""
        return round(100 * self.provided / self.total) if self.total else None

    def __str__(self) -> str:
        text = (f"{self.provided:,} provided · {self.not_provided:,} not provided · "
                f"{self.not_checked:,} not checked")
        left_out = [f"{n:,} {label}" for n, label in ((self.not_needed, "not needed"),
                                                      (self.absent, "absent")) if n]
        return text + (f" ({', '.join(left_out)} left out)" if left_out else "")


class CheckRow(NamedTuple):
    """A check as `compute` reads it: a tuple, since a district's week has 500,000 of them."""

    support_id: int
    section_id: int
    date: dt.date
    outcome: str


def compute(
    *,
    start: dt.date,
    end: dt.date,
    supports: Iterable[SupportSpan],
    enrollments: Iterable[EnrollmentSpan],
    instructional_days: Mapping[int, Sequence[dt.date]] | None = None,
    meeting_days: Mapping[int, Sequence[dt.date]] | None = None,
    assessments: Collection[tuple[int, dt.date]],
    checks: Iterable[CheckRow],
) -> dict[tuple[int, int], Tally]:
    """Tally per (support_id, section_id) over start..end (both included).

    meeting_days: for each section id, the days it meets in ascending order (what
    `meetings_for` returns). A section missing from it meets on every one of its school's
    instructional_days: for each school id, its instructional days in ascending order.
    assessments: (section_id, day) pairs on which the teacher recorded an assessment.
    """
    by_student: dict[int, list[SupportSpan]] = defaultdict(list)
    student_of: dict[int, int] = {}
    for span in supports:
        by_student[span.student_id].append(span)
        student_of[span.support_id] = span.student_id
    checks = list(checks)
    # (student, section) -> days the student was absent from that class meeting.
    absent: dict[tuple[int, int], set[dt.date]] = defaultdict(set)
    for check in checks:
        if check.outcome == ABSENT and check.support_id in student_of and start <= check.date <= end:
            absent[(student_of[check.support_id], check.section_id)].add(check.date)

    windows: dict[tuple[int, int], list[tuple[dt.date, dt.date]]] = defaultdict(list)
    kinds: dict[tuple[int, int], SupportSpan] = {}
    schools: dict[int, int] = {}
    tallies: dict[tuple[int, int], Tally] = {}
    assessment_days: dict[int, list[dt.date]] = defaultdict(list)
    for section_id, day in assessments:
        assessment_days[section_id].append(day)
    meeting_days = meeting_days or {}
    instructional_days = instructional_days or {}

    def meetings(section_id: int, school_id: int) -> Sequence[dt.date]:
        found = meeting_days.get(section_id)
        return instructional_days.get(school_id, ()) if found is None else found

    for enrollment in enrollments:
        for span in by_student.get(enrollment.student_id, ()):
            if not span.applies_to(enrollment.subject):
                continue
            first = max(start, span.start, enrollment.start)
            last = min(end, span.end, enrollment.end)
            if first > last:
                continue
            key = (span.support_id, enrollment.section_id)
            windows[key].append((first, last))
            kinds[key] = span
            schools[enrollment.section_id] = enrollment.school_id
            tally = tallies.setdefault(key, Tally())
            days = meetings(enrollment.section_id, enrollment.school_id)
            if not span.expects_checks:
                continue
            if span.assessment_only:
                tally.expected += sum(
                    1 for day in assessment_days.get(enrollment.section_id, ())
                    if first <= day <= last and _contains(days, day)
                )
            else:
                tally.expected += bisect.bisect_right(days, last) - bisect.bisect_left(days, first)
            for day in absent.get((span.student_id, enrollment.section_id), ()):
                if first <= day <= last and _contains(days, day) and (
                    not span.assessment_only or (enrollment.section_id, day) in assessments
                ):
                    tally.expected -= 1
                    tally.absent += 1

    for check in checks:
        key = (check.support_id, check.section_id)
        if not start <= check.date <= end:
            continue
        kind = kinds.get(key)
        if check.date in absent.get((student_of.get(check.support_id, -1), check.section_id), ()):
            continue  # an absent meeting: its checks (the "absent" ones too) leave every count
        tally = tallies.setdefault(key, Tally())
        if kind is None or not any(a <= check.date <= b for a, b in windows[key]):
            tally.logged += 1
            continue
        days = meetings(check.section_id, schools[check.section_id])
        expected = kind.expects_checks and _contains(days, check.date) and (
            not kind.assessment_only or (check.section_id, check.date) in assessments
        )
        if expected:
            tally.count(check.outcome)
        else:
            tally.logged += 1
    return tallies


def _contains(days: Sequence[dt.date], day: dt.date) -> bool:
    i = bisect.bisect_left(days, day)
    return i < len(days) and days[i] == day


# --- loading from the database ---------------------------------------------------------------

@dataclass
class Row:
    """One support in one section for one student, with its tally."""

    support: Support
    section: Section
    tally: Tally

    @property
    def student_id(self) -> int:
        return self.support.iep.student_id

    @property
    def teacher(self) -> User | None:
        return self.section.teacher


@dataclass
class Implementation:
    """What `implementation_for` returns: rows at the finest grain, and roll-ups."""

    start: dt.date
    end: dt.date
    rows: list[Row] = field(default_factory=list)

    def total(self, rows: Iterable[Row] | None = None) -> Tally:
        total = Tally()
        for row in self.rows if rows is None else rows:
            total.add(row.tally)
        return total

    def by_support(self) -> list[tuple[Support, Tally]]:
        """One tally per support, over every section it applied in."""
        return self._group(lambda r: r.support.pk, lambda r: r.support)

    def by_teacher(self) -> list[tuple[User | None, Tally]]:
        """One tally per teacher (the section's teacher), over every student and support."""
        return self._group(lambda r: r.section.teacher_id, lambda r: r.section.teacher)

    def by_student(self) -> dict[int, Tally]:
        grouped: dict[int, Tally] = defaultdict(Tally)
        for row in self.rows:
            grouped[row.student_id].add(row.tally)
        return dict(grouped)

    def for_student(self, student_id: int) -> Implementation:
        return Implementation(self.start, self.end, [r for r in self.rows if r.student_id == student_id])

    def _group(self, key: Any, label: Any) -> list[tuple[Any, Tally]]:
        grouped: dict[Any, tuple[Any, Tally]] = {}
        for row in self.rows:
            entry = grouped.setdefault(key(row), (label(row), Tally()))
            entry[1].add(row.tally)
        return list(grouped.values())


def implementation_for(
    students: Iterable[Student] | Any, start: dt.date, end: dt.date
) -> Implementation:
    """Expected and recorded checks for `students` from start to end (both included).

    `students` is a Student queryset (used as a subquery: scope it first, e.g. with
    `Student.objects.visible_to(user)` or a school filter) or a list of students/ids.
    Counts supports of IEPs that were active or have since ended, for the part of the period
    each was in effect; draft IEPs count nothing. Pass `end` = yesterday when today's checks
    may not be done yet.

    Queries: supports (1), enrollments with sections and teachers (1), the days each section
    meets (`meetings_for`: seven), assessment days (`assessment_days`: two), checks (1):
    twelve, however many students or checks.
    """
    if not isinstance(students, Iterable) or isinstance(students, str):
        raise TypeError("students must be a queryset or a list")
    supports = list(
        Support.objects.filter(
            iep__student__in=students,
            iep__status__in=[IEP.Status.ACTIVE, IEP.Status.ENDED],
            iep__start_date__lte=end, iep__end_date__gte=start, start_date__lte=end,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("iep")
    )
    enrollments = list(
        Enrollment.objects.filter(student__in=students, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("section", "section__teacher")
    )
    sections = {e.section_id: e.section for e in enrollments}
    meeting = meetings_for(sections, start, end)
    assessments = assessment_days(sections.values(), start, end)
    checks = check_rows(ImplementationCheck.objects.filter(student__in=students, date__range=(start, end)))
    tallies = compute(
        start=start, end=end, supports=[span_of(s) for s in supports],
        enrollments=[
            EnrollmentSpan(e.student_id, e.section_id, e.section.school_id, e.section.subject,
                           e.start_date, e.end_date or FAR_FUTURE)
            for e in enrollments
        ],
        meeting_days=meeting, assessments=assessments, checks=checks,
    )
    by_id = {s.pk: s for s in supports}
    rows = [
        Row(by_id[support_id], sections[section_id], tally)
        for (support_id, section_id), tally in tallies.items()
        if support_id in by_id and section_id in sections
    ]
    rows.sort(key=lambda r: (r.support.iep.student_id, r.support.kind, r.support.pk, r.section.period))
    return Implementation(start, end, rows)


def assessment_days(
    sections: Iterable[Section], start: dt.date, end: dt.date
) -> dict[tuple[int, dt.date], list[str]]:
    """(section id, day) -> what makes that day an assessment day in that class, from start
    to end: the assessment windows given in it (`assessments.queries.windows_for`: a state
    test, a unit test entered ahead) and the assessments its teacher recorded on My classes
    ("Assessment in class today", for an unplanned quiz).

    The one answer to "does this class have an assessment that day": My classes, the rates,
    the fidelity figures and the missing-check reminders all call it, so assessment-only
    supports are expected on the same days everywhere. Days the class does not meet may be
    listed; callers count only meeting days. Needs loaded Section rows (school and subject).
    Queries: recorded assessments (1), windows (1); none when no section is given.
    """
    sections = list(sections)
    if not sections:
        return {}
    found = windows_for(sections, start, end)
    for section_id, day, title in Assessment.objects.filter(
        section__in=[s.pk for s in sections], date__range=(start, end)
    ).values_list("section_id", "date", "title"):
        names = found.setdefault((section_id, day), [])
        names.append(title or "Assessment")
    return found


def check_rows(checks: Any) -> list[CheckRow]:
    """The rows `compute` reads from a check queryset: only the checks that count (one query).

    Every loader (this module, the reminders, the fidelity dashboard) goes through here, so a
    late entry awaiting approval is "not checked" everywhere at once.
    """
    return list(map(CheckRow._make, checks.counted().values_list(
        "support_id", "section_id", "date", "outcome")))


def span_of(support: Support) -> SupportSpan:
    """A support's facts for `compute`; its IEP's dates bound its own (needs support.iep)."""
    iep = support.iep
    return span_from(support.pk, iep.student_id, support.start_date, support.end_date, iep.start_date,
                     iep.end_date, support.scope, support.subjects, support.frequency)


SPAN_FIELDS = ("pk", "iep__student_id", "start_date", "end_date", "iep__start_date", "iep__end_date",
               "scope", "subjects", "frequency")


def span_from(
    support_id: int, student_id: int, start: dt.date, end: dt.date | None, iep_start: dt.date,
    iep_end: dt.date, scope: str, subjects: Sequence[str], frequency: str,
) -> SupportSpan:
    """`span_of` from a support's values (`SPAN_FIELDS`, in order), for loaders that read a
    district's supports as rows."""
    return SupportSpan(
        support_id=support_id, student_id=student_id,
        start=max(start, iep_start), end=min(end or FAR_FUTURE, iep_end),
        subjects=Support.subjects_applying(scope, subjects),
        assessment_only=Support.assessment_only_for(scope, frequency),
        expects_checks=Support.expects_checks_for(frequency),
    )


def calendar_value(calendar: SchoolCalendar) -> InstructionalCalendar:
    """calendar.instructional(), reusing prefetched closures (no query when prefetched)."""
    return InstructionalCalendar(
        start=calendar.start_date, end=calendar.end_date,
        closures=frozenset(c.date for c in calendar.closures.all()),
    )
