"""Demo services: requirements on every demo IEP and a term of sessions up to yesterday.

Students fall in three groups so the pages have something to show: about a third are
behind (school-caused misses rarely made up), a third on track, and a third ahead. Every
row is bulk inserted; the world's seeded random generator keeps it deterministic.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings

from services import ledger
from services.models import ServiceRequirement, ServiceSession
from students.calendar import SchoolDays, week_start
from students.demo import DemoWorld
from students.lateness import lateness
from students.school_days import school_days_for

BEHIND, ON_TRACK, AHEAD = 0, 1, 2
# Per planned session: the chance it is delivered, missed by the student (the rest: missed
# by the school), then the chance a school-caused / student-caused miss is made up.
PROFILES = {
    BEHIND: (0.66, 0.12, 0.15, 0.0),
    ON_TRACK: (0.92, 0.04, 1.0, 0.9),
    AHEAD: (0.93, 0.04, 1.0, 1.0),
}
UNAVAILABLE = ["Field trip", "State testing", "Refused to come"]
CANCELLED = ["Assembly", "State testing schedule", "Provider pulled to cover a class", "IEP meeting"]


def draw_session(
    rng: random.Random, length: int, *, longer: float, p_delivered: float, p_student: float,
    p_makeup_school: float, p_makeup_student: float,
) -> tuple[str, str, int, bool]:
    """One planned session's fate: (status, reason, minutes, whether a makeup follows).

    Delivered with probability p_delivered (sometimes ten minutes long), missed by the
    student with p_student, otherwise missed for a school cause; misses are made up with
    the cause's makeup probability. Shared by the demo and the district generator.
    """
    roll = rng.random()
    status, reason, minutes = ledger.DELIVERED, "", length
    if roll < longer:
        minutes = length + 10
    if roll >= p_delivered + p_student:
        status = rng.choice([ledger.PROVIDER_ABSENT, ledger.SCHOOL_CANCELLED])
        reason = rng.choice(CANCELLED) if status == ledger.SCHOOL_CANCELLED else ""
    elif roll >= p_delivered:
        status = rng.choice([ledger.STUDENT_ABSENT, ledger.STUDENT_UNAVAILABLE])
        reason = rng.choice(UNAVAILABLE) if status == ledger.STUDENT_UNAVAILABLE else ""
    chance = p_makeup_school if status in ledger.SCHOOL_CAUSED else p_makeup_student
    made_up = status != ledger.DELIVERED and rng.random() < chance
    return status, reason, minutes, made_up


def load(world: DemoWorld) -> None:
    rng = world.rng
    requirements = _requirements(world)
    days = school_days_for({world.school.pk})[world.school.pk]
    yesterday = world.today - dt.timedelta(days=1)
    tz = ZoneInfo(settings.TIME_ZONE)
    rows: list[ServiceSession] = []
    makeups: list[tuple[int, int]] = []  # (makeup row index, missed row index)
    for r, profile in requirements:
        service = r.as_service()
        p_delivered, p_student, p_makeup_school, p_makeup_student = PROFILES[profile]
        length = service.session_length
        owed_back: list[int] = []
        monday = week_start(service.start)
        while monday <= min(yesterday, service.end):
            week = days.days(max(monday, service.start), min(monday + dt.timedelta(days=4), yesterday,
                                                               service.end))
            for day in _plan(r, week, monday):
                status, reason, minutes, made_up = draw_session(
                    rng, length, longer=0.35 if profile == AHEAD else 0.0,
                    p_delivered=p_delivered, p_student=p_student,
                    p_makeup_school=p_makeup_school, p_makeup_student=p_makeup_student,
                )
                if made_up:
                    owed_back.append(len(rows))
                rows.append(_row(r, day, minutes, status, reason, rng, tz))
            # Makeups land on the first school day of the following week.
            next_monday = monday + dt.timedelta(days=7)
            following = days.days(next_monday, min(next_monday + dt.timedelta(days=4), yesterday))
            if owed_back and following:
                for missed in owed_back:
                    makeups.append((len(rows), missed))
                    rows.append(_row(r, following[0], rows[missed].minutes, ledger.MAKEUP,
                                     "", rng, tz, note="Makeup for a missed session."))
                owed_back = []
            monday += dt.timedelta(days=7)
    ServiceSession.objects.bulk_create(rows, batch_size=1000)
    through = ServiceSession.makes_up.through
    through.objects.bulk_create([
        through(from_servicesession_id=rows[m].pk, to_servicesession_id=rows[x].pk) for m, x in makeups
    ])
    _corrections(rows, rng, tz)
    _evidence(world, requirements, rows, days, tz)


def _evidence(world: DemoWorld, requirements: list[tuple[ServiceRequirement, int]],
              rows: list[ServiceSession], days: SchoolDays, tz: ZoneInfo) -> None:
    """The records a hearing officer asks about: a speech session the case manager entered
    on the speech-language pathologist's behalf (pending until she confirms it), a reading
    session entered late with its reason, and one entered weeks late that waits for an
    administrator's approval."""
    yesterday = world.today - dt.timedelta(days=1)
    taken = {(r.requirement_id, r.date) for r in rows}
    recent = days.days(world.today - dt.timedelta(days=28), yesterday)
    speech = next((r for r, _ in requirements if r.area == "Speech-language"), None)
    weekly = ServiceRequirement.Period.WEEK
    reading = next((r for r, _ in requirements if r.area == "Reading" and r.period == weekly), None)
    extra: list[ServiceSession] = []
    free = [d for d in reversed(recent) if speech and (speech.pk, d) not in taken]
    if speech and free:
        day = free[0]
        at = dt.datetime.combine(day, dt.time(15, 10), tzinfo=tz)
        extra.append(ServiceSession(
            requirement=speech, student_id=speech.iep.student_id, date=day, start_time=dt.time(14, 30),
            minutes=30, status=ServiceSession.Status.DELIVERED, logged_by=speech.iep.case_manager,
            on_behalf_of=speech.provider, logged_at=at,
            note="Entered from the speech-language pathologist's session note left in the resource room.",
            idempotency_key=uuid.UUID(int=world.rng.getrandbits(128)),
        ))
    late_days = [d for d in recent if reading and (reading.pk, d) not in taken]
    for day in late_days:
        recorded = days.days(day + dt.timedelta(days=1), yesterday)
        if len(recorded) < 7:
            break
        found = lateness(happened=day, recorded=recorded[6], days=days)
        at = dt.datetime.combine(recorded[6], dt.time(16, 5), tzinfo=tz)
        assert reading is not None
        extra.append(ServiceSession(
            requirement=reading, student_id=reading.iep.student_id, date=day, start_time=dt.time(14, 30),
            minutes=30, status=ServiceSession.Status.DELIVERED, logged_by=reading.provider, logged_at=at,
            certified_by=reading.provider, certified_at=at, late=found.late,
            late_reason="Paper log from the week of the district assessment; entered on my return "
                        "from two days of sick leave.",
            needs_approval=found.needs_approval, idempotency_key=uuid.UUID(int=world.rng.getrandbits(128)),
        ))
        break
    old = [d for d in days.days(world.today - dt.timedelta(days=60), world.today - dt.timedelta(days=40))
           if reading and (reading.pk, d) not in taken]
    if reading and old:
        at = dt.datetime.combine(yesterday, dt.time(15, 45), tzinfo=tz)
        extra.append(ServiceSession(
            requirement=reading, student_id=reading.iep.student_id, date=old[0], start_time=dt.time(14, 30),
            minutes=30, status=ServiceSession.Status.DELIVERED, logged_by=reading.provider, logged_at=at,
            certified_by=reading.provider, certified_at=at, late=True, needs_approval=True,
            late_reason="Found in the substitute's binder after her long-term leave ended.",
            idempotency_key=uuid.UUID(int=world.rng.getrandbits(128)),
        ))
    ServiceSession.objects.bulk_create(extra)


def _requirements(world: DemoWorld) -> list[tuple[ServiceRequirement, int]]:
    made: list[tuple[ServiceRequirement, int]] = []
    users = world.users
    for i, iep in enumerate(world.ieps):
        profile = i % 3
        lines = [
            ServiceRequirement(
                iep=iep, kind=ServiceRequirement.Kind.SDI, area="Reading" if i % 2 else "Math",
                minutes=30 if i % 4 == 0 else 120, sessions=1 if i % 4 == 0 else 4,
                period=ServiceRequirement.Period.DAY if i % 4 == 0 else ServiceRequirement.Period.WEEK,
                setting=ServiceRequirement.Setting.SPECIAL_ED if i % 2 else ServiceRequirement.Setting.GEN_ED,
                provider=iep.case_manager, start_date=iep.start_date, end_date=iep.end_date,
            )
        ]
        if i % 2 == 0:
            lines.append(ServiceRequirement(
                iep=iep, kind=ServiceRequirement.Kind.RELATED, area="Speech-language", minutes=60,
                sessions=2, period=ServiceRequirement.Period.WEEK,
                setting=ServiceRequirement.Setting.SPECIAL_ED, provider=users["provider"],
                start_date=iep.start_date, end_date=iep.end_date,
            ))
        if i % 5 == 0:
            lines.append(ServiceRequirement(
                iep=iep, kind=ServiceRequirement.Kind.RELATED, area="Occupational therapy", minutes=120,
                sessions=4, period=ServiceRequirement.Period.MONTH,
                setting=ServiceRequirement.Setting.GEN_ED, provider=users["provider_ot"],
                start_date=iep.start_date, end_date=iep.end_date,
            ))
        made.extend((line, profile) for line in lines)
    ServiceRequirement.objects.bulk_create([r for r, _ in made])
    return made


def _plan(r: ServiceRequirement, week: list[dt.date], monday: dt.date) -> list[dt.date]:
    """Which school days of the week the sessions fall on."""
    if r.period == ServiceRequirement.Period.DAY:
        return week
    if r.period == ServiceRequirement.Period.MONTH:
        return week[:1] if week else []  # weekly, about four a month
    wanted = {1: [2], 2: [1, 3], 3: [0, 2, 4], 4: [0, 1, 2, 3]}.get(r.sessions, list(range(5)))
    return [d for d in week if d.weekday() in wanted]


# What a related-service provider writes after a session, by area: the activity, the student's
# response and the progress toward the goal (the shape a Medicaid claim's note needs).
RELATED_NOTES = {
    "Speech-language": [
        ("Articulation drills for /r/ in words and short phrases with picture cards",
         "Produced /r/ correctly in 8 of 10 words with a visual cue, 5 of 10 without",
         "Toward the articulation goal: up from 6 of 10 with a cue two weeks ago"),
        ("Following two-step directions in a barrier game with classroom vocabulary",
         "Followed 7 of 10 directions, asked for a repeat twice on her own",
         "Toward the receptive language goal: steady at about 70%, target 80%"),
    ],
    "Occupational therapy": [
        ("Handwriting on lined paper with a slant board and a pencil grip",
         "Copied a three-sentence paragraph with letters on the line in 4 of 5 words",
         "Toward the legibility goal: spacing improved, letter size still varies"),
        ("Scissor skills and a fine-motor warm-up with therapy putty",
         "Cut along a curved line within a quarter inch for most of the shape",
         "Toward the fine-motor goal: from straight lines only in October"),
    ],
    "Counseling": [
        ("Role-played asking a peer to join a game, then named the feelings in each scene",
         "Started two of three role-plays himself and named frustration without a prompt",
         "Toward the self-advocacy goal: initiates more often than at the last check-in"),
    ],
}


def related_note(area: str, day: dt.date) -> str:
    """A believable note for a delivered related-service session ("" for about one in eleven,
    the notes a provider forgot to write)."""
    options = RELATED_NOTES.get(area)
    if not options or day.toordinal() % 11 == 0:
        return ""
    activity, response, progress = options[day.toordinal() % len(options)]
    return f"Activity: {activity}\nResponse: {response}\nProgress: {progress}"


def _row(r: ServiceRequirement, day: dt.date, minutes: int, status: str, reason: str, rng: object,
         tz: ZoneInfo, note: str = "") -> ServiceSession:
    at = dt.datetime.combine(day, dt.time(15, 30), tzinfo=tz)
    if r.kind == ServiceRequirement.Kind.RELATED and status in ledger.DELIVERED_STATUSES:
        note = "\n".join(part for part in (note, related_note(r.area, day)) if part)
    return ServiceSession(
        requirement=r, student_id=r.iep.student_id, date=day, minutes=minutes, status=status,
        reason=reason, note=note, group_size=2 if r.area == "Speech-language" and day.weekday() == 3 else 1,
        start_time=dt.time(9 + day.weekday(), 0), idempotency_key=uuid.UUID(int=rng.getrandbits(128)),  # type: ignore[attr-defined]
        logged_by=r.provider, logged_at=at, certified_by=r.provider, certified_at=at,
    )


def _corrections(rows: list[ServiceSession], rng: object, tz: ZoneInfo) -> None:
    """A few amendments and voids, so the trail shows on the services pages."""
    corrections: list[ServiceSession] = []
    for original in rows[5::97][:6]:
        if original.status != ledger.DELIVERED:
            continue
        if original.certified_at is None:
            raise ValueError("Every demo session is logged certified.")
        void = len(corrections) % 3 == 2
        corrections.append(ServiceSession(
            requirement=original.requirement, student_id=original.student_id, date=original.date,
            minutes=original.minutes if void else max(5, original.minutes - 10), status=original.status,
            start_time=original.start_time, group_size=original.group_size,
            entry=ServiceSession.Entry.VOID if void else ServiceSession.Entry.AMEND, amends=original,
            amendment_reason="Logged twice by mistake." if void else "Session ended early (fire drill).",
            idempotency_key=uuid.UUID(int=rng.getrandbits(128)),  # type: ignore[attr-defined]
            logged_by=original.logged_by, logged_at=original.certified_at + dt.timedelta(days=1),
            certified_by=original.logged_by, certified_at=original.certified_at + dt.timedelta(days=1),
        ))
    ServiceSession.objects.bulk_create(corrections)
