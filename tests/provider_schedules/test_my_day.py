"""My day with a schedule: Due today is what is scheduled today plus what must be made up;
without one, as before. The schedule's own panel lists today's sessions as next actions."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from provider_schedules import panels as schedule_panels
from provider_schedules.actions import session_plan_add
from services import panels
from services.models import ServiceRequirement
from students.caseload import caseload_for
from tests.provider_schedules.conftest import TUE, fields
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

D = dt.date
WEDNESDAY, THURSDAY = D(2026, 11, 18), D(2026, 11, 19)


def due(user, today: dt.date) -> set[int]:  # noqa: ANN001
    built = panels.my_day(user, today, [])
    assert built is not None
    return {row["requirement"].pk for row in built["due"]}


class TestDueToday:
    def test_without_a_schedule_every_line_with_sessions_left_this_week_is_due(self, provider, speech) -> None:  # noqa: ANN001, E501
        assert due(provider, WEDNESDAY) == {speech.pk}

    def test_with_a_schedule_only_what_is_scheduled_today_is_due(self, provider, group, group_lines) -> None:  # noqa: ANN001, E501
        assert due(provider, WEDNESDAY) == set()  # the group meets Tuesdays and Thursdays
        assert due(provider, THURSDAY) == {r.pk for r in group_lines}
        built = panels.my_day(provider, WEDNESDAY, [])
        assert built is not None and len(built["rows"]) == 3  # still listed with their minutes

    def test_a_line_that_owes_makeups_is_due_on_a_day_without_its_session(
        self, provider, group, group_lines,  # noqa: ANN001
    ) -> None:
        owing = group_lines[1]
        ServiceSessionFactory(requirement=owing, date=D(2026, 11, 17), status="school_cancelled",
                              reason="Assembly")
        assert due(provider, WEDNESDAY) == {owing.pk}

    def test_a_session_logged_today_leaves_the_due_list(self, provider, group, group_lines) -> None:  # noqa: ANN001
        ServiceSessionFactory(requirement=group_lines[0], date=THURSDAY)
        assert due(provider, THURSDAY) == {r.pk for r in group_lines[1:]}

    def test_a_monthly_line_is_due_only_on_its_scheduled_day(self, provider, iep) -> None:  # noqa: ANN001
        # 120 minutes a month in four sessions: without a schedule, due every day of a week
        # that still has its session left.
        consult = ServiceRequirementFactory(iep=iep, provider=provider, area="OT", minutes=120, sessions=4,
                                            period=ServiceRequirement.Period.MONTH)
        assert due(provider, WEDNESDAY) == {consult.pk}
        session_plan_add(by=provider, requirements=[consult], fields=fields(
            label="OT consult", weekdays=[TUE], frequency="monthly", week_of_month=1))
        assert due(provider, WEDNESDAY) == set()
        with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0), tick=False):
            assert due(provider, D(2026, 12, 1)) == {consult.pk}  # the first Tuesday

    def test_nothing_is_due_on_a_closure_even_when_scheduled(self, provider, group, calendar) -> None:  # noqa: ANN001
        from tests.factories import ClosureFactory

        ClosureFactory(calendar=calendar, date=THURSDAY, reason="Snow day")
        assert due(provider, THURSDAY) == set()

    def test_my_day_lists_the_group_as_one_next_action_that_opens_its_log(
        self, login, provider, group,  # noqa: ANN001
    ) -> None:
        with time_machine.travel(dt.datetime(2026, 11, 19, 9, 0), tick=False):
            body = login(provider).get(reverse("home")).content.decode()
        assert "10:00 AM Articulation group, 3 students" in body
        assert f'href="/schedule/plans/{group.pk}/2026-11-19/log/"' in body
        assert reverse("provider_schedules:week") in body
        assert "scheduled today" in body


class TestQueryCounts:
    def test_the_services_panel_runs_the_same_queries_with_a_schedule_at_two_sizes(
        self, provider, group, speech_student, django_assert_num_queries,  # noqa: ANN001
    ) -> None:
        def count() -> None:
            caseload = caseload_for(provider, THURSDAY)
            # requirements (1), calendars (1), closures (1), minutes by status (1), counted
            # today (1), waiting for confirmation (1), outlooks_for: calendars, closures, held
            # this week, planned makeups (4), then the schedule: plans' lines, calendars,
            # closures (3)
            with django_assert_num_queries(13):
                panels.my_day(provider, THURSDAY, caseload)

        count()
        for i in range(5):
            session_plan_add(by=provider, requirements=[speech_student(f"S{i}"), speech_student(f"T{i}")],
                             fields=fields(start_time=dt.time(8, 0), label=f"Group {i}", weekdays=[3]))
        for r in group.requirements.all():
            ServiceSessionFactory(requirement=r, date=D(2026, 11, 17), start_time=dt.time(10), group_size=3)
        count()

    def test_the_schedule_panel_runs_the_same_queries_at_two_sizes(
        self, provider, group, speech_student, django_assert_num_queries,  # noqa: ANN001
    ) -> None:
        def count() -> None:
            # plans' lines (1), calendars (1), closures (1), today's entries of its lines (1)
            with django_assert_num_queries(4):
                built = schedule_panels.my_day(provider, THURSDAY, [])
            assert built is not None and built["actions"]

        count()
        for i in range(5):
            session_plan_add(by=provider, requirements=[speech_student(f"S{i}")],
                             fields=fields(start_time=dt.time(13, 0), label="", weekdays=[3]))
        count()

    def test_the_schedule_panel_costs_one_query_for_someone_without_a_schedule(
        self, case_manager, django_assert_num_queries,  # noqa: ANN001
    ) -> None:
        with django_assert_num_queries(1):
            assert schedule_panels.my_day(case_manager, THURSDAY, []) is None
