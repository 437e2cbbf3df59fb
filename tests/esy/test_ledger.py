"""ESY lines count on the ESY session's days; school-year lines never do."""

from __future__ import annotations

import datetime as dt

from esy.queries import esy_ledgers
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement
from tests.esy.factories import EsySessionFactory
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

D = dt.date


def test_an_esy_line_expects_its_weekly_minutes_on_the_session_days_only(esy_reading, summer) -> None:  # noqa: ANN001
    ServiceSessionFactory(requirement=esy_reading, date=D(2027, 6, 22), minutes=45)
    ServiceSessionFactory(requirement=esy_reading, date=D(2027, 6, 24), minutes=45)
    ServiceSessionFactory(requirement=esy_reading, date=D(2027, 6, 29), minutes=45, status="student_absent")
    led = esy_ledgers([esy_reading], D(2027, 7, 9))[esy_reading.pk].ledger
    # Jun 21-24 (4) + Jun 28-Jul 1 (4) + Jul 6-8 (3; Jul 5 closed; Fri Jul 9 no session) = 11
    # days at 90/4 = 22.5 a day: 247.5, rounded half up.
    assert led.expected == 248
    assert (led.delivered, led.missed_student) == (90, 45)
    assert led.uncovered_days == ()
    whole = esy_ledgers([esy_reading], D(2027, 8, 31))[esy_reading.pk].ledger
    assert whole.expected == 518  # 23 days x 22.5 = 517.5


def test_a_full_esy_week_owes_the_full_weekly_minutes(esy_reading, summer) -> None:  # noqa: ANN001
    # Mon Jun 21 to Sun Jun 27: the four days of a Monday-to-Thursday week.
    assert esy_ledgers([esy_reading], D(2027, 6, 27))[esy_reading.pk].ledger.expected == 90


def test_without_an_esy_session_nothing_is_expected_and_the_gap_shows(esy_reading) -> None:  # noqa: ANN001
    led = esy_ledgers([esy_reading], D(2027, 6, 25))[esy_reading.pk].ledger
    assert led.expected == 0
    assert led.uncovered_days == (D(2027, 6, 21), D(2027, 6, 22), D(2027, 6, 23), D(2027, 6, 24),
                                  D(2027, 6, 25))


def test_a_schools_own_session_replaces_the_districts_that_summer(esy_reading, summer, school) -> None:  # noqa: ANN001
    EsySessionFactory(school=school, name="Lincoln summer 2027", start_date=D(2027, 6, 28),
                      end_date=D(2027, 7, 22), weekdays=[0, 1, 2, 3, 4], created_by=summer.created_by)
    led = esy_ledgers([esy_reading], D(2027, 7, 2))[esy_reading.pk].ledger
    # Only Lincoln's own: Mon Jun 28 to Fri Jul 2, five days at 90/5.
    assert led.expected == 90


def test_a_school_year_line_is_unchanged_by_an_esy_session(iep, district_admin) -> None:  # noqa: ANN001
    speech = ServiceRequirementFactory(iep=iep)  # 60 a week, the IEP's dates (to Aug 31 2027)
    ServiceSessionFactory(requirement=speech, date=D(2026, 11, 16), minutes=30)
    before = {day: ledgers_for([speech], day)[speech.pk].ledger for day in (D(2026, 11, 18), D(2027, 7, 9))}
    EsySessionFactory(created_by=district_admin)
    speech = ServiceRequirement.objects.select_related("iep__student").get(pk=speech.pk)
    after = {day: ledgers_for([speech], day)[speech.pk].ledger for day in (D(2026, 11, 18), D(2027, 7, 9))}
    assert after == before
    # Sep 8 to Nov 18: 52 school days at 12 a day.
    assert after[D(2026, 11, 18)].expected == 624
    # The school year ends Fri Jun 4: July is no school day of it, ESY session or not.
    assert after[D(2027, 7, 9)].expected == ledgers_for([speech], D(2027, 6, 4))[speech.pk].ledger.expected


def test_one_call_counts_each_line_on_its_own_calendar(iep, esy_reading, summer) -> None:  # noqa: ANN001
    speech = ServiceRequirementFactory(iep=iep, start_date=D(2027, 5, 31))  # Mon May 31
    found = ledgers_for(ServiceRequirement.objects.filter(iep=iep), D(2027, 6, 27))
    # Speech: May 31-Jun 4, the school year's last week: 60. Reading: ESY's first week: 90.
    assert (found[speech.pk].ledger.expected, found[esy_reading.pk].ledger.expected) == (60, 90)


def test_an_esy_ledger_takes_a_fixed_number_of_queries(
    iep, esy_reading, summer, django_assert_num_queries,  # noqa: ANN001
) -> None:
    def lines() -> list[ServiceRequirement]:
        return list(ServiceRequirement.objects.extended_year().select_related("iep__student"))

    small = lines()
    # ESY sessions (1), their closures (1), minutes by line and status (1).
    with django_assert_num_queries(3):
        esy_ledgers(small, D(2027, 7, 9))
    for area in ("Math", "Writing", "Social skills"):
        ServiceRequirementFactory(iep=iep, area=area, season="esy", start_date=D(2027, 6, 21),
                                  end_date=D(2027, 7, 29))
    large = lines()
    with django_assert_num_queries(3):
        esy_ledgers(large, D(2027, 7, 9))


def test_the_minutes_sweep_never_reminds_about_an_esy_line(iep, esy_reading, summer) -> None:  # noqa: ANN001
    from services.reminders import minutes_sweep

    # Two weeks into the session with nothing logged: far behind on the ESY calendar.
    assert esy_ledgers([esy_reading], D(2027, 7, 7))[esy_reading.pk].ledger.behind
    reminders = minutes_sweep(D(2027, 7, 8))
    assert not [r for r in reminders if str(esy_reading.pk) in r.key.split(":")]
    speech = ServiceRequirementFactory(iep=iep, start_date=D(2026, 9, 8))  # a school-year line, behind
    assert [r for r in minutes_sweep(D(2026, 11, 18)) if str(speech.pk) in r.key.split(":")]
