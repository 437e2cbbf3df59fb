"""The aimline, trend, decision rule and suggested code on hand-made data."""

from __future__ import annotations

import datetime as dt

import pytest

from progress import trend as t

START = dt.date(2026, 9, 1)
END = dt.date(2027, 5, 31)  # 272 days later


def pts(*values: float, every: int = 7, first: dt.date = dt.date(2026, 9, 15)) -> list[t.Point]:
    return [t.Point(first + dt.timedelta(days=every * i), v) for i, v in enumerate(values)]


def analyse_up(points: list[t.Point], baseline: float = 20, target: float = 80) -> t.Analysis:
    return t.analyse(baseline=baseline, baseline_date=START, target=target, target_date=END,
                     points=points)


# --- aimline -------------------------------------------------------------------------------

def test_the_aimline_runs_from_baseline_to_target() -> None:
    aim = t.aimline(20, START, 80, END)
    assert aim.at(START) == 20
    assert aim.at(END) == pytest.approx(80)
    assert aim.at(START + (END - START) / 2) == pytest.approx(50, abs=0.2)


def test_the_aimline_falls_for_a_goal_that_reduces_a_behaviour() -> None:
    aim = t.aimline(12, START, 2, END)
    assert aim.slope < 0
    assert aim.at(END) == pytest.approx(2)


# --- trend (Tukey's three-group line) --------------------------------------------------------

def test_the_trend_of_points_on_a_line_is_that_line() -> None:
    line = t.tukey_line(pts(10, 12, 14, 16, 18, 20))
    assert line is not None
    assert line.per_week == pytest.approx(2)
    assert line.at(dt.date(2026, 9, 15)) == pytest.approx(10)


def test_one_wild_point_does_not_tip_the_trend() -> None:
    line = t.tukey_line(pts(10, 12, 14, 95, 18, 20, 22, 24, 26))
    assert line is not None
    assert line.per_week == pytest.approx(2)


def test_flat_data_give_a_flat_trend() -> None:
    line = t.tukey_line(pts(40, 40, 40, 40, 40))
    assert line is not None
    assert line.slope == 0
    assert line.at(END) == pytest.approx(40)


@pytest.mark.parametrize("n", [3, 4, 5, 7, 8])
def test_the_trend_handles_every_group_size(n: int) -> None:
    line = t.tukey_line(pts(*[5 + 3 * i for i in range(n)]))
    assert line is not None
    assert line.per_week == pytest.approx(3)


def test_two_points_are_too_few_for_a_trend() -> None:
    assert t.tukey_line(pts(10, 20)) is None


def test_points_all_on_one_day_have_no_trend() -> None:
    assert t.tukey_line(pts(10, 20, 30, every=0)) is None


# --- decision rule --------------------------------------------------------------------------

def test_four_points_below_the_aimline_suggest_an_instructional_change() -> None:
    result = analyse_up(pts(30, 40, 22, 21, 20, 20))
    assert result.decision == t.CHANGE
    assert result.decision_text == "Consider an instructional change"


def test_four_points_above_the_aimline_suggest_raising_the_goal() -> None:
    result = analyse_up(pts(20, 50, 60, 70, 75))
    assert result.decision == t.RAISE


def test_mixed_recent_points_mean_continue() -> None:
    # Aimline is about 22-29 over these weeks; points straddle it.
    result = analyse_up(pts(21, 30, 23, 31, 24))
    assert result.decision == t.CONTINUE


def test_only_the_four_most_recent_points_count() -> None:
    # Far above early on, then four in a row below.
    result = analyse_up(pts(90, 90, 90, 10, 10, 10, 10))
    assert result.decision == t.CHANGE


def test_three_points_below_are_not_enough_for_a_decision() -> None:
    result = analyse_up(pts(5, 5, 5))
    assert result.decision == t.TOO_FEW
    assert result.decision_text == "Not enough data for a decision yet"


def test_no_points_give_no_decision() -> None:
    assert analyse_up([]).decision == t.TOO_FEW


def test_a_point_exactly_on_the_aimline_breaks_a_run() -> None:
    aim = t.aimline(20, START, 80, END)
    points = pts(0, 0, 0, every=7)
    on_line = t.Point(dt.date(2026, 10, 20), aim.at(dt.date(2026, 10, 20)))
    assert t.decide([*points, on_line], aim, increasing=True) == t.CONTINUE


def test_flat_data_at_baseline_fall_behind_a_rising_aimline() -> None:
    result = analyse_up(pts(20, 20, 20, 20, 20, 20))
    assert result.decision == t.CHANGE
    assert result.suggested_code == t.INSUFFICIENT


def test_for_a_goal_to_reduce_a_behaviour_points_above_the_aimline_are_behind() -> None:
    # Outbursts per day should fall from 12 to 2; they stay near 12.
    result = analyse_up(pts(12, 12, 12, 13, 12), baseline=12, target=2)
    assert not result.increasing
    assert result.decision == t.CHANGE
    assert result.suggested_code == t.INSUFFICIENT


def test_for_a_goal_to_reduce_a_behaviour_points_below_the_aimline_are_ahead() -> None:
    result = analyse_up(pts(8, 6, 5, 4, 3), baseline=12, target=2)
    assert result.decision == t.RAISE


def test_a_run_limit_can_be_set() -> None:
    result = t.analyse(baseline=20, baseline_date=START, target=80, target_date=END,
                       points=pts(0, 0, 0), run=3)
    assert result.decision == t.CHANGE


# --- suggested progress code ---------------------------------------------------------------

def test_no_data_suggests_not_yet_introduced() -> None:
    assert analyse_up([]).suggested_code == t.NOT_INTRODUCED


def test_three_points_at_the_target_suggest_mastered() -> None:
    assert analyse_up(pts(50, 80, 85, 82)).suggested_code == t.MASTERED


def test_a_trend_that_reaches_the_target_in_time_suggests_sufficient_progress() -> None:
    # +2 a week from 22 reaches 80 within the 35 weeks left.
    assert analyse_up(pts(22, 24, 26, 28, 30, 32)).suggested_code == t.SUFFICIENT


def test_a_trend_too_shallow_for_the_target_suggests_insufficient_progress() -> None:
    assert analyse_up(pts(22, 22.5, 23, 23.5, 24, 24.5)).suggested_code == t.INSUFFICIENT


def test_with_too_few_points_for_a_trend_the_latest_point_decides() -> None:
    assert analyse_up(pts(40)).suggested_code == t.SUFFICIENT
    assert analyse_up(pts(10)).suggested_code == t.INSUFFICIENT


def test_a_reducing_goal_is_mastered_at_or_below_its_target() -> None:
    result = analyse_up(pts(6, 2, 1, 2), baseline=12, target=2)
    assert result.suggested_code == t.MASTERED


def test_a_reducing_goal_with_a_falling_trend_is_sufficient() -> None:
    # -0.5 a week from 11: about 11 - 0.5*36 < 2 by the target date.
    result = analyse_up(pts(11, 10.5, 10, 9.5, 9, 8.5), baseline=12, target=2)
    assert result.suggested_code == t.SUFFICIENT


def test_a_reducing_goal_with_flat_data_is_insufficient() -> None:
    result = analyse_up(pts(12, 12, 12, 12), baseline=12, target=2)
    assert result.suggested_code == t.INSUFFICIENT
    assert result.decision == t.CHANGE


def test_a_goal_to_maintain_a_level_counts_flat_data_at_target_as_mastered() -> None:
    result = analyse_up(pts(90, 90, 90, 90), baseline=90, target=90)
    assert result.suggested_code == t.MASTERED
    assert result.decision == t.CONTINUE


def test_a_goal_that_reduces_a_behaviour_is_worded_for_its_direction() -> None:
    # Baseline 10 on day 0, target 2 on day 80: the aim falls 0.1 a day. Four points under it.
    start = dt.date(2026, 9, 1)
    points = [t.Point(start + dt.timedelta(days=d), v) for d, v in ((10, 8), (20, 7), (30, 5), (40, 4))]
    result = t.analyse(baseline=10, baseline_date=start, target=2, target_date=start + dt.timedelta(days=80),
                           points=points)
    assert result.decision == t.RAISE and not result.increasing
    assert result.decision_text == ("On track, ahead of the aimline: continue; consider fading supports when "
                                    "the goal is met")
    behind = [t.Point(p.day, 10) for p in points]
    result = t.analyse(baseline=10, baseline_date=start, target=2, target_date=start + dt.timedelta(days=80),
                           points=behind)
    assert result.decision_text == "Consider a change: the behavior is not falling as planned"
