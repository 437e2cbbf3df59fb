"""A target behavior's graph: day values in its measure, drawn by the goal graphs as a
behavior to reduce (a falling trend is progress), with a text alternative and a data table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from behavior_plans.graph import aim_of, analysis_of, day_points, day_value, target_graph
from behavior_plans.models import BehaviorRecord, TargetBehavior
from progress import trend
from tests.behavior_plans.factories import make_bip


def _tallies(target: TargetBehavior, by, per_day: list[int]) -> None:  # noqa: ANN001
    day = dt.date(2026, 10, 12)
    rows = []
    for n in per_day:
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        rows += [BehaviorRecord(target=target, date=day, count=1, recorded_by=by) for _ in range(n)]
        day += dt.timedelta(days=1)
    BehaviorRecord.objects.bulk_create(rows)


def test_a_day_value_in_each_measure() -> None:
    freq = [BehaviorRecord(count=1), BehaviorRecord(count=2)]
    assert day_value("frequency", freq) == Decimal(3)
    assert day_value("duration", [BehaviorRecord(seconds=90), BehaviorRecord(seconds=60)]) == Decimal("2.5")
    rows = [BehaviorRecord(intervals_observed=20, intervals_with=5), BehaviorRecord(intervals_observed=20,
                                                                                  intervals_with=3)]
    assert day_value("interval", rows) == Decimal("20.0")


def test_a_falling_count_is_progress_on_a_behavior_to_reduce(iep, case_manager) -> None:  # noqa: ANN001
    bip = make_bip(iep, case_manager)  # baseline 12 on Oct 1, goal 3 by Jan 15
    target = TargetBehavior.objects.get(assessment=bip.assessment)
    _tallies(target, case_manager, [11, 12, 10, 9, 9, 8, 7, 7, 6, 5])
    points = day_points(target, list(BehaviorRecord.objects.all()))
    assert [float(p.value) for p in points] == [11, 12, 10, 9, 9, 8, 7, 7, 6, 5]
    analysis = analysis_of(aim_of(target, bip), points)
    assert analysis.increasing is False
    assert analysis.trend is not None and analysis.trend.per_week < 0
    # Well below the aimline for the last four days: ahead of plan, not "make a change".
    assert analysis.decision == trend.RAISE
    assert analysis.decision_text == ("On track, ahead of the aimline: continue; consider fading supports "
                                      "when the goal is met")
    assert "raising" not in analysis.decision_text
    graph = target_graph(target, bip, points)
    assert graph.trend is not None and graph.trend.y2 > graph.trend.y1  # SVG y grows downward: the line falls
    assert graph.title == "Calling out: behavior data"
    assert graph.y_label == "Times a day"


def test_a_rising_count_asks_for_a_change(iep, case_manager) -> None:  # noqa: ANN001
    bip = make_bip(iep, case_manager)
    target = TargetBehavior.objects.get(assessment=bip.assessment)
    _tallies(target, case_manager, [11, 12, 12, 13, 14, 14])
    analysis = analysis_of(aim_of(target, bip), day_points(target, list(BehaviorRecord.objects.all())))
    assert analysis.trend is not None and analysis.trend.per_week > 0
    assert analysis.decision == trend.CHANGE


def test_the_bip_page_draws_the_graph_with_its_text_alternative_and_table(login, iep, case_manager,
                                                                          gen_ed_teacher) -> None:  # noqa: ANN001
    bip = make_bip(iep, case_manager, strategies=3)
    target = TargetBehavior.objects.get(assessment=bip.assessment)
    _tallies(target, case_manager, [11, 10, 9, 8])
    page = login(gen_ed_teacher).get(reverse("behavior_plans:plan", args=[iep.student_id])).content.decode()
    assert '<svg viewBox="0 0 640 320" role="img"' in page
    assert "<title id=\"g" in page and "4 data points from Oct 12, 2026 to Oct 15, 2026." in page
    assert "<td>Oct 15, 2026</td><td>8</td><td>General education</td>" in page
    assert "Speaking without raising a hand" in page
    for part in ("Prevention", "Teaching the replacement behavior", "Response"):
        assert f"<h3>{part}</h3>" in page
    assert "Call the office." in page
