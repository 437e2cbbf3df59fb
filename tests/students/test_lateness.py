"""The one rule for late entries and for entries that need an administrator's approval."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings

from students.calendar import InstructionalCalendar, SchoolDays
from students.lateness import lateness, still_changeable

YEAR = SchoolDays([InstructionalCalendar(
    start=dt.date(2026, 8, 24), end=dt.date(2027, 6, 4),
    closures=frozenset({dt.date(2026, 11, 26), dt.date(2026, 11, 27)}),  # Thanksgiving
)])


def test_it_counts_school_days_after_the_fact_not_the_day_itself() -> None:
    same_day = lateness(happened=dt.date(2026, 11, 16), recorded=dt.date(2026, 11, 16), days=YEAR)
    assert (same_day.school_days_after, same_day.late, same_day.needs_approval) == (0, False, False)
    # Mon Nov 16 recorded Mon Nov 23: five school days after (Tue-Fri, Mon): not yet late.
    five = lateness(happened=dt.date(2026, 11, 16), recorded=dt.date(2026, 11, 23), days=YEAR)
    assert (five.school_days_after, five.late) == (5, False)
    six = lateness(happened=dt.date(2026, 11, 16), recorded=dt.date(2026, 11, 24), days=YEAR)
    assert (six.school_days_after, six.late, six.needs_approval) == (6, True, False)
    assert "6 school days" in six.describe()


def test_closures_and_weekends_do_not_make_an_entry_late() -> None:
    # Tue Nov 24 recorded Wed Dec 2: Wed 25, Mon 30, Tue 1, Wed 2 (Thu/Fri closed) = 4.
    entry = lateness(happened=dt.date(2026, 11, 24), recorded=dt.date(2026, 12, 2), days=YEAR)
    assert (entry.school_days_after, entry.late) == (4, False)


def test_past_the_second_limit_it_needs_approval() -> None:
    entry = lateness(happened=dt.date(2026, 10, 1), recorded=dt.date(2026, 11, 2), days=YEAR)
    assert (entry.days_after, entry.late, entry.needs_approval) == (32, True, True)
    assert "approves" in entry.describe()


@override_settings(EVIDENCE_LATE_AFTER_SCHOOL_DAYS=0, EVIDENCE_APPROVAL_AFTER_DAYS=3)
def test_the_limits_are_district_settings() -> None:
    entry = lateness(happened=dt.date(2026, 11, 16), recorded=dt.date(2026, 11, 17), days=YEAR)
    assert entry.late and not entry.needs_approval
    assert still_changeable(happened=dt.date(2026, 11, 16), today=dt.date(2026, 11, 19))
    assert not still_changeable(happened=dt.date(2026, 11, 16), today=dt.date(2026, 11, 20))


def test_a_summer_without_school_days_still_needs_approval_after_the_window() -> None:
    summer = lateness(happened=dt.date(2027, 6, 3), recorded=dt.date(2027, 7, 20), days=YEAR)
    assert summer.school_days_after == 1 and summer.needs_approval and summer.late
