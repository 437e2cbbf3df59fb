"""Which sessions a provider has on a day: weekly, every other week, monthly, day letters,
closures, ended plans and lines; and a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from provider_schedules.actions import session_plan_add, session_plan_end
from provider_schedules.models import SessionPlan
from provider_schedules.queries import sessions_between, sessions_on
from schedules.models import DayPattern
from services.scheduled import scheduled_for
from tests.factories import ClosureFactory
from tests.provider_schedules.conftest import THU, TUE, WED, fields

D = dt.date
TUESDAY, WEDNESDAY, THURSDAY = D(2026, 11, 17), D(2026, 11, 18), D(2026, 11, 19)


def test_a_provider_without_a_plan_keeps_no_schedule(provider, speech) -> None:  # noqa: ANN001
    assert sessions_on(provider, TUESDAY) is None
    assert scheduled_for(provider, TUESDAY) is None


def test_a_weekly_group_meets_on_its_weekdays_with_every_student(provider, group, group_lines) -> None:  # noqa: ANN001
    on_tuesday = sessions_on(provider, TUESDAY)
    assert on_tuesday is not None and len(on_tuesday) == 1
    assert {r.pk for r in on_tuesday[0].requirements} == {r.pk for r in group_lines}
    assert on_tuesday[0].label == "Articulation group, 3 students"
    assert sessions_on(provider, WEDNESDAY) == []
    week = sessions_between(provider, D(2026, 11, 16), D(2026, 11, 20))
    assert week is not None and sorted(week) == [TUESDAY, THURSDAY]


def test_the_registry_answers_with_the_lines_and_the_one_tap_log(provider, group, group_lines) -> None:  # noqa: ANN001
    found = scheduled_for(provider, THURSDAY)
    assert found is not None and len(found) == 1
    assert found[0].start == dt.time(10, 0) and found[0].minutes == 30
    assert set(found[0].requirement_pks) == {r.pk for r in group_lines}
    assert found[0].log_url == f"/schedule/plans/{group.pk}/2026-11-19/log/"


def test_there_is_no_session_on_a_closure(provider, group, calendar) -> None:  # noqa: ANN001
    ClosureFactory(calendar=calendar, date=TUESDAY, reason="Snow day")
    assert sessions_on(provider, TUESDAY) == []
    assert len(sessions_on(provider, THURSDAY) or []) == 1


def test_there_is_no_session_outside_the_school_year_or_on_a_weekend(provider, group) -> None:  # noqa: ANN001
    assert sessions_on(provider, D(2026, 11, 21)) == []  # a Saturday
    assert sessions_on(provider, D(2027, 7, 13)) == []  # a Tuesday in the summer


def test_a_monthly_consult_meets_on_its_day_of_the_month_only(provider, speech) -> None:  # noqa: ANN001
    session_plan_add(by=provider, requirements=[speech], fields=fields(
        label="OT consult", weekdays=[TUE], frequency="monthly", week_of_month=1))
    days = sessions_between(provider, D(2026, 11, 1), D(2026, 12, 31))
    assert days is not None and sorted(days) == [D(2026, 11, 3), D(2026, 12, 1)]


def test_a_last_weekday_of_the_month(provider, speech) -> None:  # noqa: ANN001
    session_plan_add(by=provider, requirements=[speech], fields=fields(
        weekdays=[THU], frequency="monthly", week_of_month=5))
    days = sessions_between(provider, D(2026, 10, 1), D(2026, 11, 30))
    # Oct 29 and Nov 26: the last Thursdays (Nov 26 is a school day in this calendar).
    assert days is not None and sorted(days) == [D(2026, 10, 29), D(2026, 11, 26)]


def test_every_other_week_counts_from_its_first_week(provider, speech) -> None:  # noqa: ANN001
    session_plan_add(by=provider, requirements=[speech], fields=fields(
        weekdays=[WED], frequency="every_other_week", start_date=D(2026, 11, 4)))
    days = sessions_between(provider, D(2026, 11, 1), D(2026, 11, 30))
    assert days is not None and sorted(days) == [D(2026, 11, 4), D(2026, 11, 18)]


def test_day_letters_follow_the_schools_rotation(provider, speech, school) -> None:  # noqa: ANN001
    DayPattern.objects.create(school=school, kind=DayPattern.Kind.ROTATION, letters=["A", "B"])
    session_plan_add(by=provider, requirements=[speech], fields=fields(weekdays=[], day_letters=["A"]))
    days = sessions_between(provider, D(2026, 9, 8), D(2026, 9, 14))
    # The year starts on an A day (Tue Sep 8): A, B, A, B (Fri), A (Mon).
    assert days is not None and sorted(days) == [D(2026, 9, 8), D(2026, 9, 10), D(2026, 9, 14)]


def test_an_ended_plan_leaves_the_schedule(provider, group) -> None:  # noqa: ANN001
    assert session_plan_end(plan=group, by=provider)
    assert not session_plan_end(plan=group, by=provider)
    group.refresh_from_db()
    assert group.ended_by == provider and group.ended_at is not None
    assert sessions_on(provider, TUESDAY) is None


def test_a_student_whose_line_ended_leaves_the_group(provider, group, group_lines) -> None:  # noqa: ANN001
    ended = group_lines[2]
    ended.end_date = D(2026, 11, 10)
    ended.save(update_fields=["end_date"])
    found = sessions_on(provider, TUESDAY)
    assert found is not None and {r.pk for r in found[0].requirements} == {r.pk for r in group_lines[:2]}


def test_another_providers_schedule_is_not_theirs(other_provider, group) -> None:  # noqa: ANN001
    assert sessions_on(other_provider, TUESDAY) is None


def test_the_database_refuses_a_plan_without_days_or_a_monthly_one_without_its_week(provider) -> None:  # noqa: ANN001
    base = {"provider": provider, "created_by": provider, "start_time": dt.time(9), "minutes": 30,
            "start_date": D(2026, 9, 8)}
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionPlan.objects.create(**base, weekdays=[], day_letters=[])
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionPlan.objects.create(**base, weekdays=[TUE], frequency="monthly")
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionPlan.objects.create(**base, weekdays=[6])


def test_its_queries_do_not_grow_with_plans_or_students(
    provider, group, speech_student, django_assert_num_queries,  # noqa: ANN001
) -> None:
    # the open plans' lines with their students (1), calendars (1), closures (1)
    with django_assert_num_queries(3):
        sessions_between(provider, D(2026, 11, 16), D(2026, 11, 20))
    for i in range(4):
        session_plan_add(by=provider, requirements=[speech_student(f"S{i}"), speech_student(f"T{i}")],
                         fields=fields(start_time=dt.time(8 + i, 0), label=""))
    with django_assert_num_queries(3):
        week = sessions_between(provider, D(2026, 11, 16), D(2026, 11, 20))
    assert week is not None and len(week[TUESDAY]) == 5
    assert [s.plan.start_time for s in week[TUESDAY]] == sorted(s.plan.start_time for s in week[TUESDAY])
