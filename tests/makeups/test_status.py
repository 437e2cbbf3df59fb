"""Which logged makeup settles which planned one, by hand."""

from __future__ import annotations

import datetime as dt

from makeups import status
from makeups.status import MadeFact, PlanFact

D = dt.date


def test_each_plan_takes_the_earliest_makeup_logged_since_it_was_planned() -> None:
    plans = [PlanFact(1, D(2026, 11, 10), D(2026, 11, 19)), PlanFact(2, D(2026, 11, 10), D(2026, 11, 24))]
    made = [MadeFact(20, D(2026, 11, 20)), MadeFact(10, D(2026, 11, 12))]
    assert status.match(plans, made) == {1: MadeFact(10, D(2026, 11, 12)), 2: MadeFact(20, D(2026, 11, 20))}


def test_a_makeup_logged_before_the_plan_was_made_settles_nothing() -> None:
    plans = [PlanFact(1, D(2026, 11, 16), D(2026, 11, 19))]
    assert status.match(plans, [MadeFact(10, D(2026, 11, 13))]) == {}


def test_one_makeup_settles_one_plan_only() -> None:
    plans = [PlanFact(1, D(2026, 11, 10), D(2026, 11, 19)), PlanFact(2, D(2026, 11, 10), D(2026, 11, 20))]
    assert status.match(plans, [MadeFact(10, D(2026, 11, 18))]) == {1: MadeFact(10, D(2026, 11, 18))}


def test_its_state_is_cancelled_done_overdue_or_planned() -> None:
    today = D(2026, 11, 18)
    assert status.state(target_date=D(2026, 11, 17), cancelled=True, done=False, today=today) == "cancelled"
    assert status.state(target_date=D(2026, 11, 17), cancelled=False, done=True, today=today) == "done"
    assert status.state(target_date=D(2026, 11, 17), cancelled=False, done=False, today=today) == "overdue"
    assert status.state(target_date=today, cancelled=False, done=False, today=today) == "planned"
