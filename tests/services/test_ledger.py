"""The minute ledger, by hand. November 2026: Mon 2, 9, 16, 23, 30; Wed 18 is "today".

Every expected number below is worked out in the comment beside it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from services import ledger as L
from services.ledger import Policy, SchoolDays, Service, SessionFact
from students.calendar import InstructionalCalendar

D = dt.date
YEAR = (D(2026, 8, 17), D(2027, 6, 4))
THANKSGIVING_WEEK = frozenset(D(2026, 11, d) for d in range(23, 28))


def days(*closures: dt.date) -> SchoolDays:
    return SchoolDays([InstructionalCalendar(start=YEAR[0], end=YEAR[1], closures=frozenset(closures))])


NOV_2 = D(2026, 11, 2)


def weekly(minutes: int = 60, sessions: int = 2, start: dt.date = NOV_2, end: dt.date = YEAR[1]) -> Service:
    return Service(period=L.WEEK, minutes=minutes, sessions=sessions, start=start, end=end)


def run(service: Service, school_days: SchoolDays, as_of: dt.date, policy: Policy | None = None,
        **minutes: int) -> L.Ledger:
    return L.ledger(service, school_days, minutes, as_of, policy or Policy())


class TestExpectedWeekly:
    def test_it_accrues_a_fifth_of_the_weekly_minutes_each_school_day(self) -> None:
        # Nov 2-6 (5) + Nov 9-13 (5) + Nov 16-18 (3) = 13 days; 60 x 13/5 = 156.
        assert run(weekly(), days(), D(2026, 11, 18)).expected == 156

    def test_a_holiday_reduces_that_weeks_minutes(self) -> None:
        # Veterans Day closed: 12 days; 60 x 12/5 = 144. That week owes 60 x 4/5 = 48.
        school_days = days(D(2026, 11, 11))
        assert run(weekly(), school_days, D(2026, 11, 18)).expected == 144
        week = {w.start: w for w in L.weeks(weekly(), school_days, [], D(2026, 11, 18))}
        assert week[D(2026, 11, 9)].expected == 48

    def test_a_mid_week_start_prorates_the_first_week(self) -> None:
        # Starts Wed Nov 4: 3 days that week (36 min), then 5 (60 min): 96 by Fri Nov 13.
        service = weekly(start=D(2026, 11, 4))
        assert run(service, days(), D(2026, 11, 13)).expected == 96
        first = L.weeks(service, days(), [], D(2026, 11, 13))[0]
        assert (first.start, first.expected) == (D(2026, 11, 2), 36)

    def test_a_partial_last_week_is_prorated_too(self) -> None:
        # Ends Tue Nov 17: Nov 2-13 (10 days) + Nov 16-17 (2) = 12; 60 x 12/5 = 144.
        service = weekly(end=D(2026, 11, 17))
        assert run(service, days(), D(2026, 11, 18)).expected == 144

    def test_nothing_is_expected_on_weekends_or_before_the_start(self) -> None:
        assert run(weekly(start=D(2026, 11, 19)), days(), D(2026, 11, 18)).expected == 0
        # Saturday Nov 21 adds nothing to Friday Nov 20's 180.
        assert run(weekly(), days(), D(2026, 11, 21)).expected == 180


class TestExpectedDaily:
    def test_it_owes_the_daily_minutes_on_each_school_day_only(self) -> None:
        # From Mon Nov 16 to Tue Nov 24 with Thanksgiving week closed: Nov 16-20 = 5 x 30.
        service = Service(period=L.DAY, minutes=30, sessions=1, start=D(2026, 11, 16), end=YEAR[1])
        assert run(service, days(*THANKSGIVING_WEEK), D(2026, 11, 24)).expected == 150


class TestExpectedMonthly:
    monthly = Service(period=L.MONTH, minutes=120, sessions=4, start=D(2026, 9, 8), end=YEAR[1])

    def test_a_closure_week_does_not_reduce_the_months_minutes(self) -> None:
        # November has 21 weekdays; Thanksgiving week closed leaves 16. By Nov 30 the whole
        # 120 minutes are owed, as they would be with no closure.
        school_days = days(*THANKSGIVING_WEEK)
        nov_30 = run(self.monthly, school_days, D(2026, 11, 30)).expected
        oct_31 = run(self.monthly, school_days, D(2026, 10, 31)).expected
        assert nov_30 - oct_31 == 120

    def test_it_accrues_evenly_over_the_months_school_days(self) -> None:
        # Sep 8-30: 17 of September's 22 school days -> 120 x 17/22 = 92.7; October in full
        # (22 of 22) -> 120; Nov 2-18 is 13 of 16 -> 97.5. Total 310.2 -> 310.
        school_days = days(*THANKSGIVING_WEEK)
        assert run(self.monthly, school_days, D(2026, 11, 18)).expected == 310
        # During the closure week nothing more accrues: Nov 2-20 is 15/16 -> 112.5 + 212.7.
        assert run(self.monthly, school_days, D(2026, 11, 25)).expected == 325

    def test_a_partial_first_month_gets_its_share_of_school_days(self) -> None:
        # Starts Mon Nov 16: Nov 16-20 and Nov 30 are 6 of 16 school days; 120 x 6/16 = 45.
        service = Service(period=L.MONTH, minutes=120, sessions=4, start=D(2026, 11, 16), end=YEAR[1])
        assert run(service, days(*THANKSGIVING_WEEK), D(2026, 11, 30)).expected == 45

    def test_a_month_without_school_days_owes_nothing(self) -> None:
        service = Service(period=L.MONTH, minutes=120, sessions=4, start=D(2027, 6, 1), end=D(2027, 8, 31))
        # June 1-4 are the only June school days: all 120 are due by the 4th; July owes 0.
        assert run(service, days(), D(2027, 7, 31)).expected == 120


class TestDeliveredMissedOwed:
    def test_makeups_count_as_delivered_and_draw_the_owed_balance_down(self) -> None:
        led = run(weekly(), days(), D(2026, 11, 18), delivered=60, makeup=30,
                  school_cancelled=30, provider_absent=30, student_absent=30)
        assert led.delivered == 90
        assert (led.missed_school, led.missed_student) == (60, 30)
        assert led.owed_missed == 60
        assert led.made_up == 30
        assert led.owed == 30

    def test_owed_never_goes_below_zero(self) -> None:
        led = run(weekly(), days(), D(2026, 11, 18), makeup=90, provider_absent=30)
        assert led.owed == 0

    def test_student_caused_misses_are_not_owed_by_default(self) -> None:
        led = run(weekly(), days(), D(2026, 11, 18), student_absent=30, student_unavailable=30)
        assert (led.missed_student, led.owed) == (60, 0)

    def test_which_causes_are_owed_is_policy(self) -> None:
        policy = Policy(owed_statuses=frozenset({L.STUDENT_ABSENT, L.SCHOOL_CANCELLED}))
        led = run(weekly(), days(), D(2026, 11, 18), policy, student_absent=30, provider_absent=20)
        assert led.owed == 30


class TestPace:
    def test_it_is_behind_when_short_by_more_than_one_session(self) -> None:
        # Expected 156, delivered 120: short 36 > one session (30). Week ends Fri Nov 20 at
        # 180 expected, so 60 more minutes this week catch up.
        led = run(weekly(), days(), D(2026, 11, 18), delivered=120)
        assert (led.pace, led.shortfall, led.tolerance) == (L.BEHIND, 36, 30)
        assert led.expected_by_week_end == 180
        assert led.catch_up_this_week == 60

    def test_it_is_on_track_within_one_session(self) -> None:
        led = run(weekly(), days(), D(2026, 11, 18), delivered=130)
        assert led.pace == L.ON_TRACK
        assert led.catch_up_this_week == 50

    def test_it_is_ahead_when_over_by_more_than_one_session(self) -> None:
        led = run(weekly(), days(), D(2026, 11, 18), delivered=190)
        assert (led.pace, led.gap, led.catch_up_this_week) == (L.AHEAD, 34, 0)

    def test_the_tolerance_is_a_setting(self) -> None:
        led = run(weekly(), days(), D(2026, 11, 18), Policy(tolerance_minutes=40), delivered=120)
        assert led.pace == L.ON_TRACK

    def test_the_weeks_closures_lower_what_is_needed_to_catch_up(self) -> None:
        # Thanksgiving week: Mon-Tue Nov 23-24 open, then closed. As of Tue Nov 24 the week
        # owes 2/5 x 60 = 24, all of it by Tuesday: 180 + 24 = 204 by the week's end.
        school_days = days(*(d for d in THANKSGIVING_WEEK if d.day >= 25))
        led = run(weekly(), school_days, D(2026, 11, 24), delivered=180)
        assert (led.expected, led.expected_by_week_end, led.catch_up_this_week) == (204, 204, 24)


class TestWeeks:
    def test_each_week_shows_its_sessions_and_the_running_balance(self) -> None:
        sessions = [
            (SessionFact(D(2026, 11, 3), 30, L.DELIVERED), "a"),
            (SessionFact(D(2026, 11, 5), 30, L.DELIVERED), "b"),
            (SessionFact(D(2026, 11, 10), 30, L.SCHOOL_CANCELLED), "c"),
            (SessionFact(D(2026, 11, 12), 30, L.STUDENT_ABSENT), "d"),
            (SessionFact(D(2026, 11, 17), 30, L.MAKEUP), "e"),
        ]
        rows = L.weeks(weekly(), days(D(2026, 11, 11)), sessions, D(2026, 11, 18))
        assert [(w.start.day, w.expected, w.delivered, w.missed_school, w.missed_student, w.balance)
                for w in rows] == [
            (2, 60, 60, 0, 0, 0),       # on pace
            (9, 48, 0, 30, 30, -48),    # holiday Wednesday: 4 days owe 48
            (16, 36, 30, 0, 0, -54),    # Mon-Wed so far: 36
        ]
        assert rows[1].sessions == ["c", "d"]

    def test_a_service_that_has_not_started_has_no_weeks(self) -> None:
        assert L.weeks(weekly(start=D(2026, 12, 1)), days(), [], D(2026, 11, 18)) == []


@pytest.mark.parametrize("minutes,sessions,length", [(60, 2, 30), (45, 2, 23), (30, 1, 30)])
def test_session_length_is_the_minutes_shared_by_the_sessions(
    minutes: int, sessions: int, length: int,
) -> None:
    assert weekly(minutes=minutes, sessions=sessions).session_length == length


def test_school_days_spanning_two_school_years_count_both() -> None:
    spring = InstructionalCalendar(start=D(2026, 1, 5), end=D(2026, 6, 5))
    autumn = InstructionalCalendar(start=D(2026, 8, 17), end=D(2027, 6, 4))
    both = SchoolDays([spring, autumn])
    # June 1-5 (5 days) before the summer, Aug 17-21 (5 days) after it; nothing in July.
    assert both.count(D(2026, 6, 1), D(2026, 8, 21)) == 10
    assert both.in_month(2026, 7) == 0
