"""progress.due's report rules, by hand: owed, sent, late, and from when a goal owes reports.

A school year Aug 17, 2026 to Jun 4, 2027 in four periods (progress.periods): 292 days, so
period 1 is Aug 17 to Oct 28 (73 days), period 2 Oct 29 to Jan 9, period 3 Jan 10 to Mar 22,
period 4 Mar 23 to Jun 4. Seven days' grace: period 1's reports are due Nov 4.
"""

from __future__ import annotations

import datetime as dt

import pytest

from progress.due import LATE, OWED, SENT, SENT_LATE, UPCOMING, goal_takes_effect, report_status, reports_owed
from progress.periods import periods

D = dt.date
YEAR = periods(D(2026, 8, 17), D(2027, 6, 4), 4)
P1_END = D(2026, 10, 28)


@pytest.mark.parametrize(
    ("sent_on", "today", "expected"),
    [
        (None, D(2026, 10, 28), UPCOMING),  # the period's last day: not owed yet
        (None, D(2026, 10, 29), OWED),  # ended, a week to send it
        (None, D(2026, 11, 4), OWED),  # the due date itself
        (None, D(2026, 11, 5), LATE),
        (D(2026, 10, 20), D(2026, 10, 25), SENT),  # sent before the period ended
        (D(2026, 11, 4), D(2026, 11, 18), SENT),
        (D(2026, 11, 5), D(2026, 11, 18), SENT_LATE),
    ],
)
def test_a_reports_status_follows_its_due_date(sent_on: D | None, today: D, expected: str) -> None:
    assert report_status(period_end=P1_END, sent_on=sent_on, today=today, grace_days=7) == expected


def test_a_goal_takes_effect_with_the_iep_or_its_later_baseline() -> None:
    assert goal_takes_effect(iep_start=D(2026, 9, 8), baseline_date=D(2026, 8, 30)) == D(2026, 9, 8)
    assert goal_takes_effect(iep_start=D(2026, 9, 8), baseline_date=D(2026, 11, 2)) == D(2026, 11, 2)


TODAY, IEP_START, IEP_END = D(2026, 11, 18), D(2026, 9, 8), D(2027, 9, 7)


def _owed(
    goals: list[tuple[int, D]],
    reports: dict[tuple[int, D], D | None],
    today: D = TODAY,
    iep_start: D = IEP_START,
    iep_end: D = IEP_END,
):  # noqa: ANN202
    return reports_owed(
        iep_id=1,
        iep_start=iep_start,
        iep_end=iep_end,
        periods=YEAR,
        goals=goals,
        reports=reports,
        today=today,
        grace_days=7,
    )


def test_every_goal_in_effect_by_a_periods_end_owes_its_report() -> None:
    # Goal 1 since the IEP began (Sep 8), goal 2 added Nov 2 (after period 1 ended).
    owed = _owed([(1, D(2026, 9, 1)), (2, D(2026, 11, 2))], {})
    assert [(p.period.number, [r.goal_id for r in p.rows]) for p in owed.owed] == [
        (1, [1]),
        (2, [1, 2]),
        (3, [1, 2]),
        (4, [1, 2]),
    ]
    assert [p.status for p in owed.owed] == [LATE, UPCOMING, UPCOMING, UPCOMING]
    assert owed.owed[0].due_on == D(2026, 11, 4)
    assert owed.first_unsent is owed.owed[0] and owed.late == [owed.owed[0]]


def test_a_period_is_sent_only_when_every_goals_report_is() -> None:
    start = YEAR[0].start
    owed = _owed([(1, D(2026, 9, 1)), (2, D(2026, 9, 1))], {(1, start): D(2026, 11, 3), (2, start): None})
    period = owed.owed[0]
    assert [r.status for r in period.rows] == [SENT, LATE]
    assert [r.written for r in period.rows] == [True, True]
    assert period.status == LATE
    assert period.describe() == "Period 1 of 4 (Aug 17 to Oct 28): 1 of 2 goal reports not sent."

    owed = _owed(
        [(1, D(2026, 9, 1)), (2, D(2026, 9, 1))], {(1, start): D(2026, 11, 3), (2, start): D(2026, 11, 9)}
    )
    assert owed.owed[0].status == SENT_LATE and owed.owed[0].last_sent_on == D(2026, 11, 9)
    assert owed.first_unsent is owed.owed[1]


def test_periods_outside_the_iep_owe_nothing() -> None:
    # An IEP from Jan 20 to Jun 4: periods 1 and 2 belong to the one before.
    owed = _owed([(1, D(2027, 1, 10))], {}, iep_start=D(2027, 1, 20), iep_end=D(2027, 6, 4))
    assert [p.period.number for p in owed.owed] == [3, 4]
    assert owed.goals == 1 and owed.ended == []
