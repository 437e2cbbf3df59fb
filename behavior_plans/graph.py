"""A target behavior's graph: its data by day, drawn by the goal graphs (progress.graph).

A day's value is the day's data in the target's measure (`day_value`): the times it happened
(the sum of the tallies), the minutes it lasted, or the percent of observed intervals with it.
One point per day, since the aimline and the goal are a day's total; the point is marked by
the setting where most of the day's data were recorded (the table says which). The
aimline runs from the FBA's baseline (on the day the FBA was done) to the BIP's goal on its
review date; the goal is below the baseline, so the trend analysis reads it as a behavior to
reduce (progress.trend: a falling trend is progress, points above the aimline are behind).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from behavior_plans.models import BehaviorPlan, BehaviorRecord, TargetBehavior
from progress import trend
from progress.graph import Graph, build_graph

# How progress.graph reads a measure: percent is drawn on 0-100, the others fit the data.
GRAPH_MEASURE = {
    TargetBehavior.Measure.FREQUENCY: "count",
    TargetBehavior.Measure.DURATION: "duration",
    TargetBehavior.Measure.INTERVAL: "percent",
}


def day_value(measure: str, rows: list[BehaviorRecord]) -> Decimal:
    """One day's value in a target's measure: times, minutes, or the percent of intervals."""
    if measure == TargetBehavior.Measure.FREQUENCY:
        return Decimal(sum(r.count or 0 for r in rows))
    if measure == TargetBehavior.Measure.DURATION:
        return (Decimal(sum(r.seconds or 0 for r in rows)) / 60).quantize(Decimal("0.1"))
    observed = sum(r.intervals_observed or 0 for r in rows)
    with_it = sum(r.intervals_with or 0 for r in rows)
    return (Decimal(100 * with_it) / observed).quantize(Decimal("0.1")) if observed else Decimal(0)


@dataclass(frozen=True)
class DayPoint:
    """A day's behavior data in one setting, as the graph and its data table show it."""

    date: dt.date
    setting: str
    value: Decimal
    records: int
    unit: str
    pk: int | None = None

    @property
    def display_value(self) -> str:
        return f"{self.value.normalize():f}"

    def get_setting_display(self) -> str:
        """As a data point names its setting (the goal graphs' data table reads it)."""
        return str(BehaviorRecord.Setting(self.setting).label)


@dataclass(frozen=True)
class Aim:
    """A target behavior as the goal graphs read it (progress.graph.Graphed)."""

    area: str
    measure: str
    baseline_value: Decimal
    baseline_date: dt.date
    target_value: Decimal
    target_date: dt.date
    value_label: str
    rubric_max: int | None = None


def aim_of(target: TargetBehavior, bip: BehaviorPlan) -> Aim:
    return Aim(
        area=target.name, measure=GRAPH_MEASURE[TargetBehavior.Measure(target.measure)],
        baseline_value=target.baseline, baseline_date=bip.assessment.conducted_on,
        target_value=target.goal, target_date=bip.review_date, value_label=target.unit,
    )


def day_points(target: TargetBehavior, records: list[BehaviorRecord]) -> list[DayPoint]:
    """The target's records by day, oldest first, each in the day's main setting."""
    by_day: dict[dt.date, list[BehaviorRecord]] = defaultdict(list)
    for record in records:
        by_day[record.date].append(record)
    points = []
    for day, rows in sorted(by_day.items()):
        settings = Counter(r.setting for r in rows)
        main = max(settings, key=lambda s: (settings[s], s == BehaviorRecord.Setting.GEN_ED))
        points.append(DayPoint(day, main, day_value(target.measure, rows), len(rows), target.unit))
    return points


def analysis_of(aim: Aim, points: list[DayPoint]) -> trend.Analysis:
    return trend.analyse(
        baseline=float(aim.baseline_value), baseline_date=aim.baseline_date,
        target=float(aim.target_value), target_date=aim.target_date,
        points=[trend.Point(p.date, float(p.value)) for p in points],
    )


def target_graph(target: TargetBehavior, bip: BehaviorPlan, points: list[DayPoint]) -> Graph:
    """The goal graph of one target behavior: day points, aimline down to the goal, trend."""
    aim = aim_of(target, bip)
    return build_graph(aim, points, analysis_of(aim, points),
                       title=_("%(behavior)s: behavior data") % {"behavior": target.name})
