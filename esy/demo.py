"""Demo extended school year: the district's summer session (late June to late July, Monday
to Thursday mornings, no session on the Independence Day holiday), one student whose team
decided ESY is needed, on reading fluency regression and recoupment data, with a reading SDI
line of 90 minutes a week taught by the case manager, and one whose decision waits for
winter-break data. Sessions are logged only when the demo's day falls inside the session.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from esy.actions import esy_decision_record, esy_line_add, esy_session_add
from esy.models import EsyDecision, EsySession
from services.models import ServiceRequirement, ServiceSession
from students.demo import DemoWorld

NEEDED_BASIS = (
    "Reading fluency probes: {first} read 64 words correct a minute in June and 41 at the start of "
    "this school year, and took 7 weeks of instruction to recoup (fall probes, weekly). The loss after "
    "last winter break was similar (58 to 44, 5 weeks to recoup). Decoding of multisyllable words is an "
    "emerging skill the team judged at a critical point. Parent agreed at the meeting."
)
PENDING_BASIS = (
    "The team will compare reading and math probes from before and after winter break and decide at "
    "the review meeting; last year's data showed no regression longer than 3 weeks."
)


def summer_session_dates(today: dt.date) -> tuple[dt.date, dt.date]:
    """The summer session in progress or next: from the Monday on or after June 21 to the
    Thursday of its sixth week."""
    for year in (today.year, today.year + 1):
        start = dt.date(year, 6, 21)
        start += dt.timedelta(days=(7 - start.weekday()) % 7)
        end = start + dt.timedelta(days=38)
        if today <= end:
            return start, end
    raise AssertionError("unreachable")


def independence_day_observed(year: int) -> dt.date:
    day = dt.date(year, 7, 4)
    return day + dt.timedelta(days={5: -1, 6: 1}.get(day.weekday(), 0))


def load(world: DemoWorld) -> None:
    director = world.users["district_admin"]
    start, end = summer_session_dates(world.today)
    holiday = independence_day_observed(start.year)
    session = esy_session_add(
        school=None, by=director, name=f"Summer {start.year}", start_date=start, end_date=end,
        weekdays=[0, 1, 2, 3],
        closures=[(holiday, "Independence Day (observed)")] if holiday.weekday() < 4 else [])
    manager = world.users["case_manager"]
    spans = [iep for iep in world.ieps if iep.case_manager_id == manager.pk
             and iep.start_date <= world.today and iep.end_date >= start + dt.timedelta(days=14)]
    if not spans:
        return
    iep = spans[0]
    decided = max(iep.start_date, world.today - dt.timedelta(days=9))
    esy_decision_record(iep=iep, by=manager, status=EsyDecision.Status.NEEDED, decided_on=decided,
                        basis=NEEDED_BASIS.format(first=iep.student.first_name))
    line = esy_line_add(
        iep=iep, by=manager, kind=ServiceRequirement.Kind.SDI, area="Reading", minutes=90, sessions=2,
        period=ServiceRequirement.Period.WEEK, setting=ServiceRequirement.Setting.SPECIAL_ED,
        provider=manager, start_date=start, end_date=min(end, iep.end_date))
    if len(spans) > 1:
        esy_decision_record(iep=spans[1], by=manager, status=EsyDecision.Status.PENDING,
                            decided_on=max(spans[1].start_date, world.today - dt.timedelta(days=20)),
                            basis=PENDING_BASIS)
    _sessions(world, session, line)


def _sessions(world: DemoWorld, session: EsySession, line: ServiceRequirement) -> None:
    """Tuesday and Thursday mornings, 45 minutes, up to yesterday, when the session has begun."""
    yesterday = world.today - dt.timedelta(days=1)
    closed = set(session.closures.values_list("date", flat=True))
    day, rows = line.start_date, []
    while day <= min(yesterday, line.end_date):
        if day.weekday() in (1, 3) and day not in closed:
            at = timezone.make_aware(dt.datetime.combine(day, dt.time(11, 40)))
            rows.append(ServiceSession(
                requirement=line, student_id=line.iep.student_id, date=day, start_time=dt.time(9, 0),
                minutes=45, group_size=3, status=ServiceSession.Status.DELIVERED, logged_by=line.provider,
                logged_at=at, certified_by=line.provider, certified_at=at,
                note="Repeated reading of a decodable passage; multisyllable word sort.",
                idempotency_key=uuid.UUID(int=world.rng.getrandbits(128))))
        day += dt.timedelta(days=1)
    ServiceSession.objects.bulk_create(rows)
