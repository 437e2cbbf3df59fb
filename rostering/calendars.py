"""School calendars proposed from the roster's academic sessions, confirmed by a district
administrator.

A school calendar decides which weekdays are instructional, so it drives every expected
minute of every service line at the school. An SIS's "school year" session often covers the
fiscal year (July to June), summer included; made a calendar, it would count summer weekdays
as school days and inflate expected minutes everywhere. So an import never creates a
calendar: `calendar_proposals` lists the schoolYear sessions that could become one at schools
that have none for those dates, with the effect; `calendars_confirm` creates the calendars a
district administrator chose, with the dates they confirmed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q

from iep_portal.models import User
from rostering.models import CalendarConfirmation, RosterRecord
from students.calendar import InstructionalCalendar, SchoolDays
from students.calendar_effects import CalendarEffect, effects_of
from students.models import IEP, School, SchoolCalendar
from students.school_days import calendars_for

# A school year longer than this, or starting in July, is likely a fiscal year.
LONG_YEAR_DAYS = 300


@dataclass
class SchoolEffect:
    school: School
    students_with_iep: int  # active IEPs: each of their service lines counts on these days
    # What confirming does to the figures other apps count on school days (expected service
    # minutes, from services' registered effect), from the first day to the last.
    effects: list[CalendarEffect] = field(default_factory=list)


@dataclass
class Proposal:
    session: str  # the academic session's sourcedId
    title: str
    start: dt.date
    end: dt.date
    schools: list[SchoolEffect] = field(default_factory=list)

    @property
    def weekdays(self) -> int:
        """Weekdays the calendar would make instructional (before any closure is entered)."""
        calendar = InstructionalCalendar(start=self.start, end=self.end, closures=frozenset())
        return sum(1 for _ in calendar.days(self.start, self.end))

    @property
    def looks_like_fiscal_year(self) -> bool:
        return (self.end - self.start).days > LONG_YEAR_DAYS or self.start.month == 7


def _overlaps(calendars: list[tuple[dt.date, dt.date]], start: dt.date, end: dt.date) -> bool:
    return any(s <= end and start <= e for s, e in calendars)


def calendar_proposals() -> list[Proposal]:
    """Each active schoolYear session with the rostered schools that have no calendar
    overlapping it, newest first. Queries: sessions (1), schools (1), calendars (1)."""
    sessions = [(sid, data) for sid, data in RosterRecord.objects.filter(
        kind="academicSessions", active=True, data__type="schoolYear").values_list(
            "sourced_id", "data")]
    if not sessions:
        return []
    schools = list(School.objects.exclude(sourced_id="").annotate(
        students_with_iep=Count("students__ieps", filter=Q(
            students__active=True, students__ieps__status=IEP.Status.ACTIVE), distinct=True),
    ).order_by("name"))
    calendars: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for school_id, start, end in SchoolCalendar.objects.filter(
            school__in=schools).values_list("school_id", "start_date", "end_date"):
        calendars.setdefault(school_id, []).append((start, end))
    proposals = []
    for sid, data in sessions:
        try:
            start, end = dt.date.fromisoformat(data["start"]), dt.date.fromisoformat(data["end"])
        except (KeyError, TypeError, ValueError):
            continue
        proposal = Proposal(sid, str(data.get("title", ""))[:60], start, end)
        proposal.schools = [SchoolEffect(s, s.students_with_iep) for s in schools
                            if not _overlaps(calendars.get(s.pk, []), start, end)]
        if proposal.schools:
            proposals.append(proposal)
    return sorted(proposals, key=lambda p: p.start, reverse=True)


def with_effects(proposals: list[Proposal]) -> list[Proposal]:
    """Each proposal's effect at each school: every registered calendar effect (expected
    service minutes) from its first day to its last, without and with the proposed calendar.
    Queries: the schools' calendars (2), then each registered effect's own per proposal."""
    ids = {e.school.pk for p in proposals for e in p.schools}
    existing = calendars_for(ids) if ids else {}
    for proposal in proposals:
        schools = {e.school.pk for e in proposal.schools}
        new = InstructionalCalendar(start=proposal.start, end=proposal.end, closures=frozenset())
        before = {pk: SchoolDays(existing.get(pk, [])) for pk in schools}
        after = {pk: SchoolDays([*existing.get(pk, []), new]) for pk in schools}
        found: dict[int, list[CalendarEffect]] = {}
        for effect in effects_of(schools, before, after, proposal.start, proposal.end):
            found.setdefault(effect.school_id, []).append(effect)
        for school in proposal.schools:
            school.effects = found.get(school.school.pk, [])
    return proposals


@transaction.atomic
def calendars_confirm(*, session: str, name: str, start: dt.date, end: dt.date,
                      school_ids: list[int], by: User) -> list[SchoolCalendar]:
    """Create the confirmed calendar at each chosen school that still has none overlapping
    these dates (so a repeated or second-tab confirm creates nothing twice)."""
    proposal = next((p for p in calendar_proposals() if p.session == session), None)
    if proposal is None:
        raise ValidationError("This session no longer proposes a calendar: every school has "
                              "one for its dates, or the roster ended it.")
    if end <= start:
        raise ValidationError("The last day of school must be after the first day.")
    allowed = {e.school.pk for e in proposal.schools}
    chosen = [pk for pk in school_ids if pk in allowed]
    if not chosen:
        raise ValidationError("Choose at least one school that has no calendar for these dates.")
    created = []
    for school in School.objects.select_for_update().filter(pk__in=chosen).order_by("pk"):
        existing = list(SchoolCalendar.objects.filter(school=school).values_list(
            "start_date", "end_date"))
        if _overlaps(existing, start, end):
            continue
        calendar = SchoolCalendar(school=school, name=name.strip()[:60] or proposal.title,
                                  start_date=start, end_date=end)
        calendar.full_clean()
        calendar.save()
        CalendarConfirmation.objects.create(
            calendar=calendar, session_sourced_id=session, proposed_start=proposal.start,
            proposed_end=proposal.end, confirmed_by=by)
        created.append(calendar)
    return created
