"""Reminder sweeps for accommodations (see notifications.sweeps).

- Check-offs missing: a student's expected support checks in a class were not all made on
  each of the last IEP_CHECKS_MISSING_DAYS days the class met before today (today's may still
  come; a day the class does not meet, e.g. a B day for an A-day class, is never asked
  for). A class meeting the student was absent from expects nothing; a late check awaiting
  approval is still missing (accommodations.rates). The section's teacher hears, at most once
  a week per student and class, with a link to My classes on the first of those days;
  catching up resolves it at the next sweep.
- Unacknowledged IEP changes (accommodations.acknowledgements): the teacher or provider
  IEP_ACKNOWLEDGE_REMIND_DAYS after the acknowledgement became due, the case manager too
  after IEP_ACKNOWLEDGE_ESCALATE_DAYS; resolved at the next sweep once acknowledged.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accommodations.acknowledgements import NEW_IN_CLASS, outstanding_acknowledgements
from accommodations.models import ImplementationCheck, Support
from accommodations.rates import (
    FAR_FUTURE,
    SPAN_FIELDS,
    CheckRow,
    EnrollmentSpan,
    SupportSpan,
    assessment_days,
    check_rows,
    compute,
    counted_through,
    span_from,
)
from notifications.models import Notification
from notifications.notify import Reminder, resolve_settled
from schedules.queries import meetings_for
from students.models import IEP, Enrollment, Section, Student

CHECKS_PREFIX = "checks-missing"
ACK_PREFIX = "unacknowledged"
# How far back to look for a class's last few meetings (long enough to span a break).
LOOKBACK_DAYS = 28



def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def checks_sweep(today: dt.date) -> list[Reminder]:
    """Queries (15): supports of active IEPs (1), their students' enrollments (1) and classes
    (1), the days each section meets (7, `meetings_for`), assessment days (2,
    `assessment_days`), checks (1) — what accommodations.rates.implementation_for loads, kept
    per day here —; the students reminded of (1, when any); resolving what is settled (1)."""
    needed = settings.IEP_CHECKS_MISSING_DAYS
    end = counted_through(today)
    start = today - dt.timedelta(days=LOOKBACK_DAYS + 7 * needed)
    students = Student.objects.filter(active=True, ieps__status=IEP.Status.ACTIVE).values("pk")
    # Rows, not models: a district has tens of thousands of supports and enrollments, and whole
    # rows (with texts and timestamps) cost seconds.
    spans = [span_from(*row) for row in (
        Support.objects.filter(iep__status=IEP.Status.ACTIVE, iep__student__active=True,
                               start_date__lte=end, iep__start_date__lte=end, iep__end_date__gte=start)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .values_list(*SPAN_FIELDS)
    )]
    enrollments = list(
        Enrollment.objects.filter(student__in=students, start_date__lte=end, section__teacher__isnull=False)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .values_list("student_id", "section_id", "start_date", "end_date")
    )
    sections = Section.objects.in_bulk({section_id for _, section_id, _, _ in enrollments})
    days = meetings_for(sections, start, end)
    # Per section: the last `needed` days it met (a class meeting only on A days is asked
    # about its last A days, never about a B day).
    recent = {section_id: found[-needed:] for section_id, found in days.items() if len(found) >= needed}
    first = min((found[0] for found in recent.values()), default=end)
    assessments = assessment_days(sections.values(), first, end)
    checks = check_rows(ImplementationCheck.objects.filter(student__in=students, date__range=(first, end)))
    student_of = {span.support_id: span.student_id for span in spans}
    enrollment_spans = [
        EnrollmentSpan(student_id, section_id, sections[section_id].school_id, sections[section_id].subject,
                       start_date, end_date or FAR_FUTURE)
        for student_id, section_id, start_date, end_date in enrollments if section_id in recent
    ]
    # Each day is tallied for the classes that count it among their recent meetings only, with
    # that day's checks: a tally is one support in one class, so the others never change it.
    enrollments_on: dict[dt.date, list[EnrollmentSpan]] = defaultdict(list)
    for span in enrollment_spans:
        for day in recent[span.section_id]:
            enrollments_on[day].append(span)
    checks_on: dict[dt.date, list[CheckRow]] = defaultdict(list)
    for check in checks:
        checks_on[check.date].append(check)
    spans_of: dict[int, list[SupportSpan]] = defaultdict(list)
    for support in spans:
        spans_of[support.student_id].append(support)
    # (student, section) -> the recent days on which some expected check was not made. A
    # student and class checked in full on one recent day is reminded of nothing, so later
    # days tally only the students and classes still short on every day so far.
    missed: dict[tuple[int, int], list[dt.date]] = defaultdict(list)
    settled: set[tuple[int, int]] = set()
    for day in sorted(enrollments_on):
        today_enrollments = [e for e in enrollments_on[day] if (e.student_id, e.section_id) not in settled]
        students_today = {e.student_id for e in today_enrollments}
        tallies = compute(start=day, end=day,
                          supports=[s for student_id in students_today for s in spans_of[student_id]],
                          enrollments=today_enrollments,
                          meeting_days=days, assessments=assessments, checks=checks_on[day])
        short: set[tuple[int, int]] = set()
        for (support_id, section_id), tally in tallies.items():
            if tally.missing > 0 and day in recent.get(section_id, ()):  # the figure's not checked
                short.add((student_of[support_id], section_id))
        for key in short:
            missed[key].append(day)
        settled.update((e.student_id, e.section_id) for e in today_enrollments
                       if (e.student_id, e.section_id) not in short)
    by_pk = Student.objects.in_bulk({student_id for student_id, _ in missed}) if missed else {}
    reminders = []
    my_classes = reverse("accommodations:my_classes")
    for (student_id, section_id), found in sorted(missed.items()):
        section = sections[section_id]
        if len(found) < len(recent[section_id]):
            continue  # checked in full on at least one of the recent days
        url = (f"{my_classes}?section={section.pk}"
               f"&date={found[0].isoformat()}#section-{section.pk}")
        reminders.append(Reminder(
            section.teacher_id, Notification.Kind.CHECKS_MISSING,  # type: ignore[arg-type]
            f"{CHECKS_PREFIX}:{section.pk}:{student_id}:{_iso_week(today)}",
            f"{by_pk[student_id]}: accommodation check-offs missing in {section} for the last "
            f"{len(found)} class days — check them off from {found[0]:%a %b %-d}",
            url, student_id=student_id,
        ))
    resolve_settled(Notification.Kind.CHECKS_MISSING, CHECKS_PREFIX, reminders)
    return reminders


def acknowledgements_sweep(today: dt.date) -> list[Reminder]:
    """Queries (7): outstanding_acknowledgements over every active IEP (6), resolving what
    is settled (1)."""
    remind_after = settings.IEP_ACKNOWLEDGE_REMIND_DAYS
    escalate_after = settings.IEP_ACKNOWLEDGE_ESCALATE_DAYS
    reminders = []
    for due in outstanding_acknowledgements(IEP.objects.active().filter(student__active=True), today=today):
        since = timezone.localdate(due.since)
        waited = (today - since).days
        if waited < remind_after:
            continue
        student = due.iep.student
        key = f"{ACK_PREFIX}:{due.iep.pk}:{due.user.pk}:{since.isoformat()}"
        what = "joined your class" if due.reason == NEW_IN_CLASS else "IEP supports changed"
        reminders.append(Reminder(
            due.user.pk, Notification.Kind.UNACKNOWLEDGED, key,
            f"{student}: {what} on {since:%b %-d} — read the supports and acknowledge them",
            reverse("accommodations:glance", args=[student.pk]), student_id=student.pk,
        ))
        if waited >= escalate_after:
            reminders.append(Reminder(
                due.iep.case_manager_id, Notification.Kind.UNACKNOWLEDGED, f"{key}:case-manager",
                f"{student}: {due.user} has not acknowledged the IEP supports ({waited} days)",
                reverse("accommodations:student", args=[student.pk]), student_id=student.pk,
            ))
    resolve_settled(Notification.Kind.UNACKNOWLEDGED, ACK_PREFIX, reminders)
    return reminders
