"""Day letters and class meetings, computed from calendars alone (no database)."""

from __future__ import annotations

import datetime as dt

from schedules.rotation import (
    EVERY_DAY_PATTERN,
    ROTATION,
    WEEKLY,
    Meeting,
    Pattern,
    Rotation,
    SectionSchedule,
    meeting_days,
    meets,
    periods_on,
)
from students.calendar import InstructionalCalendar

D = dt.date
# Monday Nov 30 2026 is the first day; Wednesday Dec 2 is a snow day.
SNOW_DAY = D(2026, 12, 2)
WINTER = InstructionalCalendar(start=D(2026, 11, 30), end=D(2027, 1, 29), closures=frozenset({SNOW_DAY}))
AB = Pattern(kind=ROTATION, letters=("A", "B"))
SIX = Pattern(kind=ROTATION, letters=("1", "2", "3", "4", "5", "6"))


def _letters(rotation: Rotation, start: dt.date, end: dt.date) -> dict[str, str | None]:
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    return {f"{d:%a %d}": rotation.letter_of(d) for d in days}


def test_it_alternates_a_and_b_over_instructional_days_so_the_day_after_a_closure_continues() -> None:
    rotation = Rotation(AB, [WINTER])
    assert _letters(rotation, D(2026, 11, 30), D(2026, 12, 8)) == {
        "Mon 30": "A", "Tue 01": "B", "Wed 02": None, "Thu 03": "A", "Fri 04": "B",
        "Sat 05": None, "Sun 06": None, "Mon 07": "A", "Tue 08": "B",
    }


def test_a_school_may_say_a_closure_consumes_its_letter() -> None:
    rotation = Rotation(Pattern(kind=ROTATION, letters=("A", "B"), closures_consume_letters=True), [WINTER])
    assert _letters(rotation, D(2026, 12, 1), D(2026, 12, 7)) == {
        "Tue 01": "B", "Wed 02": None, "Thu 03": "B", "Fri 04": "A",
        "Sat 05": None, "Sun 06": None, "Mon 07": "B",
    }


def test_a_six_day_rotation_skips_a_closure_by_default() -> None:
    rotation = Rotation(SIX, [WINTER])
    assert [rotation.letter_of(d) for d in _weekdays(D(2026, 11, 30), D(2026, 12, 9))] == [
        "1", "2", None, "3", "4", "5", "6", "1",
    ]


def test_a_six_day_rotation_counting_calendar_days_loses_the_closures_letter() -> None:
    rotation = Rotation(Pattern(kind=ROTATION, letters=SIX.letters, closures_consume_letters=True), [WINTER])
    assert [rotation.letter_of(d) for d in _weekdays(D(2026, 11, 30), D(2026, 12, 9))] == [
        "1", "2", None, "4", "5", "6", "1", "2",
    ]


def test_a_class_on_day_3_misses_the_week_only_when_the_closure_consumed_day_3() -> None:
    day_3 = (Meeting(period="2", letters=frozenset({"3"})),)
    follows = SectionSchedule(Rotation(SIX, [WINTER]), day_3)
    consumes = SectionSchedule(
        Rotation(Pattern(kind=ROTATION, letters=SIX.letters, closures_consume_letters=True), [WINTER]), day_3
    )
    week = (D(2026, 11, 30), D(2026, 12, 4))
    assert meeting_days(follows, *week) == [D(2026, 12, 3)]
    assert meeting_days(consumes, *week) == []


def test_an_override_names_one_days_letter_and_leaves_the_others() -> None:
    rotation = Rotation(AB, [WINTER], overrides={D(2026, 12, 8): "A"})
    assert [rotation.letter_of(d) for d in _weekdays(D(2026, 12, 7), D(2026, 12, 10))] == ["A", "A", "A", "B"]


def test_an_override_on_a_closure_or_with_an_unknown_letter_changes_nothing() -> None:
    rotation = Rotation(AB, [WINTER], overrides={SNOW_DAY: "A", D(2026, 12, 3): "Z"})
    assert rotation.letter_of(SNOW_DAY) is None
    assert rotation.letter_of(D(2026, 12, 3)) == "A"


def test_an_anchor_sets_a_days_letter_and_the_rotation_counts_both_ways_from_it() -> None:
    rotation = Rotation(SIX, [WINTER], anchors=[(D(2026, 12, 3), "5")])
    assert [rotation.letter_of(d) for d in _weekdays(D(2026, 11, 30), D(2026, 12, 7))] == [
        "3", "4", None, "5", "6", "1",
    ]


def test_a_later_anchor_restarts_the_count_from_its_day() -> None:
    counted = Rotation(AB, [WINTER])
    assert [counted.letter_of(d) for d in _weekdays(D(2027, 1, 4), D(2027, 1, 6))] == ["A", "B", "A"]
    # The school says the first day back is a B day: the count starts again from there.
    rotation = Rotation(AB, [WINTER], anchors=[(D(2026, 11, 30), "A"), (D(2027, 1, 4), "B")])
    assert rotation.letter_of(D(2027, 1, 1)) == "B"
    assert [rotation.letter_of(d) for d in _weekdays(D(2027, 1, 4), D(2027, 1, 6))] == ["B", "A", "B"]


def test_each_school_year_starts_on_its_first_day_with_the_first_letter() -> None:
    spring = InstructionalCalendar(start=D(2027, 2, 1), end=D(2027, 3, 31))
    rotation = Rotation(AB, [WINTER, spring])
    assert rotation.letter_of(D(2027, 1, 29)) == "B"
    assert rotation.letter_of(D(2027, 2, 1)) == "A"


def test_a_letter_per_weekday_gives_block_days() -> None:
    block = Pattern(kind=WEEKLY, letters=("R", "R", "Odd", "Even", "R"))
    odd_periods = SectionSchedule(Rotation(block, [WINTER]), (
        Meeting(period="1", letters=frozenset({"R", "Odd"})),
    ))
    assert meeting_days(odd_periods, D(2026, 12, 7), D(2026, 12, 11)) == [
        D(2026, 12, 7), D(2026, 12, 8), D(2026, 12, 9), D(2026, 12, 11),
    ]


def test_a_class_with_no_schedule_meets_every_instructional_day() -> None:
    schedule = SectionSchedule(Rotation(AB, [WINTER]))
    assert meeting_days(schedule, D(2026, 11, 28), D(2026, 12, 6)) == [
        D(2026, 11, 30), D(2026, 12, 1), D(2026, 12, 3), D(2026, 12, 4),
    ]


def test_no_class_meets_on_a_closure_a_weekend_or_outside_the_school_year() -> None:
    schedule = SectionSchedule(Rotation(AB, [WINTER]), (Meeting(period="1"),))
    for day in (SNOW_DAY, D(2026, 12, 5), D(2026, 11, 27), D(2027, 2, 1)):
        assert not meets(schedule, day), day
        assert periods_on(schedule, day) == []


def test_an_a_day_class_meets_on_a_days_only() -> None:
    schedule = SectionSchedule(Rotation(AB, [WINTER]), (Meeting(period="3", letters=frozenset({"A"})),))
    assert meeting_days(schedule, D(2026, 11, 30), D(2026, 12, 8)) == [
        D(2026, 11, 30), D(2026, 12, 3), D(2026, 12, 7),
    ]


def test_a_class_in_two_periods_meets_each_on_its_days() -> None:
    schedule = SectionSchedule(Rotation(AB, [WINTER]), (
        Meeting(period="1", letters=frozenset({"A"})),
        Meeting(period="5", letters=frozenset({"B"})),
        Meeting(period="Advisory"),
    ))
    assert periods_on(schedule, D(2026, 11, 30)) == ["1", "Advisory"]
    assert periods_on(schedule, D(2026, 12, 1)) == ["5", "Advisory"]
    assert meeting_days(schedule, D(2026, 11, 30), D(2026, 12, 4)) == [
        D(2026, 11, 30), D(2026, 12, 1), D(2026, 12, 3), D(2026, 12, 4),
    ]


def test_at_a_school_with_every_day_alike_a_class_with_rows_meets_every_day() -> None:
    schedule = SectionSchedule(Rotation(EVERY_DAY_PATTERN, [WINTER]), (Meeting(letters=frozenset({"A"})),))
    assert Rotation(EVERY_DAY_PATTERN, [WINTER]).letter_of(D(2026, 12, 1)) is None
    assert meeting_days(schedule, D(2026, 11, 30), D(2026, 12, 4)) == [
        D(2026, 11, 30), D(2026, 12, 1), D(2026, 12, 3), D(2026, 12, 4),
    ]


def _weekdays(start: dt.date, end: dt.date) -> list[dt.date]:
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    return [d for d in days if d.weekday() < 5]


def test_meeting_days_agree_with_meets_on_every_day_of_the_year() -> None:
    year = InstructionalCalendar(start=D(2026, 8, 17), end=D(2027, 6, 4),
                                 closures=frozenset({D(2026, 11, 26), D(2026, 11, 27), SNOW_DAY}))
    rotation = Rotation(SIX, [year], overrides={D(2027, 3, 2): "6"})
    schedule = SectionSchedule(rotation, (Meeting(period="4", letters=frozenset({"2", "6"})),))
    every_day = [year.start + dt.timedelta(days=i) for i in range((year.end - year.start).days + 1)]
    assert meeting_days(schedule, year.start, year.end) == [d for d in every_day if meets(schedule, d)]
    assert D(2027, 3, 2) in meeting_days(schedule, year.start, year.end)
