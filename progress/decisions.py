"""The decision log on goals: phases, when the decision rule fired and whether a decision
answered it in time, and the decisions in a family's words.

`current_phase` is the one answer to "which data is this goal judged on now?": the graph,
the decision rule (Goal.analyse), the reminder, the progress report and the evidence packet
all call it. `fired_rules` is the one answer to "did the rule fire, and was it answered in
time?": the goal page, the reminder sweep and the fidelity dashboard read it. The math is
in progress.phases; this module feeds it rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from progress import phases, trend
from students.calendar import SchoolDays
from students.school_days import school_days_for

if TYPE_CHECKING:
    from progress.models import DataPoint, Goal, GoalDecision


def due_after() -> int:
    """School days a fired rule may wait for a decision before the case manager is reminded."""
    return settings.PROGRESS_DECISION_DUE_SCHOOL_DAYS


@dataclass(frozen=True)
class Phase:
    start: dt.date | None  # the instructional change it began with (None: from the baseline)
    label: str
    points: list[DataPoint]  # the phase's points up to `until`, in date order
    lines: list[GoalDecision]  # every instructional change up to `until`, oldest first


def current_phase(points: Iterable[DataPoint], decisions: Iterable[GoalDecision],
                  until: dt.date | None = None) -> Phase:
    """The current phase of a goal as of `until` (None: all): the points (that count; the
    caller passes `DataPointQuerySet.counting()`) dated after the latest instructional change."""
    lines = sorted(
        (d for d in decisions if d.is_change and (until is None or d.decided_on <= until)),
        key=lambda d: (d.decided_on, d.pk or 0),
    )
    start = lines[-1].decided_on if lines else None
    mine = sorted(
        (p for p in points if (until is None or p.date <= until) and phases.in_phase(p.date, start)),
        key=lambda p: (p.date, getattr(p, "pk", None) or 0),  # a report may pass rows without pk
    )
    return Phase(start=start, label=lines[-1].label if lines else "", points=mine, lines=lines)


def fired_rules(
    goal: Goal, points: Iterable[DataPoint], decisions: Iterable[GoalDecision],
) -> list[phases.Fire]:
    """Every time the decision rule fired on this goal, oldest first, and what answered it."""
    return _fires(goal, [trend.Point(p.date, float(p.value)) for p in points], decisions)


def _fires(goal: Goal, points: Sequence[trend.Point], decisions: Iterable[GoalDecision]) -> list[phases.Fire]:
    return phases.fires(points, [d.mark for d in decisions], goal.aim(), goal.increasing,
                        settings.PROGRESS_DECISION_RUN)


def basis(goal: Goal, points: Sequence[DataPoint], decisions: Sequence[GoalDecision],
          day: dt.date) -> dict[str, object]:
    """What a decision recorded on `day` was based on: the current phase's points up to that
    day and what the rule and the trend said of them. Stored on the decision as it was."""
    phase = current_phase(points, decisions, day)
    analysis = goal.analyse(list(points), list(decisions), until=day)
    return {
        "points": len(phase.points),
        "first": phase.points[0].date.isoformat() if phase.points else None,
        "last": phase.points[-1].date.isoformat() if phase.points else None,
        "values": [p.display_value for p in phase.points[-settings.PROGRESS_DECISION_RUN:]],
        "rule": analysis.decision,
        "trend_per_week": round(analysis.trend.per_week, 2) if analysis.trend else None,
        "phase_start": phase.start.isoformat() if phase.start else None,
    }


def describe_basis(based_on: dict[str, object]) -> str:
    """The stored basis in a sentence for the team (not the family)."""
    n = based_on.get("points") or 0
    if not n:
        return _("No data in this phase yet.")
    first = dt.date.fromisoformat(str(based_on["first"]))
    last = dt.date.fromisoformat(str(based_on["last"]))
    words = _("%(n)s points from %(first)s to %(last)s") % {
        "n": n, "first": formats.date_format(first, "M j"), "last": formats.date_format(last, "M j"),
    }
    values = based_on.get("values") or []
    if isinstance(values, list) and values:
        words += _(" (latest: %(values)s)") % {"values": ", ".join(str(v) for v in values)}
    rule = str(based_on.get("rule") or trend.TOO_FEW)
    words += "; " + str(trend.DECISION_TEXT.get(rule, "")).lower()
    if based_on.get("trend_per_week") is not None:
        words += _("; trend %(rate)s a week") % {"rate": f"{float(based_on['trend_per_week']):+.1f}"}  # type: ignore[arg-type]
    return words + "."


# --- many goals at once: the reminder and the fidelity count --------------------------------------


@dataclass(frozen=True)
class Overdue:
    fire: phases.Fire
    since: dt.date  # the first school day the decision was late


def decision_overdue(fires: Sequence[phases.Fire], days: SchoolDays, today: dt.date) -> Overdue | None:
    """THE answer to "is a decision overdue on this goal, and since when?": the open fire (at
    most one is open, the latest) with no decision for more than `due_after()` school days.
    The goal page, the reminder sweep and the fidelity count (through `tally`) call it."""
    last = fires[-1] if fires else None
    if last is None or not phases.overdue(last, today, days, due_after()):
        return None
    return Overdue(last, phases.late_from(last, days, due_after()) or today)


@dataclass(frozen=True)
class GoalFires:
    goal: Goal
    fires: list[phases.Fire]
    days: SchoolDays

    def overdue(self, today: dt.date) -> Overdue | None:
        return decision_overdue(self.fires, self.days, today)


def fires_for_goals(goals: Sequence[Goal]) -> list[GoalFires]:
    """The fires of each goal (`goals` with `iep__student` selected). Queries (4, however many
    goals): points that count (1), decisions (1), calendars and closures (2)."""
    from progress.models import DataPoint, GoalDecision

    # Only (day, value) of each point: a district has hundreds of thousands of them.
    points: dict[int, list[trend.Point]] = defaultdict(list)
    counting = DataPoint.objects.counting().filter(goal__in=goals).order_by("date", "pk")
    for goal_id, day, value in counting.values_list("goal_id", "date", "value"):
        points[goal_id].append(trend.Point(day, float(value)))
    decisions: dict[int, list[GoalDecision]] = defaultdict(list)
    for decision in GoalDecision.objects.filter(goal__in=goals).in_order():
        decisions[decision.goal_id].append(decision)
    days = school_days_for({g.iep.student.school_id for g in goals})
    return [
        GoalFires(goal, _fires(goal, points[goal.pk], decisions[goal.pk]),
                  days[goal.iep.student.school_id])
        for goal in goals
    ]


@dataclass(frozen=True)
class FireTally:
    on_time: int = 0
    judged: int = 0  # answered, or past their time


def tally(rows: Iterable[GoalFires], start: dt.date, end: dt.date) -> FireTally:
    """Fired rules in [start, end] answered within their time, of those judged by `end`: each
    answered one, the open one once `decision_overdue` says so, and one that lapsed
    unanswered after its time ran out."""
    on_time = judged = 0
    for row in rows:
        for fire in row.fires:
            if not start <= fire.fired_on <= end:
                continue
            if fire.answered_by is not None:
                judged += 1
                on_time += phases.on_time(fire, row.days, due_after())
            elif fire.open:
                judged += row.overdue(end) is not None
            else:
                judged += phases.counts_for_fidelity(fire, end, row.days, due_after())
    return FireTally(on_time, judged)


# --- for the family ------------------------------------------------------------------------------

_FAMILY_CHANGES = {
    "changed_strategy": lambda: _("a different way of teaching it"),
    "changed_intensity": lambda: _("more practice"),
    "changed_group": lambda: _("a smaller group"),
    "changed_minutes": lambda: _("more time"),
}


def family_date(day: dt.date) -> str:
    """A day as the family's copy writes it, in the active language ("Oct 3", "3 de octubre")."""
    return formats.date_format(day, pgettext("date on the family's copy", "M j"))


def family_words(decision: GoalDecision, *, area: str | None = None) -> str:
    """The decision in plain words for the family's copy of a progress report, in the active
    language: what the team did and when, never the rule's terms. `area`: the goal's area in
    the copy's language (progress.family_copy); by default the team's own."""
    day = family_date(decision.decided_on)
    area = (area or decision.goal.area).lower()
    kind = decision.kind
    if kind == "change":
        what = ", ".join(
            str(_FAMILY_CHANGES[name]()) for name in decision.CHANGE_FIELDS if getattr(decision, name))
        return _("We changed how %(area)s is taught on %(day)s: %(what)s.") % {
            "area": area, "day": day, "what": what}
    if kind == "continue":
        return _("On %(day)s we looked at the data on %(area)s and kept teaching it the same way.") % {
            "day": day, "area": area}
    if kind == "raise":
        return _("On %(day)s we decided to aim higher on %(area)s; the new goal comes to you as a "
                 "change to the IEP.") % {"day": day, "area": area}
    if kind == "lower":
        return _("On %(day)s we decided to adjust the goal on %(area)s; the new goal comes to you as a "
                 "change to the IEP.") % {"day": day, "area": area}
    return _("On %(day)s we agreed this goal on %(area)s is met.") % {"day": day, "area": area}
