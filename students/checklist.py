"""The documentation checklist: what must be on file for each IEP, computed from the data.

Nothing here is ticked by hand. Each item has a *provider*: a set-based function that takes
many IEPs at once and answers, for each, done / missing / not applicable with the date and
who. Providers run a fixed number of queries however many IEPs they are given, so the whole
checklist for a caseload costs (number of enabled items) queries at most.

Other apps plug their items in from their AppConfig.ready():

    from students.checklist import ItemResult, register_item
    register_item("progress_reports", "Progress reports sent on schedule", provider)

where `provider(ieps: Sequence[IEP], today: date) -> dict[iep_pk, ItemResult]`. An IEP
missing from the answer counts as missing. The district chooses which items it tracks, and
their order, with the IEP_CHECKLIST_ITEMS setting; an enabled key with no provider
registered yet is left out (so the default list can name items other apps will provide).

`deadlines_for(ieps, today)` is the contract the reminders and the admin deadlines list use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from students.models import (
    IEP,
    ConsentRecord,
    FollowUp,
    Meeting,
    MeetingAttendance,
    TransitionPlan,
    add_years,
)

if TYPE_CHECKING:
    from iep_portal.models import User

DONE = "done"
MISSING = "missing"
NOT_APPLICABLE = "not_applicable"
STATUS_LABELS = {DONE: "Done", MISSING: "Missing", NOT_APPLICABLE: "Not applicable"}


@dataclass(frozen=True)
class ItemResult:
    status: str
    on: dt.date | None = None  # when it was done (or, for a missing item, when it is due)
    by: str = ""  # who did it or recorded it
    note: str = ""
    due: dt.date | None = None  # a missing item's deadline, if it has one

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


Provider = Callable[[Sequence[IEP], dt.date], dict[int, ItemResult]]


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    provider: Provider


@dataclass(frozen=True)
class Line:
    """One item of one IEP's checklist."""

    key: str
    label: str
    result: ItemResult


_REGISTRY: dict[str, ChecklistItem] = {}


def register_item(key: str, label: str, provider: Provider) -> None:
    """Add (or replace) a checklist item. Call from AppConfig.ready()."""
    _REGISTRY[key] = ChecklistItem(key, label, provider)


def enabled_items() -> list[ChecklistItem]:
    """The district's items in the district's order, leaving out any not provided yet."""
    return [_REGISTRY[key] for key in settings.IEP_CHECKLIST_ITEMS if key in _REGISTRY]


def checklist_for(ieps: Sequence[IEP], today: dt.date) -> dict[int, list[Line]]:
    """Every enabled item for every IEP. `ieps` must come with `student` selected.

    Queries: one per enabled item at most (the built-in items: consent 1, family notice 1,
    attendance 1, transition plan 1, reevaluation 0).
    """
    lines: dict[int, list[Line]] = {iep.pk: [] for iep in ieps}
    if not ieps:
        return lines
    for item in enabled_items():
        answers = item.provider(ieps, today)
        for iep in ieps:
            result = answers.get(iep.pk, ItemResult(MISSING))
            lines[iep.pk].append(Line(item.key, item.label, result))
    return lines


# --- built-in items --------------------------------------------------------------------------

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
            late = " (later than the district's lead time)" if given < _lead() else ""
            answers[iep.pk] = ItemResult(
                DONE, on=meeting.notice_sent_on, by=str(meeting.notice_recorded_by or ""),
                note=f"{meeting.get_notice_method_display()}, {given} days before the "
                     f"{meeting.get_kind_display().lower()} on {meeting.date:%b %-d}{late}.",
            )
    return answers


def _lead() -> int:
    from students.models import notice_lead_days

    return notice_lead_days()


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


def turns_16_during(iep: IEP) -> bool:
    """A transition plan is required when the student is 16 at any point in the IEP's term."""
    return iep.student.age_on(iep.end_date) >= 16


def _transition_plan(ieps: Sequence[IEP], today: dt.date) -> dict[int, ItemResult]:
    """Transition plan on file when the student is 16 during the IEP. One query."""
    needed = [iep for iep in ieps if turns_16_during(iep)]
    plans = {
        plan.iep_id: plan
        for plan in TransitionPlan.objects.filter(iep__in=[i.pk for i in needed]).select_related(
            "recorded_by"
        )
    } if needed else {}
    answers = {}
    for iep in ieps:
        if iep not in needed:
            answers[iep.pk] = ItemResult(
                NOT_APPLICABLE, note="The student is under 16 through the end of this IEP."
            )
        elif iep.pk in plans:
            plan = plans[iep.pk]
            answers[iep.pk] = ItemResult(DONE, on=plan.completed_on, by=str(plan.recorded_by))
        else:
            sixteen = add_years(iep.student.date_of_birth, 16)
            answers[iep.pk] = ItemResult(
                MISSING, due=max(iep.start_date, sixteen),
                note=f"The student turns 16 on {sixteen:%b %-d, %Y}; a transition plan is required.",
            )
    return answers


def _reevaluation(ieps: Sequence[IEP], today: dt.date) -> dict[int, ItemResult]:
    """An evaluation within the last three years, from the IEP's dates. No queries."""
    answers = {}
    for iep in ieps:
        if iep.last_evaluation_date is None:
            answers[iep.pk] = ItemResult(MISSING, note="No evaluation date on the IEP.")
            continue
        due = iep.reevaluation_due or add_years(iep.last_evaluation_date, 3)
        due = min(due, add_years(iep.last_evaluation_date, 3))
        if due >= today:
            answers[iep.pk] = ItemResult(
                DONE, on=iep.last_evaluation_date, note=f"Next reevaluation due by {due:%b %-d, %Y}.",
                due=due,
            )
        else:
            answers[iep.pk] = ItemResult(
                MISSING, due=due, note=f"The reevaluation was due by {due:%b %-d, %Y}.",
            )
    return answers


register_item("consent_for_services", "Parent consent for services", _consent)
register_item("family_notice", "Family notice for the last meeting", _family_notice)
register_item("attendance", "Attendance recorded for the last meeting", _attendance)
register_item("transition_plan", "Transition plan (from age 16)", _transition_plan)
register_item("reevaluation", "Reevaluation within three years", _reevaluation)


# --- the contract for reminders and the admin deadlines list ---------------------------------

@dataclass(frozen=True)
class Deadline:
    key: str  # "annual_review", "reevaluation", "meeting", "notice", "follow_up", or an item key
    label: str
    due: dt.date
    owner_id: int | None = None  # who should act (the case manager unless a follow-up says)

    def days_left(self, today: dt.date) -> int:
        return (self.due - today).days


@dataclass
class IEPStatus:
    """What is missing on one IEP and what falls due next."""

    iep: IEP
    lines: list[Line]
    deadlines: list[Deadline] = field(default_factory=list)

    @property
    def missing(self) -> list[Line]:
        return [line for line in self.lines if line.result.status == MISSING]

    @property
    def next_deadline(self) -> Deadline | None:
        return self.deadlines[0] if self.deadlines else None


def deadlines_for(ieps: Sequence[IEP], today: dt.date) -> list[IEPStatus]:
    """Missing checklist items and upcoming deadlines for many IEPs, in a fixed number of queries.

    Contract (reminders, the admin deadlines list): pass active IEPs with `student` selected
    (`IEP.objects.active().select_related("student")`); get one IEPStatus per IEP in the
    same order, where `missing` lists the checklist items not on file and `deadlines` lists,
    soonest first, the annual review, the reevaluation, the next meeting and its family
    notice, open follow-ups, and missing items that have a due date. Deadlines in the past
    are overdue and still listed. Each deadline names the user who should act
    (`owner_id`). Pure reads; safe to call from a task.

    Queries: the checklist (one per enabled item) + upcoming meetings (1) + open follow-ups (1).
    """
    lines = checklist_for(ieps, today)
    pks = [iep.pk for iep in ieps]
    next_meeting = {
        m.iep_id: m
        for m in Meeting.objects.upcoming(today).filter(iep__in=pks)
        .order_by("iep_id", "date", "start_time").distinct("iep_id")
    } if pks else {}
    follow_ups: dict[int, list[FollowUp]] = {}
    for fu in FollowUp.objects.open().filter(meeting__iep__in=pks).select_related("meeting") if pks else []:
        follow_ups.setdefault(fu.meeting.iep_id, []).append(fu)

    statuses = []
    for iep in ieps:
        cm = iep.case_manager_id
        found = [Deadline("annual_review", "Annual review", iep.annual_review_due, cm)]
        if iep.reevaluation_due:
            found.append(Deadline("reevaluation", "Reevaluation", iep.reevaluation_due, cm))
        meeting = next_meeting.get(iep.pk)
        if meeting is not None:
            found.append(Deadline("meeting", f"{meeting.get_kind_display()} meeting", meeting.date, cm))
            if meeting.notice_sent_on is None:
                found.append(Deadline("notice", "Family notice", meeting.notice_due_by, cm))
        for fu in follow_ups.get(iep.pk, []):
            found.append(Deadline("follow_up", fu.description, fu.due_on, fu.owner_id))
        for line in lines[iep.pk]:
            if line.result.status == MISSING and line.result.due and line.key not in {"family_notice"}:
                found.append(Deadline(line.key, line.label, line.result.due, cm))
        found.sort(key=lambda d: d.due)
        statuses.append(IEPStatus(iep=iep, lines=lines[iep.pk], deadlines=found))
    return statuses


def caseload_documentation(user: User, today: dt.date) -> list[IEPStatus]:
    """The IEPs this user manages (admins: those of students they may see), most missing
    first, then soonest deadline. Queries: IEPs (1) + deadlines_for.
    """
    from students.models import Student

    ieps = IEP.objects.active().select_related("student", "case_manager")
    if user.is_admin_role:
        ieps = ieps.filter(student__in=Student.objects.visible_to(user))
    else:
        ieps = ieps.filter(case_manager=user)
    statuses = deadlines_for(list(ieps), today)
    far = dt.date.max
    statuses.sort(key=lambda s: (
        -len(s.missing),
        s.next_deadline.due if s.next_deadline else far,
        s.iep.student.last_name, s.iep.student.first_name,
    ))
    return statuses
