"""The minute ledger: what a service line owes, what was delivered, and what is owed back.

Pure arithmetic (no queries), so every rule is unit-tested with hand-computed numbers. The
queries that feed it live in `services.ledger_queries`.

Expected minutes accrue on instructional days only, inside the service dates:
- daily:   the daily minutes on every instructional day;
- weekly:  weekly minutes x (instructional days that week / the calendar's days a week: 5
           in the school year, fewer in a summer session), i.e. weekly/5 on each day, so a
           holiday, a closure, or a partial first or last week reduces what is owed in proportion;
- monthly: the full monthly minutes spread evenly over that month's instructional days (a
           closure does not reduce them), i.e. monthly/N_m on each instructional day of the
           month; a partial first or last month gets its share of those days.
Delivered = delivered + makeup minutes. Missed minutes are split by cause (student / school).
Owed = missed minutes whose status the district owes (a setting), less makeup minutes, never
below zero. Pace compares delivered with expected within a tolerance (default: one session).
Fidelity (`fidelity_percent`) credits a line at most what it required, so one line's extra
minutes never cover another's shortfall. A weekday whose school year has no calendar is
uncovered: nothing can be expected of it, and the ledger reports it (`uncovered_days`,
`Week.uncovered`) instead of counting it as 0.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from students.calendar import REGULAR_WEEKDAYS, SchoolDays, week_start

DAY, WEEK, MONTH = "day", "week", "month"

DELIVERED = "delivered"
MAKEUP = "makeup"
STUDENT_ABSENT = "student_absent"
STUDENT_UNAVAILABLE = "student_unavailable"
PROVIDER_ABSENT = "provider_absent"
SCHOOL_CANCELLED = "school_cancelled"

DELIVERED_STATUSES = frozenset({DELIVERED, MAKEUP})
STUDENT_CAUSED = frozenset({STUDENT_ABSENT, STUDENT_UNAVAILABLE})
SCHOOL_CAUSED = frozenset({PROVIDER_ABSENT, SCHOOL_CANCELLED})
MISSED_STATUSES = STUDENT_CAUSED | SCHOOL_CAUSED
ALL_STATUSES = DELIVERED_STATUSES | MISSED_STATUSES

BEHIND, ON_TRACK, AHEAD = "behind", "on_track", "ahead"
PACE_LABELS = {BEHIND: "Behind", ON_TRACK: "On track", AHEAD: "Ahead"}

REGULAR_DAYS_PER_WEEK = len(REGULAR_WEEKDAYS)


@dataclass(frozen=True)
class Service:
    """What the ledger needs of a requirement. start/end are already clipped to the IEP."""

    period: str
    minutes: int
    sessions: int
    start: dt.date
    end: dt.date
    # The days a week of its calendar has: a weekly line accrues weekly/days_per_week on each
    # of them (5 in the school year; an extended-school-year session meeting Monday to
    # Thursday has 4, so a full week of it owes the full weekly minutes).
    days_per_week: int = REGULAR_DAYS_PER_WEEK

    @property
    def session_length(self) -> int:
        return math.ceil(self.minutes / max(self.sessions, 1))


@dataclass(frozen=True)
class Policy:
    """District policy: which missed statuses are owed back, and the pace tolerance.

    tolerance_minutes 0 means one session's length.
    """

    owed_statuses: frozenset[str] = SCHOOL_CAUSED
    tolerance_minutes: int = 0

    def tolerance_for(self, service: Service) -> int:
        return self.tolerance_minutes or service.session_length


def expected_between(service: Service, days: SchoolDays, start: dt.date, end: dt.date) -> Fraction:
    """Minutes the service accrues from start to end (both included), exact."""
    start, end = max(start, service.start), min(end, service.end)
    if end < start:
        return Fraction(0)
    if service.period == DAY:
        return Fraction(service.minutes * days.count(start, end))
    if service.period == WEEK:
        return Fraction(service.minutes * days.count(start, end), service.days_per_week)
    if service.period == MONTH:
        total = Fraction(0)
        month = dt.date(start.year, start.month, 1)
        while month <= end:
            following = _next_month(month)
            n_month = days.in_month(month.year, month.month)
            if n_month:
                inside = days.count(max(start, month), min(end, following - dt.timedelta(days=1)))
                total += Fraction(service.minutes * inside, n_month)
            month = following
        return total
    raise ValueError(f"Unknown period {service.period!r}")


def _next_month(first: dt.date) -> dt.date:
    return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)


def whole(minutes: Fraction) -> int:
    """Round half up to whole minutes (what people see and what pace compares)."""
    return math.floor(minutes + Fraction(1, 2))


@dataclass(frozen=True)
class SessionFact:
    """One effective (not amended, not voided) session as the ledger sees it."""

    date: dt.date
    minutes: int
    status: str


def totals(sessions: Iterable[SessionFact]) -> dict[str, int]:
    """Minutes by status."""
    found: dict[str, int] = {}
    for s in sessions:
        found[s.status] = found.get(s.status, 0) + s.minutes
    return found


@dataclass(frozen=True)
class Ledger:
    as_of: dt.date
    expected: int
    delivered: int
    missed_by_status: Mapping[str, int]
    missed_student: int
    missed_school: int
    owed_missed: int  # missed minutes of the owed statuses, before makeups
    made_up: int
    owed: int
    tolerance: int
    pace: str
    expected_by_week_end: int
    catch_up_this_week: int
    # Weekdays of the service up to as_of that no school calendar covers (oldest first).
    uncovered_days: tuple[dt.date, ...] = ()

    @property
    def behind(self) -> bool:
        """Is this line behind? The one answer every page, reminder and export shows."""
        return self.pace == BEHIND

    @property
    def uncovered_weeks(self) -> list[dt.date]:
        """The Mondays of the weeks with uncovered days."""
        return sorted({week_start(d) for d in self.uncovered_days})

    @property
    def gap(self) -> int:
        """Delivered minus expected: negative when behind."""
        return self.delivered - self.expected

    @property
    def shortfall(self) -> int:
        return max(0, self.expected - self.delivered)

    @property
    def meter_max(self) -> int:
        """The scale of a minutes bar: whichever is larger, expected or delivered."""
        return max(self.expected, self.delivered, 1)

    @property
    def low_mark(self) -> int:
        """Below this a minutes bar draws as short of expected (behind by more than tolerance)."""
        return max(0, self.expected - self.tolerance)

    @property
    def percent(self) -> int:
        """Fidelity to date, capped at 100 (`fidelity_percent`)."""
        found = fidelity_percent(self.delivered, self.expected)
        if found is None:
            return 100 if self.delivered else 0
        return found

    @property
    def pace_label(self) -> str:
        return PACE_LABELS[self.pace]


def ledger(
    service: Service, days: SchoolDays, minutes_by_status: Mapping[str, int], as_of: dt.date,
    policy: Policy,
) -> Ledger:
    """The ledger as of `as_of` from the minutes logged by status up to that day.

    "To catch up this week" is what must still be delivered by the end of as_of's week for
    delivered to meet what is expected by then (0 when already there).
    """
    expected = whole(expected_between(service, days, service.start, as_of))
    week_end = week_start(as_of) + dt.timedelta(days=6)
    by_week_end = whole(expected_between(service, days, service.start, week_end))
    made_up = minutes_by_status.get(MAKEUP, 0)
    delivered = minutes_by_status.get(DELIVERED, 0) + made_up
    missed = {s: m for s, m in minutes_by_status.items() if s in MISSED_STATUSES and m}
    owed_missed = sum(m for s, m in missed.items() if s in policy.owed_statuses)
    tolerance = policy.tolerance_for(service)
    gap = delivered - expected
    pace = BEHIND if gap < -tolerance else AHEAD if gap > tolerance else ON_TRACK
    return Ledger(
        as_of=as_of,
        expected=expected,
        delivered=delivered,
        missed_by_status=missed,
        missed_student=sum(m for s, m in missed.items() if s in STUDENT_CAUSED),
        missed_school=sum(m for s, m in missed.items() if s in SCHOOL_CAUSED),
        owed_missed=owed_missed,
        made_up=made_up,
        owed=max(0, owed_missed - made_up),
        tolerance=tolerance,
        pace=pace,
        expected_by_week_end=by_week_end,
        catch_up_this_week=max(0, by_week_end - delivered),
        uncovered_days=tuple(days.uncovered(service.start, min(as_of, service.end))),
    )


@dataclass
class Week:
    """One week of a service: what it owed, what happened, and the running balance."""

    start: dt.date
    expected: int
    delivered: int = 0
    missed_student: int = 0
    missed_school: int = 0
    sessions: list[object] = field(default_factory=list)
    balance: int = 0  # cumulative delivered minus cumulative expected, at the week's end
    uncovered: int = 0  # weekdays of the service this week that no school calendar covers

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=4)


def weeks(
    service: Service, days: SchoolDays, sessions: Sequence[tuple[SessionFact, object]],
    as_of: dt.date,
) -> list[Week]:
    """The service week by week up to as_of, oldest first; each week carries its sessions.

    `sessions` pairs each fact with the object to show for it (e.g. the model row).
    """
    last = min(as_of, service.end)
    if last < service.start:
        return []
    rows: dict[dt.date, Week] = {}
    monday = week_start(service.start)
    cumulative = Fraction(0)
    while monday <= last:
        sunday = monday + dt.timedelta(days=6)
        owed = expected_between(service, days, monday, min(sunday, last))
        cumulative += owed
        rows[monday] = Week(start=monday, expected=whole(owed), balance=-whole(cumulative),
                            uncovered=len(days.uncovered(max(monday, service.start),
                                                         min(sunday, last))))
        monday += dt.timedelta(days=7)
    for fact, shown in sorted(sessions, key=lambda pair: pair[0].date):
        row = rows.get(week_start(fact.date))
        if row is None:
            continue  # logged outside the service dates: shown nowhere in the weekly ledger
        row.sessions.append(shown)
        if fact.status in DELIVERED_STATUSES:
            row.delivered += fact.minutes
        elif fact.status in STUDENT_CAUSED:
            row.missed_student += fact.minutes
        elif fact.status in SCHOOL_CAUSED:
            row.missed_school += fact.minutes
    running = 0
    for row in rows.values():
        running += row.delivered
        row.balance += running
    return list(rows.values())


# The owed backlog and this week's pace, apart: one number of minutes "to catch up" mixed what
# the school owes back with what the schedule still expects, and nobody could act on it.


@dataclass(frozen=True)
class Backlog:
    """Minutes owed back, counted in makeup sessions of the line's own session length."""

    minutes: int
    session_length: int

    @property
    def sessions(self) -> int:
        return math.ceil(self.minutes / max(self.session_length, 1)) if self.minutes > 0 else 0

    def describe(self, planned: int | None = None) -> str:
        """The words every page uses: "owed: 4 makeup sessions of 30 min (120 min), 1 planned";
        `planned` is how many
        makeups are planned and not yet done (None: not known here, left out)."""
        if self.sessions == 0:
            text = "owed: nothing"
        else:
            text = (f"owed: {_sessions(self.sessions, 'makeup session')} of {self.session_length} "
                    f"min ({self.minutes} min)")
        return text if planned is None or not (planned or self.sessions) else f"{text}, {planned} planned"


def backlog(owed_minutes: int, service: Service) -> Backlog:
    """The ledger's owed minutes (Ledger.owed) as makeup sessions of the line's length."""
    return Backlog(minutes=max(0, owed_minutes), session_length=service.session_length)


@dataclass(frozen=True)
class WeekPace:
    """This week's sessions by the line's schedule: scheduled, already held, still left."""

    scheduled: int
    held: int
    left: int
    school_days_left: int

    def describe(self) -> str:
        """The words every page uses: "this week: 2 sessions left"."""
        if self.scheduled == 0:
            return "this week: no sessions scheduled"
        if self.left:
            return f"this week: {_sessions(self.left, 'session')} left"
        if self.held >= self.scheduled:
            return f"this week: all {_sessions(self.scheduled, 'session')} held"
        return "this week: no school days left"


def sessions_left_this_week(service: Service, days: SchoolDays, held: int, today: dt.date) -> WeekPace:
    """Sessions the line's schedule still expects this week, on the school days left.

    scheduled: this week's expected minutes (Monday to Sunday, inside the service dates, on
    instructional days; see expected_between) in sessions of the line's length, rounded half up.
    held: sessions already logged this week that took a scheduled slot (delivered or missed;
    a makeup is extra, it pays the backlog). left: scheduled less held, never below 0; none
    when no school day of the service is left this week (today counts); a daily line never
    more than its sessions on the days left.
    """
    monday = week_start(today)
    sunday = monday + dt.timedelta(days=6)
    scheduled = whole(expected_between(service, days, monday, sunday) / max(service.session_length, 1))
    remaining = days.count(max(today, service.start), min(sunday, service.end))
    left = max(0, scheduled - held) if remaining else 0
    if service.period == DAY:
        left = min(left, remaining * service.sessions)
    return WeekPace(scheduled=scheduled, held=held, left=left, school_days_left=remaining)


def _sessions(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def credited(delivered: int, expected: int) -> int:
    """The delivered minutes a line is credited with: never more than it required."""
    return max(0, min(delivered, expected))


def fidelity_percent(delivered: int, expected: int) -> int | None:
    """A line's fidelity: credited of required minutes, in percent; None when nothing was
    required. A group's figure adds its lines' credited and required minutes (never their
    raw delivered minutes), so over-delivery on one line never hides another's shortfall."""
    if expected <= 0:
        return None
    return round(100 * credited(delivered, expected) / expected)


def uncovered_weeks(service: Service, days: SchoolDays, start: dt.date, end: dt.date) -> list[dt.date]:
    """The Mondays of the service's weeks, from start to end, with a weekday that no school
    calendar covers: minutes owed cannot be computed for them until a calendar is imported."""
    lo, hi = max(start, service.start), min(end, service.end)
    if hi < lo:
        return []
    return sorted({week_start(d) for d in days.uncovered(lo, hi)})
