"""The ledger with weeks no calendar covers, and fidelity capped at what a line required.

The school has the 2026-27 calendar (Aug 17 2026 to Jun 4 2027) and nothing else.
"""

from __future__ import annotations

import datetime as dt

from services import ledger as L
from services.ledger import Policy, SchoolDays, Service, SessionFact
from students.calendar import InstructionalCalendar

D = dt.date
DAYS = SchoolDays([InstructionalCalendar(start=D(2026, 8, 17), end=D(2027, 6, 4))])


def weekly(start: dt.date, end: dt.date, minutes: int = 60) -> Service:
    return Service(period=L.WEEK, minutes=minutes, sessions=2, start=start, end=end)


class TestUncoveredWeeks:
    # An IEP from Mon Mar 2 2026 (2025-26: no calendar) to Fri Mar 26 2027.
    SERVICE = weekly(D(2026, 3, 2), D(2027, 3, 26))

    def test_the_ledger_reports_the_weekdays_no_calendar_covers_instead_of_expecting_nothing(self) -> None:
        found = L.ledger(self.SERVICE, DAYS, {}, D(2026, 11, 17), Policy())
        # Mar 2 to Jun 30 2026: March 22 weekdays, April 22, May 21, June 22 = 87.
        assert len(found.uncovered_days) == 87
        assert found.uncovered_days[0] == D(2026, 3, 2) and found.uncovered_days[-1] == D(2026, 6, 30)
        # Weeks of Mar 2 .. Jun 29: 18 Mondays.
        assert len(found.uncovered_weeks) == 18
        # Expected counts only covered school days: Aug 17 to Nov 17 2026 is 67 school days
        # (Aug 11, Sep 22, Oct 22, Nov 2-17: 12), 60 x 67/5 = 804.
        assert found.expected == 804

    def test_a_service_inside_a_covered_year_has_no_uncovered_days(self) -> None:
        found = L.ledger(weekly(D(2026, 9, 8), D(2027, 3, 26)), DAYS, {}, D(2026, 11, 17), Policy())
        assert found.uncovered_days == ()

    def test_each_week_says_how_many_of_its_weekdays_no_calendar_covers(self) -> None:
        weeks = L.weeks(self.SERVICE, DAYS, [], D(2026, 11, 17))
        by_start = {w.start: w for w in weeks}
        assert by_start[D(2026, 3, 2)].uncovered == 5 and by_start[D(2026, 3, 2)].expected == 0
        # The week of Jun 29 2026: Mon 29, Tue 30 uncovered; Jul 1-3 are 2026-27 (summer).
        assert by_start[D(2026, 6, 29)].uncovered == 2
        assert by_start[D(2026, 11, 16)].uncovered == 0 and by_start[D(2026, 11, 16)].expected == 24

    def test_the_weeks_ahead_without_a_calendar_are_found_for_the_whole_service(self) -> None:
        service = weekly(D(2026, 9, 8), D(2027, 8, 31))
        mondays = L.uncovered_weeks(service, DAYS, service.start, service.end)
        # Thu Jul 1 2027 starts 2027-28: weeks of Jun 28, Jul 5 .. Aug 30 = 10 Mondays.
        assert mondays[0] == D(2027, 6, 28) and mondays[-1] == D(2027, 8, 30) and len(mondays) == 10


class TestFidelityCapped:
    def test_a_line_is_credited_at_most_what_it_required(self) -> None:
        assert L.credited(150, 120) == 120
        assert L.fidelity_percent(150, 120) == 100
        assert L.fidelity_percent(90, 120) == 75
        assert L.fidelity_percent(0, 0) is None

    def test_over_delivery_on_one_line_never_hides_anothers_shortfall(self) -> None:
        # Line A: 240 of 120 required; line B: 30 of 120. Uncapped: 270/240 = 112%.
        # Capped: (120 + 30) / 240 = 62.5%.
        lines = [(240, 120), (30, 120)]
        credited = sum(L.credited(d, e) for d, e in lines)
        required = sum(e for _, e in lines)
        assert (credited, required) == (150, 240)

    def test_the_ledgers_percent_is_capped(self) -> None:
        service = weekly(D(2026, 11, 2), D(2027, 3, 26))
        # Nov 2-13: 10 school days, 60 x 10/5 = 120 expected; 200 delivered.
        found = L.ledger(service, DAYS, {"delivered": 200}, D(2026, 11, 13), Policy())
        assert (found.expected, found.delivered, found.percent) == (120, 200, 100)
        assert not found.behind and found.pace == L.AHEAD

    def test_behind_is_the_ledgers_pace(self) -> None:
        service = weekly(D(2026, 11, 2), D(2027, 3, 26))
        found = L.ledger(service, DAYS, {"delivered": 60}, D(2026, 11, 13), Policy())
        # 60 of 120: 60 short, more than one 30-minute session.
        assert found.behind and found.shortfall == 60 and found.percent == 50

    def test_a_session_fact_counts_where_the_calendar_covers_it(self) -> None:
        weeks = L.weeks(
            weekly(D(2026, 11, 2), D(2027, 3, 26)),
            DAYS,
            [(SessionFact(D(2026, 11, 3), 30, "delivered"), "row")],
            D(2026, 11, 13),
        )
        assert weeks[0].delivered == 30 and weeks[0].sessions == ["row"] and weeks[0].uncovered == 0
