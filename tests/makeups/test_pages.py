"""The plan page, the plan form (saved once whatever the browser does), My day and the student
page: content and query counts."""

from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse

from makeups import panels
from makeups.actions import planned_makeup_add, planned_makeup_reschedule
from makeups.models import PlannedMakeup
from services.actions import service_sessions_log
from services.models import ServiceSession
from students.caseload import caseload_for
from tests.makeups.conftest import TODAY, owe

D = dt.date
THU, FRI = D(2026, 11, 19), D(2026, 11, 20)


def form_url(client, line) -> str:  # noqa: ANN001
    response = client.get(reverse("makeups:plan_add", args=[line.pk]))
    assert response.status_code == 302 and "?k=" in response["Location"]
    return response["Location"]


class TestLinePage:
    def test_it_shows_what_is_owed_this_week_and_every_plan_with_its_trail(
        self, login, owing, provider
    ) -> None:  # noqa: ANN001
        moved = planned_makeup_add(requirement=owing, by=provider, target_date=THU)
        planned_makeup_reschedule(makeup=moved, by=provider, target_date=FRI, reason="Field trip Thursday")
        body = login(provider).get(reverse("makeups:line", args=[owing.pk])).content.decode()
        assert "Owed: 4 makeup sessions of 30 min (120 min), 1 planned" in body
        assert "This week: 2 sessions left" in body
        assert "Fri Nov 20" in body and "Moved from Nov 19 to Nov 20 by" in body
        assert "“Field trip Thursday”" in body
        assert reverse("makeups:plan_add", args=[owing.pk]) in body
        assert reverse("makeups:cancel", args=[moved.pk]) in body

    def test_an_observer_reads_it_without_the_planning_links(self, login, owing, provider, observer) -> None:  # noqa: ANN001
        planned = planned_makeup_add(requirement=owing, by=provider, target_date=THU)
        body = login(observer).get(reverse("makeups:line", args=[owing.pk])).content.decode()
        assert "Thu Nov 19" in body
        assert reverse("makeups:plan_add", args=[owing.pk]) not in body
        assert reverse("makeups:reschedule", args=[planned.pk]) not in body

    def test_a_done_makeup_shows_the_session_that_made_it_up(self, login, owing, provider) -> None:  # noqa: ANN001
        planned_makeup_add(requirement=owing, by=provider, target_date=TODAY)
        missed = ServiceSession.objects.filter(requirement=owing).order_by("date").first()
        service_sessions_log(
            requirements=[owing],
            by=provider,
            date=TODAY,
            minutes=30,
            status="makeup",
            idempotency_key=uuid.uuid4(),
            certify=True,
            makes_up=[missed],
        )
        body = login(provider).get(reverse("makeups:line", args=[owing.pk])).content.decode()
        assert "✓ Done" in body and "made up Nov 18 (30 min" in body
        assert "Owed: 3 makeup sessions of 30 min (90 min), 0 planned" in body


class TestPlanForm:
    def test_it_saves_once_through_back_retry_and_a_second_tab(self, login, owing, provider) -> None:  # noqa: ANN001
        client = login(provider)
        url = form_url(client, owing)
        page = client.get(url)
        assert page.status_code == 200 and 'name="k"' in page.content.decode()
        data = {"target_date": "2026-11-19", "minutes": "30", "note": "Before school"}
        saved = client.post(url, data)
        assert saved.status_code == 302 and saved["Location"] == reverse("makeups:line", args=[owing.pk])
        again = client.post(url, data)  # Back then Save, or a retried request
        assert "Already saved" in again.content.decode()
        assert reverse("makeups:line", args=[owing.pk]) in again.content.decode()
        assert "Already saved" in client.get(url).content.decode()  # the form reopened in a second tab
        assert PlannedMakeup.objects.count() == 1

    def test_a_bad_date_is_explained_and_what_was_typed_is_kept(self, login, owing, provider) -> None:  # noqa: ANN001
        client = login(provider)
        url = form_url(client, owing)
        response = client.post(url, {"target_date": "2026-11-21", "minutes": "25", "note": "Lunch bunch"})
        body = response.content.decode()
        assert response.status_code == 400
        assert "Nov 21, 2026 is not a school day on Lincoln Middle School&#x27;s calendar." in body
        assert 'value="25"' in body and 'value="Lunch bunch"' in body
        assert not PlannedMakeup.objects.exists()
        # The key was not used: the corrected form saves.
        assert client.post(url, {"target_date": "2026-11-20", "minutes": "25"}).status_code == 302

    def test_a_line_that_owes_nothing_says_so(self, login, speech, provider) -> None:  # noqa: ANN001
        client = login(provider)
        response = client.post(form_url(client, speech), {"target_date": "2026-11-19", "minutes": "30"})
        assert "owes no minutes: there is nothing to make up." in response.content.decode()


class TestRescheduleAndCancelPages:
    def test_rescheduling_needs_a_reason_and_keeps_the_form(self, login, owing, provider) -> None:  # noqa: ANN001
        planned = planned_makeup_add(requirement=owing, by=provider, target_date=THU)
        client = login(provider)
        url = reverse("makeups:reschedule", args=[planned.pk])
        response = client.post(url, {"target_date": "2026-11-20", "reason": ""})
        assert response.status_code == 400 and 'value="2026-11-20"' in response.content.decode()
        assert client.post(url, {"target_date": "2026-11-20", "reason": "Assembly"}).status_code == 302
        planned.refresh_from_db()
        assert planned.target_date == FRI

    def test_cancelling_twice_says_it_is_already_cancelled(self, login, owing, provider) -> None:  # noqa: ANN001
        planned = planned_makeup_add(requirement=owing, by=provider, target_date=THU)
        client = login(provider)
        url = reverse("makeups:cancel", args=[planned.pk])
        assert client.post(url, {"reason": "Student moved schools"}).status_code == 302
        again = client.post(url, {"reason": "Student moved schools"})
        assert "This makeup was already cancelled." in again.content.decode()


class TestMyDay:
    def test_it_lists_this_weeks_and_overdue_makeups_and_what_is_owed_unplanned(
        self, login, owing, provider
    ) -> None:  # noqa: ANN001
        planned_makeup_add(requirement=owing, by=provider, target_date=THU)
        body = login(provider).get(reverse("home")).content.decode()
        assert "Makeups planned this week" in body
        assert "Thu Nov 19" in body
        assert "Owed, not yet planned" in body
        assert "Owed: 4 makeup sessions of 30 min (120 min), 1 planned · this week: 2 sessions left" in body
        # Overdue the day after.
        built = panels.my_day(provider, FRI, [])
        assert built is not None and built["overdue"] == 1

    def test_it_shows_nothing_when_nothing_is_owed_or_planned(self, speech, provider) -> None:  # noqa: ANN001
        assert panels.my_day(provider, TODAY, []) is None

    def test_its_queries_do_not_grow_with_lines_or_plans(
        self,
        owing,
        provider,
        another_speech_student,
        django_assert_num_queries,  # noqa: ANN001
    ) -> None:
        planned_makeup_add(requirement=owing, by=provider, target_date=THU)

        def count() -> None:
            caseload = caseload_for(provider, TODAY)
            # lines (1), ledgers_for: calendars, closures, minutes (3), outlooks_for: calendars,
            # closures, held this week, planned makeups, their sessions (5), plans (1), their
            # sessions (1)
            with django_assert_num_queries(11):
                assert panels.my_day(provider, TODAY, caseload) is not None

        count()
        for i in range(5):
            line = another_speech_student(f"S{i}")
            owe(line, 3)
            planned_makeup_add(requirement=line, by=provider, target_date=FRI)
            planned_makeup_add(requirement=line, by=provider, target_date=THU)
        count()


class TestStudentPanel:
    def test_it_shows_each_owing_line_with_its_plan(self, login, owing, provider, observer) -> None:  # noqa: ANN001
        planned_makeup_add(requirement=owing, by=provider, target_date=THU)
        body = login(observer).get(reverse("students:detail", args=[owing.iep.student_id])).content.decode()
        assert "Makeups" in body
        assert "Owed: 4 makeup sessions of 30 min (120 min), 1 planned · this week: 2 sessions left" in body
        assert "Planned: Thu Nov 19" in body
        assert reverse("makeups:line", args=[owing.pk]) in body

    def test_a_classroom_teacher_does_not_see_it(self, login, owing, gen_ed_teacher) -> None:  # noqa: ANN001
        body = (
            login(gen_ed_teacher)
            .get(reverse("students:detail", args=[owing.iep.student_id]))
            .content.decode()
        )
        assert "student-makeups-heading" not in body
