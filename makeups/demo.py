"""Demo makeup plan: the speech line that owes the most for the provider's absences gets a
plan, as a speech-language pathologist would keep it: one makeup done (logged and
certified, naming the missed session it makes up) and one planned for the coming days,
moved once with a reason. Loaded after services.demo, on the same world.
"""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings

from makeups.models import MakeupChange, PlannedMakeup
from services import ledger
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement, ServiceSession
from students.demo import DemoWorld
from students.school_days import school_days_for


def load(world: DemoWorld) -> None:
    days = school_days_for({world.school.pk})[world.school.pk]
    today = world.today
    speech = ServiceRequirement.objects.filter(iep__in=world.ieps, area="Speech-language").select_related(
        "iep", "iep__student", "provider"
    )
    owed = {pk: entry.ledger.owed for pk, entry in ledgers_for(speech, today).items()}
    made_up = ServiceSession.objects.filter(made_up_by__isnull=False).values("pk")
    for line in sorted(speech, key=lambda r: (-owed[r.pk], r.pk)):
        missed = list(
            ServiceSession.objects.effective()
            .filter(requirement=line, status=ledger.PROVIDER_ABSENT)
            .exclude(pk__in=made_up)
            .order_by("date")
        )
        past = days.days(today - dt.timedelta(days=28), today - dt.timedelta(days=1))[-12:]
        if owed[line.pk] >= 3 * line.session_length and len(past) > 3 and missed and missed[0].date < past[0]:
            _plan(
                world,
                line,
                missed[0],
                past,
                days.days(today + dt.timedelta(days=1), today + dt.timedelta(days=14)),
            )
            return


def _plan(
    world: DemoWorld,
    line: ServiceRequirement,
    missed: ServiceSession,
    past: list[dt.date],
    ahead: list[dt.date],
) -> None:
    tz = ZoneInfo(settings.TIME_ZONE)
    provider = line.provider
    planned_on, done_on = past[0], past[3]
    # Done: planned on a Monday-ish school day twelve days back, delivered three days later.
    done = PlannedMakeup.objects.create(
        requirement=line,
        target_date=done_on,
        minutes=line.session_length,
        note="Before school, speech room",
        planned_by=provider,
    )
    session = ServiceSession.objects.create(
        requirement=line,
        student_id=line.iep.student_id,
        date=done_on,
        start_time=dt.time(7, 45),
        minutes=line.session_length,
        status=ledger.MAKEUP,
        note=f"Makeup for {missed.date:%b %-d} (provider at district training).",
        idempotency_key=uuid.UUID(int=world.rng.getrandbits(128)),
        logged_by=provider,
        certified_by=provider,
        certified_at=dt.datetime.combine(done_on, dt.time(8, 20), tzinfo=tz),
    )
    session.makes_up.set([missed])
    at = dt.datetime.combine(planned_on, dt.time(15, 40), tzinfo=tz)
    PlannedMakeup.objects.filter(pk=done.pk).update(planned_at=at)
    if len(ahead) < 3:
        return
    # Planned: first for tomorrow, moved to later in the fortnight (state testing tomorrow).
    upcoming = PlannedMakeup.objects.create(
        requirement=line,
        target_date=ahead[2],
        minutes=line.session_length,
        note="During advisory",
        planned_by=provider,
    )
    MakeupChange.objects.create(
        makeup=upcoming,
        kind=MakeupChange.Kind.RESCHEDULED,
        from_date=ahead[0],
        to_date=ahead[2],
        reason="State testing in the student's homeroom that day",
        by=provider,
    )
    PlannedMakeup.objects.filter(pk=upcoming.pk).update(planned_at=at + dt.timedelta(days=2))
