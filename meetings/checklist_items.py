"""The meetings' part of the documentation checklist (students/checklist.py): parent consent,
the family notice and attendance of the last meeting, the transition plan, and the
deadlines of upcoming meetings, their notices and open follow-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from meetings.models import (
    ConsentRecord,
    FollowUp,
    Meeting,
    MeetingAttendance,
    TransitionPlan,
    notice_lead_days,
)
from students.checklist import (
    ALL_PLANS,
    DONE,
    MISSING,
    NOT_APPLICABLE,
    Deadline,
    ItemResult,
    register_deadlines,
    register_item,
)
from students.models import IEP, add_years


def _consent(ieps: Sequence[IEP], today: dt.date) -> dict[int, ItemResult]:
    """Parent consent for services on file for the student (the latest one). One query."""
    latest: dict[int, ConsentRecord] = {}
    for record in (
        ConsentRecord.objects.filter(
            student__in={iep.student_id for iep in ieps}, kind=ConsentRecord.Kind.SERVICES,
            received_on__lte=today,
        )
        .select_related("recorded_by")
        .order_by("student_id", "-received_on")
        .distinct("student_id")
    ):
        latest[record.student_id] = record
    answers = {}
    for iep in ieps:
        consent = latest.get(iep.student_id)
        if consent is None:
            answers[iep.pk] = ItemResult(MISSING, note="No signed consent for services on file.")
        else:
            answers[iep.pk] = ItemResult(
                DONE, on=consent.received_on, by=str(consent.recorded_by),
                note=f"Signed by {consent.given_by}",
            )
    return answers


def _last_meetings(ieps: Sequence[IEP], today: dt.date, *, held_only: bool) -> dict[int, Meeting]:
    """Each IEP's latest non-cancelled meeting (held or past only, if asked). One query."""
    meetings = Meeting.objects.current().filter(iep__in=[iep.pk for iep in ieps])
    if held_only:
        meetings = meetings.filter(Q(status=Meeting.Status.HELD) | Q(date__lt=today))
    # A subquery, not a join + GROUP BY: PostgreSQL's DISTINCT ON cannot follow an aggregate.
    people = (
        MeetingAttendance.objects.filter(meeting=OuterRef("pk")).order_by().values("meeting")
        .annotate(n=Count("pk")).values("n")
    )
    meetings = meetings.annotate(attendance_count=Coalesce(Subquery(people), 0)).select_related(
        "notice_recorded_by", "attendance_recorded_by"
    )
    return {
        m.iep_id: m
        for m in meetings.order_by("iep_id", "-date", "-start_time").distinct("iep_id")
    }


def _family_notice(ieps: Sequence[IEP], today: dt.date) -> dict[int, ItemResult]:
    """Family notice for the latest meeting (past or upcoming). One query."""
    last = _last_meetings(ieps, today, held_only=False)
    answers = {}
    for iep in ieps:
        meeting = last.get(iep.pk)
        if meeting is None:
            answers[iep.pk] = ItemResult(NOT_APPLICABLE, note="No meeting scheduled in the portal yet.")
        elif meeting.notice_sent_on is None:
            answers[iep.pk] = ItemResult(
                MISSING, due=meeting.notice_due_by,
                note=f"Notice for the {meeting.get_kind_display().lower()} on "
                     f"{meeting.date:%b %-d} not sent yet (send by {meeting.notice_due_by:%b %-d}).",
            )
        else:
            given = (meeting.date - meeting.notice_sent_on).days
            late = " (later than the district's lead time)" if given < notice_lead_days() else ""
            answers[iep.pk] = ItemResult(
                DONE, on=meeting.notice_sent_on, by=str(meeting.notice_recorded_by or ""),
                note=f"{meeting.get_notice_method_display()}, {given} days before the "
                     f"{meeting.get_kind_display().lower()} on {meeting.date:%b %-d}{late}.",
            )
    return answers


def _attendance(ieps: Sequence[IEP], today: dt.date) -> dict[int, ItemResult]:
    """Attendance recorded for the latest meeting that has taken place. One query."""
    last = _last_meetings(ieps, today, held_only=True)
    answers = {}
    for iep in ieps:
        meeting = last.get(iep.pk)
        if meeting is None:
            answers[iep.pk] = ItemResult(NOT_APPLICABLE, note="No meeting has taken place yet.")
        elif meeting.attendance_count:  # type: ignore[attr-defined]
            recorded = meeting.attendance_recorded_at
            answers[iep.pk] = ItemResult(
                DONE, on=recorded.date() if recorded else meeting.date,
                by=str(meeting.attendance_recorded_by or ""),
                note=f"{meeting.attendance_count} people, {meeting.get_kind_display().lower()} "  # type: ignore[attr-defined]
                     f"on {meeting.date:%b %-d}.",
            )
        else:
            answers[iep.pk] = ItemResult(
                MISSING, due=meeting.date,
                note=f"Record who came to the {meeting.get_kind_display().lower()} on "
                     f"{meeting.date:%b %-d}.",
            )
    return answers


# Without a birth date, a student in this grade or above may turn 16 during the IEP.
TRANSITION_GRADE_WITHOUT_BIRTH_DATE = 9


def turns_16_during(iep: IEP) -> bool | None:
    """A transition plan is required when the student is 16 at any point in the IEP's term.

    None when the birth date is not on file and the grade leaves it open (grade 9 and above):
    the checklist then asks for the birth date instead of guessing.
    """
    age = iep.student.age_on(iep.end_date)
    if age is not None:
        return age >= 16
    grade = iep.student.grade.strip()
    if grade.isdigit() and int(grade) >= TRANSITION_GRADE_WITHOUT_BIRTH_DATE:
        return None
    return False


def _transition_plan(ieps: Sequence[IEP], today: dt.date) -> dict[int, ItemResult]:
    """Transition plan on file when the student is 16 during the IEP. One query."""
    needed = {iep.pk: turns_16_during(iep) for iep in ieps}
    asked = [pk for pk, need in needed.items() if need is not False]
    plans = {
        plan.iep_id: plan
        for plan in TransitionPlan.objects.filter(iep__in=asked).select_related("recorded_by")
    } if asked else {}
    answers = {}
    for iep in ieps:
        if needed[iep.pk] is False:
            note = ("The student is under 16 through the end of this IEP."
                    if iep.student.date_of_birth else
                    f"No birth date on file; in grade {iep.student.grade} the student is under 16.")
            answers[iep.pk] = ItemResult(NOT_APPLICABLE, note=note)
        elif iep.pk in plans:
            plan = plans[iep.pk]
            answers[iep.pk] = ItemResult(DONE, on=plan.completed_on, by=str(plan.recorded_by))
        elif iep.student.date_of_birth is None:
            answers[iep.pk] = ItemResult(
                MISSING,
                note=f"No birth date on file: a student in grade {iep.student.grade} may turn 16 "
                     "during this IEP, when a transition plan is required. Add the birth date.",
            )
        else:
            sixteen = add_years(iep.student.date_of_birth, 16)
            answers[iep.pk] = ItemResult(
                MISSING, due=max(iep.start_date, sixteen),
                note=f"The student turns 16 on {sixteen:%b %-d, %Y}; a transition plan is required.",
            )
    return answers


def _meeting_deadlines(ieps: Sequence[IEP], today: dt.date) -> dict[int, list[Deadline]]:
    """The next meeting and its family notice, and open follow-ups. Queries: 2."""
    pks = [iep.pk for iep in ieps]
    if not pks:
        return {}
    case_managers = {iep.pk: iep.case_manager_id for iep in ieps}
    found: dict[int, list[Deadline]] = {}
    for meeting in (
        Meeting.objects.upcoming(today).filter(iep__in=pks)
        .order_by("iep_id", "date", "start_time").distinct("iep_id")
    ):
        cm = case_managers[meeting.iep_id]
        found.setdefault(meeting.iep_id, []).append(
            Deadline("meeting", f"{meeting.get_kind_display()} meeting", meeting.date, cm))
        if meeting.notice_sent_on is None:
            found[meeting.iep_id].append(Deadline("notice", "Family notice", meeting.notice_due_by, cm))
    for fu in FollowUp.objects.open().filter(meeting__iep__in=pks).select_related("meeting"):
        found.setdefault(fu.meeting.iep_id, []).append(
            Deadline("follow_up", fu.description, fu.due_on, fu.owner_id))
    return found


def register() -> None:
    register_item("consent_for_services", "Parent consent for services", _consent)
    register_item("family_notice", "Family notice for the last meeting", _family_notice, plans=ALL_PLANS)
    register_item("attendance", "Attendance recorded for the last meeting", _attendance, plans=ALL_PLANS)
    register_item("transition_plan", "Transition plan (from age 16)", _transition_plan)
    register_deadlines("meetings", _meeting_deadlines, keys={"meeting", "notice", "follow_up"})
