"""My schedule, planning, changing and ending a plan: content, access and one plan per form."""

from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse

from iep_portal.navigation import nav_for
from provider_schedules.actions import session_plan_add
from provider_schedules.models import PlannedLine, SessionPlan
from tests.provider_schedules.conftest import fields
from tests.services.factories import ServiceSessionFactory

D = dt.date


def plan_data(lines, key: uuid.UUID, **overrides: object) -> dict[str, object]:  # noqa: ANN001
    data: dict[str, object] = {
        "k": str(key), "requirements": [r.pk for r in lines], "label": "Articulation group",
        "weekdays": ["1", "3"], "frequency": "weekly", "start_time": "10:00", "minutes": "30",
        "start_date": "2026-11-16",
    }
    data.update(overrides)
    return data


class TestWeek:
    def test_it_shows_the_weeks_sessions_in_time_order(self, login, provider, group, speech_student) -> None:  # noqa: ANN001, E501
        session_plan_add(by=provider, requirements=[speech_student("Zoe")], fields=fields(
            label="", start_time=dt.time(8, 30), weekdays=[1]))
        body = login(provider).get(reverse("provider_schedules:week")).content.decode()
        tuesday = body.split("Tuesday, Nov 17")[1].split("Wednesday")[0]
        assert tuesday.index("8:30 AM") < tuesday.index("10:00 AM")
        assert "Zoe Ng — Speech-language" in tuesday and "Articulation group, 3 students" in tuesday
        assert "Log the group" in tuesday
        assert "Logged" not in tuesday
        for r in group.requirements.all():
            ServiceSessionFactory(requirement=r, date=D(2026, 11, 17), start_time=dt.time(10), group_size=3)
        tuesday = login(provider).get(reverse("provider_schedules:week")).content.decode().split(
            "Tuesday, Nov 17")[1].split("Wednesday")[0]
        assert "Logged" in tuesday.split("Zoe Ng")[-1] and "Log the group" not in tuesday
        assert "Tue, Thu at 10:00 AM" in body  # the plan, with change and end

    def test_it_is_in_the_navigation_for_providers(self, provider, gen_ed_teacher) -> None:  # noqa: ANN001
        assert "My schedule" in [i.label for i in nav_for(provider)]
        assert "My schedule" not in [i.label for i in nav_for(gen_ed_teacher)]

    def test_its_queries_do_not_grow_with_plans(
        self, login, provider, group, speech_student, django_assert_num_queries,  # noqa: ANN001
    ) -> None:
        client = login(provider)
        url = reverse("provider_schedules:week")
        client.get(url)

        def count() -> None:
            # session (1), user (1), plans' lines (1), calendars (1), closures (1), the week's
            # entries of those lines (1), unread notifications for the header (1)
            with django_assert_num_queries(7):
                assert client.get(url).status_code == 200

        count()
        for i in range(4):
            session_plan_add(by=provider, requirements=[speech_student(f"S{i}")], fields=fields(
                label="", start_time=dt.time(13, i * 10)))
        count()


class TestPlanAdd:
    def test_a_provider_plans_a_group_once_whatever_the_browser_does(
        self, login, provider, group_lines,  # noqa: ANN001
    ) -> None:
        client = login(provider)
        opened = client.get(reverse("provider_schedules:plan_add"))
        assert opened.status_code == 302 and "?k=" in opened["Location"]  # the form's key in its address
        key = uuid.uuid4()
        url = reverse("provider_schedules:plan_add")
        assert client.post(url, plan_data(group_lines, key)).status_code == 302
        again = client.post(url, plan_data(group_lines, key))  # a double click, or Back and Save
        assert "already saved" in again.content.decode().lower()
        second_tab = client.get(f"{url}?k={key}")
        assert "already saved" in second_tab.content.decode().lower()
        plan = SessionPlan.objects.get()
        assert plan.created_by == provider and plan.created_at is not None and plan.provider == provider
        assert set(PlannedLine.objects.filter(plan=plan).values_list("requirement_id", flat=True)) == {
            r.pk for r in group_lines}

    def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(self, login, provider, speech) -> None:  # noqa: ANN001
        client = login(provider)
        response = client.post(reverse("provider_schedules:plan_add"), plan_data(
            [speech], uuid.uuid4(), weekdays=[], frequency="weekly", label="Kept label"))
        assert response.status_code == 400
        body = response.content.decode()
        assert "Choose the weekdays (or day letters) it meets." in body and "Kept label" in body
        response = client.post(reverse("provider_schedules:plan_add"), plan_data(
            [speech], uuid.uuid4(), weekdays=["1"], frequency="monthly"))
        assert "Say which one of the month" in response.content.decode()
        response = client.post(reverse("provider_schedules:plan_add"), plan_data(
            [speech], uuid.uuid4(), weekdays=[], day_letters="A"))
        assert "this school&#x27;s days are all alike" in response.content.decode()
        assert not SessionPlan.objects.exists()

    def test_the_case_manager_may_not_schedule_the_providers_line(self, login, case_manager, speech) -> None:  # noqa: ANN001
        response = login(case_manager).post(reverse("provider_schedules:plan_add"),
                                            plan_data([speech], uuid.uuid4()))
        assert response.status_code == 403
        assert not SessionPlan.objects.exists()


class TestPlanEditAndEnd:
    def test_the_provider_moves_the_group_and_drops_a_student(self, login, provider, group, group_lines) -> None:  # noqa: ANN001, E501
        client = login(provider)
        url = reverse("provider_schedules:plan_edit", args=[group.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, plan_data(group_lines[:2], uuid.uuid4(), start_time="13:15", weekdays=["0"]))
        assert response.status_code == 302
        group.refresh_from_db()
        assert group.start_time == dt.time(13, 15) and group.weekdays == [0]
        assert PlannedLine.objects.filter(plan=group).count() == 2
        assert group.events.count() >= 2  # type: ignore[attr-defined]  # the earlier version is kept

    def test_ending_keeps_the_plan_with_who_and_when(self, login, provider, group) -> None:  # noqa: ANN001
        client = login(provider)
        assert client.post(reverse("provider_schedules:plan_end", args=[group.pk])).status_code == 302
        group.refresh_from_db()
        assert group.ended_by == provider and group.ended_at is not None
        assert client.get(reverse("provider_schedules:plan_edit", args=[group.pk])).status_code == 404

    def test_another_provider_gets_404(self, login, other_provider, group) -> None:  # noqa: ANN001
        client = login(other_provider)
        assert client.get(reverse("provider_schedules:plan_edit", args=[group.pk])).status_code == 404
        assert client.post(reverse("provider_schedules:plan_end", args=[group.pk])).status_code == 404
