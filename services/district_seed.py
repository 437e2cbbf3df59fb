"""Benchmark district: 2-4 service lines per IEP and a school year so far of certified sessions.

Each requirement follows a profile (mostly on track, some behind, a few ahead): planned
sessions on the service's weekdays, misses by the student or the school, makeups on the
next week's first school day for most school-caused misses, and a few amendments and voids.
Sessions only fall on instructional days inside the requirement's dates, up to yesterday.
Everything is numbered from reserved key blocks and COPYed (about 500k sessions at N=5,000).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from services import ledger
from services.demo import draw_session, related_note
from services.models import ServiceRequirement, ServiceSession
from students.calendar import week_start
from students.district_seed import District, copy_rows, reserve_ids
from students.models import TeamMember
from students.school_days import school_days_for

R = ServiceRequirement
# area, kind, setting, minutes, sessions, period
SDI_LINES = [
    ("Reading", R.Kind.SDI, R.Setting.SPECIAL_ED, 120, 4, R.Period.WEEK),
    ("Math", R.Kind.SDI, R.Setting.GEN_ED, 90, 3, R.Period.WEEK),
    ("Written expression", R.Kind.SDI, R.Setting.SPECIAL_ED, 30, 1, R.Period.DAY),
    ("Social skills", R.Kind.SDI, R.Setting.SPECIAL_ED, 60, 2, R.Period.WEEK),
]
RELATED_LINES = [
    ("Speech-language", R.Kind.RELATED, R.Setting.SPECIAL_ED, 60, 2, R.Period.WEEK),
    ("Occupational therapy", R.Kind.RELATED, R.Setting.GEN_ED, 120, 4, R.Period.MONTH),
    ("Counseling", R.Kind.RELATED, R.Setting.SPECIAL_ED, 30, 1, R.Period.WEEK),
]
SUPPLEMENTARY = ("Paraprofessional support", R.Kind.SUPPLEMENTARY, R.Setting.GEN_ED, 100, 5, R.Period.WEEK)
# Per planned session: chance delivered, chance missed by the student (the rest: the school),
# and the chance a school-caused / student-caused miss is made up.
PROFILES = [(0.70, 0.12, 0.2, 0.0), (0.92, 0.04, 0.95, 0.5), (0.95, 0.03, 1.0, 1.0)]
PROFILE_WEIGHTS = [0.2, 0.65, 0.15]
SESSION_COLUMNS = [
    "id", "requirement_id", "student_id", "date", "start_time", "minutes", "group_size", "status",
    "reason", "note", "goals_addressed", "entry", "amends_id", "amendment_reason", "idempotency_key",
    "logged_by_id", "logged_at", "certified_by_id", "certified_at",
    "late", "late_reason", "needs_approval", "on_behalf_of_id",
]
LATE_REASONS = [
    "Paper log from a week of district testing; entered on return.",
    "Entered after two days of sick leave.",
    "Session notes were on the classroom laptop, away for repair.",
]


def generate(d: District) -> None:
    rng = d.rng
    now = timezone.now()
    tz = ZoneInfo(settings.TIME_ZONE)
    school_of = dict(d.students)
    providers = {iep: [u for u, role in team if role == TeamMember.Role.PROVIDER]
                 for iep, team in d.team.items()}
    lines: list[tuple[R, int]] = []
    for iep_id, _, case_manager_id, start, end in d.ieps:
        count = rng.randint(2, 4)
        picked = [rng.choice(SDI_LINES)]
        if providers.get(iep_id):
            picked.append(rng.choice(RELATED_LINES))
        picked.extend(rng.sample([*SDI_LINES, SUPPLEMENTARY], 4)[: count - len(picked)])
        seen: set[str] = set()
        for area, kind, setting, minutes, sessions, period in picked:
            if area in seen:
                continue
            seen.add(area)
            provider = providers[iep_id][0] if kind == R.Kind.RELATED else case_manager_id
            profile = rng.choices(range(3), PROFILE_WEIGHTS)[0]
            lines.append((R(
                iep_id=iep_id, kind=kind, area=area, minutes=minutes, sessions=sessions, period=period,
                setting=setting, provider_id=provider, start_date=start, end_date=end, created_at=now,
            ), profile))
    R.objects.bulk_create([r for r, _ in lines], batch_size=5000)
    d.count("service requirements", len(lines))
    d.progress(f"{len(lines)} service requirements")

    days_by_school = school_days_for({s for _, s in d.students})
    yesterday = d.today - dt.timedelta(days=1)
    weeks_by_school: dict[int, dict[dt.date, list[dt.date]]] = {}
    for school_id, days in days_by_school.items():
        weeks: dict[dt.date, list[dt.date]] = defaultdict(list)
        for day in days.days(dt.date(d.today.year - 1, 7, 1), yesterday):
            weeks[week_start(day)].append(day)
        weeks_by_school[school_id] = weeks
    student_of = {iep: student for iep, student, _, _, _ in d.ieps}

    # Plan in memory first (rows refer to each other), then number and COPY.
    rows: list[list] = []
    makeups: list[tuple[int, int]] = []  # (makeup row index, missed row index)
    for r, profile in lines:
        student_id = student_of[r.iep_id]
        weeks = weeks_by_school[school_of[student_id]]
        p_delivered, p_student, p_makeup_school, p_makeup_student = PROFILES[profile]
        length = -(-r.minutes // r.sessions)
        owed: list[int] = []
        for monday in sorted(weeks):
            week = [day for day in weeks[monday] if r.start_date <= day <= r.end_date]
            if owed and week:
                for missed in owed:
                    makeups.append((len(rows), missed))
                    rows.append(_row(r, student_id, week[0], rows[missed][5], ledger.MAKEUP, "", rng, tz,
                                     note="Makeup for a missed session."))
                owed = []
            for day in _plan(r, week):
                status, reason, minutes, made_up = draw_session(
                    rng, length, longer=0.3 if profile == 2 else 0.0,
                    p_delivered=p_delivered, p_student=p_student,
                    p_makeup_school=p_makeup_school, p_makeup_student=p_makeup_student,
                )
                if made_up:
                    owed.append(len(rows))
                rows.append(_row(r, student_id, day, minutes, status, reason, rng, tz))
    # About one delivered session in 400 was corrected later: an amendment (or a void).
    corrections: list[Any] = []
    for index in range(7, len(rows), 397):
        original = rows[index]
        if original[7] != ledger.DELIVERED:
            continue
        void = len(corrections) % 4 == 3
        fixed = list(original)
        fixed[5] = original[5] if void else max(5, original[5] - 10)
        fixed[11] = ServiceSession.Entry.VOID if void else ServiceSession.Entry.AMEND
        fixed[12] = index  # resolved to a key below
        fixed[13] = "Logged twice by mistake." if void else "Session ended early (fire drill)."
        fixed[14] = uuid.UUID(int=rng.getrandbits(128))
        fixed[16] = fixed[18] = original[18] + dt.timedelta(days=1)
        corrections.append(fixed)

    _evidence(rows, corrections, lines, d, days_by_school, school_of, tz, yesterday)
    first = reserve_ids(ServiceSession, len(rows) + len(corrections))
    for n, row in enumerate(rows):
        row[0] = first + n
    for n, row in enumerate(corrections):
        row[0] = first + len(rows) + n
        row[12] = first + row[12]
    d.progress(f"planned {len(rows) + len(corrections)} sessions; copying")
    n = copy_rows(ServiceSession, SESSION_COLUMNS, (*rows, *corrections))
    through = ServiceSession.makes_up.through
    copy_rows(through, ["from_servicesession_id", "to_servicesession_id"],
              ((first + m, first + x) for m, x in makeups))
    d.count("service sessions", n)
    d.count("makeups", len(makeups))
    d.count("session amendments and voids", len(corrections))
    d.progress(f"{n} service sessions ({len(makeups)} makeups, {len(corrections)} corrections)")


def _plan(r: ServiceRequirement, week: list[dt.date]) -> list[dt.date]:
    """Which school days of the week a service's sessions fall on."""
    if r.period == R.Period.DAY:
        return week
    if r.period == R.Period.MONTH:
        return week[:1]  # weekly, about four a month
    wanted = {1: [2], 2: [1, 3], 3: [0, 2, 4], 4: [0, 1, 2, 3]}.get(r.sessions, list(range(5)))
    return [day for day in week if day.weekday() in wanted]


def _row(r: ServiceRequirement, student_id: int, day: dt.date, minutes: int, status: str, reason: str,
         rng: object, tz: ZoneInfo, note: str = "") -> list:
    at = dt.datetime.combine(day, dt.time(15, 30), tzinfo=tz)
    if r.kind == R.Kind.RELATED and status in ledger.DELIVERED_STATUSES:
        note = "\n".join(part for part in (note, related_note(r.area, day)) if part)
    return [
        0, r.pk, student_id, day, dt.time(9 + day.weekday(), 0), minutes,
        2 if r.area == "Speech-language" and day.weekday() == 3 else 1, status, reason, note, "",
        ServiceSession.Entry.LOG, None, "", uuid.UUID(int=rng.getrandbits(128)),  # type: ignore[attr-defined]
        r.provider_id, at, r.provider_id, at,
        False, "", False, None,
    ]


def _evidence(rows: list[list], corrections: list[list], lines: list[tuple[R, int]], d: District,
              days_by_school: dict[int, Any], school_of: dict[int, int], tz: ZoneInfo,
              yesterday: dt.date) -> None:
    """About one related-service session in 150 of the last two weeks was entered by the
    case manager on the provider's behalf and waits for the provider; about one session in
    250 was entered late, with its reason (and, past the approval window, waits for an
    administrator). Corrected rows and misses keep their history as they are."""
    from students.lateness import lateness

    corrected = {row[12] for row in corrections}
    case_manager = {iep: cm for iep, _, cm, _, _ in d.ieps}
    related = {r.pk: r for r, _ in lines if r.kind == R.Kind.RELATED}
    recent = yesterday - dt.timedelta(days=14)
    for index, row in enumerate(rows):
        if index in corrected or row[7] != ledger.DELIVERED:
            continue
        r = related.get(row[1])
        if r is not None and row[3] >= recent and index % 150 == 11:
            row[15] = case_manager[r.iep_id]
            row[17] = row[18] = None
            row[22] = r.provider_id
        elif index % 250 == 17:
            days = days_by_school[school_of[row[2]]]
            later = days.days(row[3] + dt.timedelta(days=1), yesterday)
            if len(later) < 7:
                continue
            found = lateness(happened=row[3], recorded=later[6], days=days)
            row[16] = row[18] = dt.datetime.combine(later[6], dt.time(16, 0), tzinfo=tz)
            row[19], row[21] = found.late, found.needs_approval
            row[20] = LATE_REASONS[index % len(LATE_REASONS)] if found.late else ""
