"""The share of the week inside the regular class and its band, on hand-computed cases.

The school below rings from 8:00 to 3:00: a day of 420 minutes, a week of 2,100.
"""

from __future__ import annotations

import datetime as dt

import pytest

from lre.measure import placement, placements, weekly_minutes
from schedules.models import Period
from services.models import ServiceRequirement
from students.models import Environment
from tests import factories as f
from tests.services.factories import ServiceRequirementFactory

TODAY = dt.date(2026, 11, 18)
PULL_OUT = ServiceRequirement.Setting.SPECIAL_ED
PUSH_IN = ServiceRequirement.Setting.GEN_ED


@pytest.fixture
def bell(school):  # noqa: ANN001, ANN201
    Period.objects.create(school=school, name="1", start_time=dt.time(8, 0), end_time=dt.time(8, 50), order=1)
    Period.objects.create(school=school, name="7", start_time=dt.time(14, 10), end_time=dt.time(15, 0), order=7)
    # A period the roster named, without times yet, changes nothing.
    Period.objects.create(school=school, name="Advisory", order=100)


def line(iep, minutes: int, *, setting: str = PULL_OUT, period: str = "week", **kwargs):  # noqa: ANN001, ANN003, ANN201
    return ServiceRequirementFactory(iep=iep, minutes=minutes, sessions=1, setting=setting, period=period, **kwargs)


@pytest.mark.django_db
class TestTheShare:
    def test_pull_out_lines_are_outside_and_push_in_lines_inside(self, iep, bell) -> None:  # noqa: ANN001
        line(iep, 225, area="Reading", kind=ServiceRequirement.Kind.SDI)
        line(iep, 60, area="Speech-language")
        line(iep, 150, area="Math", kind=ServiceRequirement.Kind.SDI, setting=PUSH_IN)
        p = placement(iep, TODAY)
        # 2,100 - (225 + 60) = 1,815 of 2,100 = 86.43%
        assert (p.school_day_minutes, p.week_minutes, p.outside_minutes) == (420, 2100, 285)
        assert p.from_bell_schedule
        assert p.percent_inside == "86.4"
        assert p.band == Environment.REGULAR_80
        assert [x.area for x in p.lines] == ["Speech-language", "Reading"]  # by kind, then area

    def test_exactly_eighty_percent_is_eighty_or_more(self, iep, bell) -> None:  # noqa: ANN001
        line(iep, 420)  # 1,680 / 2,100 = 0.8 exactly
        p = placement(iep, TODAY)
        assert (p.percent_inside, p.band) == ("80.0", Environment.REGULAR_80)

    def test_a_minute_less_is_the_lower_band_and_is_not_shown_as_eighty(self, iep, bell) -> None:  # noqa: ANN001
        line(iep, 421)  # 1,679 / 2,100 = 79.95%
        p = placement(iep, TODAY)
        assert (p.percent_inside, p.band) == ("79.9", Environment.REGULAR_40_79)

    def test_under_forty_percent(self, iep, bell) -> None:  # noqa: ANN001
        line(iep, 1300, area="Reading")  # 800 / 2,100 = 38.10%
        p = placement(iep, TODAY)
        assert (p.percent_inside, p.band) == ("38.0", Environment.REGULAR_UNDER_40)

    def test_exactly_forty_percent_is_forty_to_seventy_nine(self, iep, bell) -> None:  # noqa: ANN001
        line(iep, 1260)  # 840 / 2,100 = 0.4 exactly
        assert placement(iep, TODAY).band == Environment.REGULAR_40_79

    def test_more_outside_than_the_week_is_none_inside(self, iep, bell) -> None:  # noqa: ANN001
        line(iep, 300, period="day")  # 1,500 a week
        line(iep, 900)
        p = placement(iep, TODAY)
        assert (p.outside_minutes, p.percent_inside, p.band) == (2400, "0.0", Environment.REGULAR_UNDER_40)

    def test_lines_per_day_and_per_month_on_the_districts_school_day(self, iep, settings) -> None:  # noqa: ANN001
        settings.SERVICES_SCHOOL_DAY_MINUTES = 400  # no bell times: a week of 2,000
        line(iep, 30, period="day")  # 150 a week
        line(iep, 130, period="month")  # 130 * 12 / 52 = 30 a week
        p = placement(iep, TODAY)
        assert not p.from_bell_schedule
        assert (p.week_minutes, p.outside_minutes) == (2000, 180)
        assert (p.percent_inside, p.band) == ("91.0", Environment.REGULAR_80)  # 1,820 / 2,000

    def test_only_the_lines_in_effect_on_the_day_count(self, iep, bell) -> None:  # noqa: ANN001
        line(iep, 600, start_date=dt.date(2026, 9, 8), end_date=dt.date(2026, 11, 17))  # ended yesterday
        line(iep, 600, start_date=dt.date(2026, 11, 19), end_date=iep.end_date)  # starts tomorrow
        line(iep, 210, start_date=dt.date(2026, 11, 18), end_date=dt.date(2026, 11, 18))  # today only
        p = placement(iep, TODAY)
        assert (p.outside_minutes, p.percent_inside) == (210, "90.0")
        assert placement(iep, dt.date(2026, 11, 17)).outside_minutes == 600

    def test_no_lines_is_the_whole_week_inside(self, iep, bell) -> None:  # noqa: ANN001
        p = placement(iep, TODAY)
        assert (p.lines, p.percent_inside, p.band) == ((), "100.0", Environment.REGULAR_80)


@pytest.mark.django_db
class TestTheRecordedEnvironment:
    def test_a_separate_school_is_reported_as_such_whatever_the_lines(self, iep, bell) -> None:  # noqa: ANN001
        iep.educational_environment = Environment.SEPARATE_SCHOOL
        iep.save(update_fields=["educational_environment"])
        line(iep, 100)
        p = placement(iep, TODAY)
        assert p.separate and p.share_inside is None and p.percent_inside == ""
        assert p.band == Environment.SEPARATE_SCHOOL and not p.disagrees

    def test_a_recorded_band_the_lines_do_not_give_disagrees(self, iep, bell) -> None:  # noqa: ANN001
        iep.educational_environment = Environment.REGULAR_80
        iep.save(update_fields=["educational_environment"])
        line(iep, 900)  # 1,200 / 2,100 = 57.1%
        p = placement(iep, TODAY)
        assert (p.band, p.recorded, p.disagrees) == (Environment.REGULAR_40_79, Environment.REGULAR_80, True)

    def test_the_recorded_band_the_lines_give_agrees_and_none_recorded_is_not_a_disagreement(
        self, iep, bell,  # noqa: ANN001
    ) -> None:
        line(iep, 900)
        assert not placement(iep, TODAY).disagrees
        iep.educational_environment = Environment.REGULAR_40_79
        iep.save(update_fields=["educational_environment"])
        assert not placement(iep, TODAY).disagrees


def test_weekly_minutes_by_period() -> None:
    assert weekly_minutes(45, "day") == 225
    assert weekly_minutes(90, "week") == 90
    assert weekly_minutes(52, "month") == 12


@pytest.mark.django_db
def test_each_school_is_measured_on_its_own_bell_schedule_in_two_queries(
    iep, bell, other_school, django_assert_num_queries,  # noqa: ANN001
) -> None:
    Period.objects.create(school=other_school, name="1", start_time=dt.time(7, 30), end_time=dt.time(14, 0))
    elsewhere = [f.IEPFactory(student=f.StudentFactory(school=other_school, student_number=f"L{i}"))
                 for i in range(4)]
    for other in elsewhere:
        line(other, 195)  # 1,755 of 1,950 (a day of 390) = 90%
    line(iep, 210)
    with django_assert_num_queries(2):
        found = placements([iep, *elsewhere], TODAY)
    assert found[iep.pk].percent_inside == "90.0" and found[iep.pk].week_minutes == 2100
    assert {found[o.pk].week_minutes for o in elsewhere} == {1950}
    assert {found[o.pk].percent_inside for o in elsewhere} == {"90.0"}


@pytest.mark.django_db
def test_an_extended_school_year_line_is_not_part_of_the_school_week(iep, bell) -> None:  # noqa: ANN001
    line(iep, 210)
    line(iep, 600, season=ServiceRequirement.Season.ESY)
    assert placement(iep, TODAY).outside_minutes == 210
