"""Phases of instruction on a goal, and when the decision rule fired: pure functions on
(day, value) points and the decisions recorded, no database.

Phase: an instructional change recorded on day D draws a phase line at D; the points dated
after D are the new phase (the data that day are what the change was decided on). The trend
and the decision rule read only the current phase, so a new phase is judged on its own
data; the aimline stays the goal's (baseline to target).

Firing: the rule "reads" at each point: the decision (progress.trend.decide) on the phase's
points up to it, counted only when the `run` most recent of them all come after the latest
decision of any kind (a decision to continue is given fresh data before the rule asks
again). A fire is a stretch of consecutive points with the same reading, change or raise;
it fired on the first of them. The first decision recorded on or after that day answers it,
unless the rule stopped firing first (it lapsed). Late: answered (or still open) more than
`due_after` school days after it fired, the day it fired not counted.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from progress import trend
from students.calendar import SchoolDays

CHANGE = "change"  # the decision kind that starts a phase (GoalDecision.Kind.CHANGE)
FIRING = (trend.CHANGE, trend.RAISE)


@dataclass(frozen=True)
class Mark:
    """A recorded decision as the math sees it."""

    day: dt.date
    kind: str
    label: str = ""
    pk: int = 0


@dataclass(frozen=True)
class Fire:
    kind: str  # trend.CHANGE or trend.RAISE
    fired_on: dt.date
    lapsed_on: dt.date | None  # the first later point at which the rule no longer fired
    answered_by: Mark | None

    @property
    def open(self) -> bool:
        return self.answered_by is None and self.lapsed_on is None


def phase_lines(marks: Sequence[Mark], until: dt.date | None = None) -> list[Mark]:
    """The instructional changes up to `until`, oldest first: where phase lines are drawn."""
    return sorted(
        (m for m in marks if m.kind == CHANGE and (until is None or m.day <= until)),
        key=lambda m: (m.day, m.pk),
    )


def phase_start(marks: Sequence[Mark], until: dt.date | None = None) -> dt.date | None:
    """The day of the latest phase line up to `until` (None: no change yet)."""
    lines = phase_lines(marks, until)
    return lines[-1].day if lines else None


def in_phase(day: dt.date, start: dt.date | None) -> bool:
    return start is None or day > start


def reading(points: Sequence[trend.Point], marks: Sequence[Mark], aim: trend.Line,
            increasing: bool, run: int) -> str:
    """The rule's reading at the last of `points` (all up to that day, any order)."""
    pts = sorted(points, key=lambda p: p.day)
    if not pts:
        return trend.TOO_FEW
    day = pts[-1].day
    # What was decided on that day was decided on its data: only earlier decisions count.
    before = [m for m in marks if m.day < day]
    start = phase_start(before)
    phase = [p for p in pts if in_phase(p.day, start)]
    latest = max((m.day for m in before), default=None)
    recent = phase[-run:]
    if len(recent) < run or (latest is not None and recent[0].day <= latest):
        return trend.TOO_FEW
    return trend.decide(phase, aim, increasing, run)


def _reading_at(pts: Sequence[trend.Point], i: int, mark_days: Sequence[dt.date],
                behind: Sequence[int], ahead: Sequence[int], run: int) -> str:
    """`reading(pts[: i + 1], ...)` for points already in date order, in O(log marks)
    instead of O(i): the `run` most recent points are pts[i + 1 - run : i + 1], and they lie
    in the current phase exactly when they all come after the latest earlier decision (every
    phase line is a decision, so the phase starts no later than that); `trend.decide` on
    them is whether all are behind the aimline (or all ahead), which `behind` and `ahead`
    (running counts: behind[k] of the first k points) answer at once. `mark_days`: the
    decisions' days, sorted."""
    if i + 1 < run:
        return trend.TOO_FEW
    earlier = bisect.bisect_left(mark_days, pts[i].day)
    first = i + 1 - run
    if earlier and pts[first].day <= mark_days[earlier - 1]:
        return trend.TOO_FEW
    if behind[i + 1] - behind[first] == run:
        return trend.CHANGE
    if ahead[i + 1] - ahead[first] == run:
        return trend.RAISE
    return trend.CONTINUE


def _running_counts(flags: Iterable[bool]) -> list[int]:
    return [0, *itertools.accumulate(int(f) for f in flags)]


def fires(points: Sequence[trend.Point], marks: Sequence[Mark], aim: trend.Line,
          increasing: bool, run: int) -> list[Fire]:
    """Every time the rule fired on these points, oldest first, with what answered it."""
    pts = sorted(points, key=lambda p: p.day)
    stretches: list[tuple[str, dt.date, dt.date | None]] = []
    current: str | None = None
    mark_days = sorted(m.day for m in marks)
    aims = [aim.at(p.day) for p in pts]
    behind = _running_counts(trend.is_behind(p.value, a, increasing) for p, a in zip(pts, aims, strict=True))
    ahead = _running_counts(trend.is_ahead(p.value, a, increasing) for p, a in zip(pts, aims, strict=True))
    for i, point in enumerate(pts):
        if i + 1 < len(pts) and pts[i + 1].day == point.day:
            continue  # read once per day, after all that day's points
        now = _reading_at(pts, i, mark_days, behind, ahead, run)
        now_firing = now if now in FIRING else None
        if current is not None and now_firing != current:
            kind, fired_on, _lapsed = stretches[-1]
            stretches[-1] = (kind, fired_on, point.day)
        if now_firing is not None and now_firing != current:
            stretches.append((now_firing, point.day, None))
        current = now_firing
    ordered = sorted(marks, key=lambda m: (m.day, m.pk))
    used: set[int] = set()
    result = []
    for kind, fired_on, ended in stretches:
        answer = None
        for index, mark in enumerate(ordered):
            if index in used or mark.day < fired_on:
                continue
            if ended is not None and mark.day >= ended:
                break
            answer = mark
            used.add(index)
            break
        # A stretch ended by its own answer (fresh data needed after it) did not lapse.
        lapsed = None if answer is not None else ended
        result.append(Fire(kind, fired_on, lapsed, answer))
    return result


def school_days_waited(fire: Fire, today: dt.date, days: SchoolDays) -> int:
    """School days from the day after it fired to its answer (or today while open)."""
    end = fire.answered_by.day if fire.answered_by else (fire.lapsed_on or today)
    return days.count(fire.fired_on + dt.timedelta(days=1), end)


def overdue(fire: Fire, today: dt.date, days: SchoolDays, due_after: int) -> bool:
    """Open, with no decision for more than `due_after` school days: a reminder."""
    return fire.open and school_days_waited(fire, today, days) > due_after


def late_from(fire: Fire, days: SchoolDays, due_after: int) -> dt.date | None:
    """The school day from which a fire still unanswered is late: the (due_after + 1)-th
    school day after it fired (None: the calendars end first)."""
    later = days.days(fire.fired_on + dt.timedelta(days=1), fire.fired_on + dt.timedelta(days=366))
    return later[due_after] if len(later) > due_after else None


def on_time(fire: Fire, days: SchoolDays, due_after: int) -> bool:
    return fire.answered_by is not None and school_days_waited(fire, fire.answered_by.day, days) <= due_after


def counts_for_fidelity(fire: Fire, today: dt.date, days: SchoolDays, due_after: int) -> bool:
    """Whether a fire is judged yet: answered, or its time to answer has run out (open or
    lapsed late). One that lapsed, or is still open, inside its time is not yet judged."""
    if fire.answered_by is not None:
        return True
    return school_days_waited(fire, today, days) > due_after
