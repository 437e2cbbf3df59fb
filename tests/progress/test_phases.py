"""Phase lines restart the trend and the decision rule; when the rule fired and was answered.

Aimline for every test: baseline 20 on Sep 1, 2026, target 80 on Jun 1, 2027 (273 days), so
the aim on a day d days after Sep 1 is 20 + 60 d / 273.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from progress import phases as ph
from progress import trend as t
from students.calendar import InstructionalCalendar, SchoolDays

START = dt.date(2026, 9, 1)
END = dt.date(2027, 6, 1)
AIM = t.aimline(20, START, 80, END)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def test_a_phase_line_restarts_the_trend_and_the_rule() -> None:
    # Old phase: days 14, 21, 28, 35 at 22, 22, 22, 22 (aim there 23.1 .. 27.7: all behind).
    old = [t.Point(day(n), 22) for n in (14, 21, 28, 35)]
    # Change decided on day 36; new phase: days 42, 49, 56 at 30, 34, 38 (aim 29.2, 30.8, 32.3).
    new = [t.Point(day(n), v) for n, v in ((42, 30), (49, 34), (56, 38))]
    marks = [ph.Mark(day(36), ph.CHANGE, "Group of 3")]
    start = ph.phase_start(marks)
    assert start == day(36)
    phase = [p for p in old + new if ph.in_phase(p.day, start)]
    assert phase == new
    # Tukey line on the phase alone: groups of one, slope (38 - 30) / 14 = 4/7 a day = 4 a week.
    line = t.tukey_line(phase)
    assert line is not None
    assert line.per_week == pytest.approx(4.0)
    # Over all seven points the slope would be (38 - 22) / (56 - 17.5)... far from it:
    whole = t.tukey_line(old + new)
    assert whole is not None and whole.per_week != pytest.approx(4.0)
    # The rule: the old phase fired "change"; three new points are too few for a decision.
    assert t.decide(old, AIM, True) == t.CHANGE
    assert ph.reading(old + new, marks, AIM, True, 4) == t.TOO_FEW
    # A fourth new point at 42 on day 63 (aim 33.8): all four ahead -> consider raising.
    assert ph.reading([*old, *new, t.Point(day(63), 42)], marks, AIM, True, 4) == t.RAISE


def test_the_rule_fires_once_and_a_decision_answers_it() -> None:
    points = [t.Point(day(n), 22) for n in (14, 21, 28, 35, 42)]
    # Fires at the fourth point (day 35); the fifth keeps it firing: one fire.
    fires = ph.fires(points, [], AIM, True, 4)
    assert [(f.kind, f.fired_on, f.open) for f in fires] == [(t.CHANGE, day(35), True)]
    # A decision to continue on day 38 answers it; the rule then waits for four fresh points.
    answer = ph.Mark(day(38), "continue")
    fires = ph.fires(points, [answer], AIM, True, 4)
    assert [(f.fired_on, f.answered_by) for f in fires] == [(day(35), answer)]
    assert ph.reading(points, [answer], AIM, True, 4) == t.TOO_FEW


def test_a_fire_the_data_end_before_any_decision_lapses() -> None:
    values = (22, 22, 22, 22, 60)  # day 42 at 60 is ahead of the aim (29.2): the run breaks
    points = [t.Point(day(n), v) for n, v in zip((14, 21, 28, 35, 42), values, strict=True)]
    [fire] = ph.fires(points, [ph.Mark(day(50), "continue")], AIM, True, 4)
    assert fire.lapsed_on == day(42)
    assert fire.answered_by is None  # the decision came after the rule stopped firing


def _weekdays(first: dt.date, last: dt.date) -> SchoolDays:
    return SchoolDays([InstructionalCalendar(start=first, end=last, closures=frozenset())])


def test_a_fire_without_a_decision_for_more_than_n_school_days_is_overdue() -> None:
    days = _weekdays(dt.date(2026, 9, 1), dt.date(2027, 6, 15))
    points = [t.Point(day(n), 22) for n in (14, 21, 28, 35)]  # fires Oct 6, 2026 (a Tuesday)
    [fire] = ph.fires(points, [], AIM, True, 4)
    assert fire.fired_on == dt.date(2026, 10, 6)
    # School days after Oct 6: Oct 7-9 (3), Oct 12-16 (5) = 8 by Fri Oct 16; Oct 20 makes 10.
    assert ph.school_days_waited(fire, dt.date(2026, 10, 20), days) == 10
    assert not ph.overdue(fire, dt.date(2026, 10, 20), days, 10)
    assert ph.overdue(fire, dt.date(2026, 10, 21), days, 10)
    # Answered on Oct 20 is on time; on Oct 21 is late.
    on = ph.fires(points, [ph.Mark(dt.date(2026, 10, 20), "continue")], AIM, True, 4)[0]
    late = ph.fires(points, [ph.Mark(dt.date(2026, 10, 21), "continue")], AIM, True, 4)[0]
    assert ph.on_time(on, days, 10)
    assert not ph.on_time(late, days, 10)
    assert ph.counts_for_fidelity(late, dt.date(2026, 10, 21), days, 10)
    assert not ph.counts_for_fidelity(fire, dt.date(2026, 10, 20), days, 10)  # still has time


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(st.tuples(st.integers(0, 120), st.integers(0, 100)), max_size=30),
    st.lists(st.tuples(st.integers(0, 120), st.sampled_from([ph.CHANGE, "continue", "raise"])),
             max_size=4),
    st.integers(1, 5),
    st.booleans(),
)
def test_the_rule_reads_each_day_as_it_would_on_the_points_up_to_that_day(
    raw_points: list[tuple[int, int]], raw_marks: list[tuple[int, str]], run: int, rising: bool,
) -> None:
    # `fires` reads each day from the latest `run` points alone; the definition reads all the
    # points up to that day. Both must give the same fires on any data.
    points = sorted((t.Point(day(n), v) for n, v in raw_points), key=lambda p: p.day)
    marks = [ph.Mark(day(n), kind, pk=i) for i, (n, kind) in enumerate(raw_marks)]
    aim = AIM if rising else t.aimline(80, START, 20, END)
    got = [(f.kind, f.fired_on) for f in ph.fires(points, marks, aim, rising, run)]
    expected: list[tuple[str, dt.date]] = []
    current = None
    for i, point in enumerate(points):
        if i + 1 < len(points) and points[i + 1].day == point.day:
            continue
        now = ph.reading(points[: i + 1], marks, aim, rising, run)
        firing = now if now in ph.FIRING else None
        if firing is not None and firing != current:
            expected.append((firing, point.day))
        current = firing
    assert got == expected
