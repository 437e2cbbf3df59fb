"""The owed backlog and this week's pace, apart, by hand. November 2026: Mon 16, Wed 18 is
"today"; Thanksgiving week (Nov 23-27) has two school days here (Mon, Tue)."""

from __future__ import annotations

import datetime as dt

from services import ledger as L
from services.ledger import SchoolDays, Service
from students.calendar import InstructionalCalendar

D = dt.date
YEAR = (D(2026, 8, 17), D(2027, 6, 4))
WED = D(2026, 11, 18)
SEP_8 = D(2026, 9, 8)


def days(*closures: dt.date) -> SchoolDays:
    return SchoolDays([InstructionalCalendar(start=YEAR[0], end=YEAR[1], closures=frozenset(closures))])


def service(
    period: str = L.WEEK,
    minutes: int = 60,
    sessions: int = 2,
    start: dt.date = SEP_8,
    end: dt.date = YEAR[1],
) -> Service:
    return Service(period=period, minutes=minutes, sessions=sessions, start=start, end=end)


DAILY_READING = service(L.DAY, minutes=30, sessions=1)


class TestBacklog:
    def test_owed_minutes_are_counted_in_makeup_sessions_of_the_lines_length(self) -> None:
        # 30 min a day, 120 min owed: 120 / 30 = 4 sessions.
        owed = L.backlog(120, DAILY_READING)
        assert (owed.sessions, owed.session_length, owed.minutes) == (4, 30, 120)
        assert owed.describe() == "owed: 4 makeup sessions of 30 min (120 min)"
        assert owed.describe(planned=1) == "owed: 4 makeup sessions of 30 min (120 min), 1 planned"

    def test_a_part_session_owed_is_one_more_session(self) -> None:
        # 60 min a week in 2 sessions: 30 min each; 40 owed is 2 sessions (one whole, one part).
        owed = L.backlog(40, service())
        assert owed.describe(planned=0) == "owed: 2 makeup sessions of 30 min (40 min), 0 planned"
        assert L.backlog(30, service()).describe() == "owed: 1 makeup session of 30 min (30 min)"

    def test_nothing_owed_says_so(self) -> None:
        assert L.backlog(0, service()).describe(planned=0) == "owed: nothing"
        assert L.backlog(-5, service()).sessions == 0


class TestSessionsLeftThisWeek:
    def test_the_fault_a_daily_line_far_behind_still_has_only_this_weeks_sessions_left(self) -> None:
        # 30 min a day, nothing logged for weeks: the ledger said "900 min to catch up this
        # week". This week (Nov 16-20) schedules 5 sessions; Mon and Tue held; Wed-Fri left: 3.
        pace = L.sessions_left_this_week(DAILY_READING, days(), 2, WED)
        assert (pace.scheduled, pace.held, pace.left) == (5, 2, 3)
        assert pace.describe() == "this week: 3 sessions left"

    def test_a_daily_line_never_has_more_left_than_school_days_left(self) -> None:
        # Nothing logged on Mon or Tue: 5 - 0 = 5, but only Wed, Thu, Fri remain: 3.
        assert L.sessions_left_this_week(DAILY_READING, days(), 0, WED).left == 3

    def test_a_weekly_line_counts_its_sessions_per_week(self) -> None:
        # 60 min a week in 2 sessions of 30: one held on Monday, one left.
        assert L.sessions_left_this_week(service(), days(), 1, WED).describe() == "this week: 1 session left"
        assert L.sessions_left_this_week(service(), days(), 0, WED).describe() == "this week: 2 sessions left"
        assert (
            L.sessions_left_this_week(service(), days(), 2, WED).describe()
            == "this week: all 2 sessions held"
        )

    def test_a_short_week_schedules_its_share(self) -> None:
        # Thanksgiving week, Wed-Fri closed: 2 days; 60 x 2/5 = 24 min, 24/30 = 0.8: 1 session.
        closed = days(D(2026, 11, 25), D(2026, 11, 26), D(2026, 11, 27))
        assert L.sessions_left_this_week(service(), closed, 0, D(2026, 11, 23)).scheduled == 1
        # 120 min a week in 4 sessions: 120 x 2/5 = 48, 48/30 = 1.6: 2 sessions.
        assert (
            L.sessions_left_this_week(service(minutes=120, sessions=4), closed, 0, D(2026, 11, 23)).scheduled
            == 2
        )

    def test_a_monthly_line_gets_this_weeks_share_of_the_month(self) -> None:
        # November 2026 has 21 school days; 120 min a month in 4 sessions of 30; this week has
        # 5 of them: 120 x 5/21 = 28.6 min, 28.6/30 = 0.95: 1 session.
        monthly = service(L.MONTH, minutes=120, sessions=4)
        assert L.sessions_left_this_week(monthly, days(), 0, WED).scheduled == 1

    def test_the_weekend_has_no_school_days_left(self) -> None:
        pace = L.sessions_left_this_week(service(), days(), 0, D(2026, 11, 21))
        assert (pace.scheduled, pace.left, pace.school_days_left) == (2, 0, 0)
        assert pace.describe() == "this week: no school days left"

    def test_outside_the_service_dates_nothing_is_scheduled(self) -> None:
        later = service(start=D(2026, 12, 1))
        assert (
            L.sessions_left_this_week(later, days(), 0, WED).describe() == "this week: no sessions scheduled"
        )

    def test_the_last_days_of_a_service_are_all_that_is_left(self) -> None:
        # Daily reading that ends Thursday Nov 19: Mon-Thu scheduled (4), Wed and Thu left.
        ending = service(L.DAY, minutes=30, sessions=1, end=D(2026, 11, 19))
        pace = L.sessions_left_this_week(ending, days(), 2, WED)
        assert (pace.scheduled, pace.left) == (4, 2)
