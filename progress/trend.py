"""Progress-monitoring math: aimline, trend line, decision rule and suggested progress code.

Pure functions on (day, value) points; no database, no Django models. Views and reports call
`analyse()` with a goal's baseline, target and points and draw what it returns.

Trend line: Tukey's three-group resistant line. The points (in date order) are split into
three groups; the line runs through the medians of the outer groups, shifted to fit the
median of all three. We chose it over least squares because classroom probes have odd days
(a fire drill, a sick day) and one wild point should not tip a decision; it is also the
method taught in curriculum-based measurement training, so teachers can check it by hand.
It needs at least MIN_TREND_POINTS points.

Aimline: the straight line from (baseline date, baseline) to (target date, target).

Direction: a goal whose target is below its baseline reduces a behaviour. "Behind" always
means on the wrong side of the aimline for the goal: below it when the goal increases,
above it when the goal decreases. A point exactly on the aimline is neither.

Decision rule: with at least `run` points (default four), the most recent `run` points all
behind the aimline -> consider an instructional change; all ahead -> consider raising the
goal; otherwise continue. Fewer points -> no decision yet. For a goal that reduces a behaviour
the words follow the direction (`decision_words`): ahead means falling faster than planned,
so the advice is to continue and fade supports once the goal is met, never to "raise" it.

Suggested progress code: no data -> not yet introduced; the last MASTERY_RUN points all at
or past the target -> mastered; otherwise the trend projected to the target date meets the
target -> sufficient progress, else insufficient (with too few points for a trend, the
latest point against the aimline decides); and it never contradicts the decision rule on the
same points (`agreeing_code`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from django.utils.translation import gettext_lazy as _

MIN_TREND_POINTS = 3
DECISION_RUN = 4
MASTERY_RUN = 3
_EPSILON = 1e-9

# Decisions
CHANGE = "change"
RAISE = "raise"
CONTINUE = "continue"
TOO_FEW = "too_few"

DECISION_TEXT = {
    CHANGE: _("Consider an instructional change"),
    RAISE: _("Consider raising the goal"),
    CONTINUE: _("Continue the current instruction"),
    TOO_FEW: _("Not enough data for a decision yet"),
}

# The same decisions worded for a goal that reduces a behaviour (the target below the baseline).
REDUCING_TEXT = {
    CHANGE: _("Consider a change: the behavior is not falling as planned"),
    RAISE: _("On track, ahead of the aimline: continue; consider fading supports when the goal is met"),
    CONTINUE: _("On track: continue the current plan"),
    TOO_FEW: _("Not enough data for a decision yet"),
}


def decision_words(decision: str, increasing: bool) -> str:
    """The decision in words that fit the goal's direction."""
    return str((DECISION_TEXT if increasing else REDUCING_TEXT)[decision])

# Progress codes (the values ProgressReport.Code stores)
MASTERED = "mastered"
SUFFICIENT = "sufficient"
INSUFFICIENT = "insufficient"
NOT_INTRODUCED = "not_introduced"


@dataclass(frozen=True)
class Point:
    day: dt.date
    value: float


@dataclass(frozen=True)
class Line:
    """value = start_value + slope * (day - start_day).days"""

    start_day: dt.date
    start_value: float
    slope: float  # per calendar day

    def at(self, day: dt.date) -> float:
        return self.start_value + self.slope * (day - self.start_day).days

    @property
    def per_week(self) -> float:
        return self.slope * 7


@dataclass(frozen=True)
class Analysis:
    aimline: Line
    trend: Line | None
    decision: str
    suggested_code: str
    increasing: bool
    phase_start: dt.date | None = None  # the latest instructional change read from (None: none)

    @property
    def decision_text(self) -> str:
        return decision_words(self.decision, self.increasing)


def aimline(baseline: float, baseline_date: dt.date, target: float, target_date: dt.date) -> Line:
    days = (target_date - baseline_date).days
    slope = (target - baseline) / days if days > 0 else 0.0
    return Line(baseline_date, baseline, slope)


def tukey_line(points: Sequence[Point]) -> Line | None:
    """Tukey's three-group resistant line, or None with too few points or a single date."""
    pts = sorted(points, key=lambda p: p.day)
    n = len(pts)
    if n < MIN_TREND_POINTS:
        return None
    # Group sizes: n = 3k -> k,k,k; 3k+1 -> k,k+1,k; 3k+2 -> k+1,k,k+1 (outer groups equal).
    outer = n // 3 + (1 if n % 3 == 2 else 0)
    groups = (pts[:outer], pts[outer:n - outer], pts[n - outer:])
    origin = pts[0].day
    xs = [median((p.day - origin).days for p in g) for g in groups]
    ys = [median(p.value for p in g) for g in groups]
    if xs[2] == xs[0]:
        return None
    slope = (ys[2] - ys[0]) / (xs[2] - xs[0])
    intercept = (sum(ys) - slope * sum(xs)) / 3
    return Line(origin, intercept, slope)


def is_behind(value: float, aim: float, increasing: bool) -> bool:
    return value < aim - _EPSILON if increasing else value > aim + _EPSILON


def is_ahead(value: float, aim: float, increasing: bool) -> bool:
    return value > aim + _EPSILON if increasing else value < aim - _EPSILON


def meets(value: float, target: float, increasing: bool) -> bool:
    return value >= target - _EPSILON if increasing else value <= target + _EPSILON


def decide(points: Sequence[Point], aim: Line, increasing: bool, run: int = DECISION_RUN) -> str:
    pts = sorted(points, key=lambda p: p.day)
    if len(pts) < run:
        return TOO_FEW
    recent = pts[-run:]
    if all(is_behind(p.value, aim.at(p.day), increasing) for p in recent):
        return CHANGE
    if all(is_ahead(p.value, aim.at(p.day), increasing) for p in recent):
        return RAISE
    return CONTINUE


def suggest_code(
    points: Sequence[Point], aim: Line, trend: Line | None, target: float, target_date: dt.date,
    increasing: bool,
) -> str:
    pts = sorted(points, key=lambda p: p.day)
    if not pts:
        return NOT_INTRODUCED
    recent = pts[-MASTERY_RUN:]
    if len(recent) == MASTERY_RUN and all(meets(p.value, target, increasing) for p in recent):
        return MASTERED
    if trend is not None:
        return SUFFICIENT if meets(trend.at(target_date), target, increasing) else INSUFFICIENT
    latest = pts[-1]
    return INSUFFICIENT if is_behind(latest.value, aim.at(latest.day), increasing) else SUFFICIENT


def agreeing_code(code: str, decision: str) -> str:
    """The suggested code made to agree with the decision rule on the same points: the latest
    run all behind the aimline is not sufficient progress, all ahead of it is not
    insufficient, whatever the trend's projection says (a report must never say "sufficient"
    while the rule asks for an instructional change, nor "insufficient" while it suggests
    raising the goal)."""
    if decision == CHANGE and code == SUFFICIENT:
        return INSUFFICIENT
    if decision == RAISE and code == INSUFFICIENT:
        return SUFFICIENT
    return code


def analyse(
    *, baseline: float, baseline_date: dt.date, target: float, target_date: dt.date,
    points: Sequence[Point], run: int = DECISION_RUN, phase_start: dt.date | None = None,
) -> Analysis:
    increasing = target >= baseline
    aim = aimline(baseline, baseline_date, target, target_date)
    trend = tukey_line(points)
    decision = decide(points, aim, increasing, run)
    return Analysis(
        aimline=aim,
        trend=trend,
        decision=decision,
        suggested_code=agreeing_code(
            suggest_code(points, aim, trend, target, target_date, increasing), decision),
        increasing=increasing,
        phase_start=phase_start,
    )
