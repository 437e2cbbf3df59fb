"""My day's services panel, the student panel and the services page: content and query counts."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from services import panels
from students.caseload import caseload_for
from tests.services.factories import ServiceSessionFactory

D = dt.date
TODAY = D(2026, 11, 18)


def add_history(requirement, weeks: int) -> None:  # noqa: ANN001
    for w in range(weeks):
        monday = D(2026, 9, 14) + dt.timedelta(weeks=w)
        ServiceSessionFactory(requirement=requirement, date=monday + dt.timedelta(days=1))
        ServiceSessionFactory(requirement=requirement, date=monday + dt.timedelta(days=3),
                              status="provider_absent")


class TestMyDayPanel:
    def test_it_shows_each_students_minutes_with_text_and_owed_minutes(self, login, provider, speech) -> None:  # noqa: ANN001, E501
        ServiceSessionFactory(requirement=speech, date=D(2026, 11, 16), status="school_cancelled",
                              reason="Assembly")
        body = login(provider).get(reverse("home")).content.decode()
        assert "Service minutes" in body
        # Through yesterday (today is in progress): Sep 8-Nov 17, 51 school days, 60 x 51/5 = 612.
        assert "0 of 612 min expected so far (0%)" in body
        assert "▼ Behind by 612 min" in body
        assert "Figures through Tue, Nov 17" in body
        # What is owed back, in makeup sessions, apart from this week's pace.
        assert "Owed: 1 makeup session of 30 min (30 min), 0 planned" in body
        # Monday's session was cancelled (now owed), so one of the week's two is left.
        assert "30 min · this week: 1 session left · owed: 1 makeup session" in body
        assert f'href="{reverse("services:log")}?requirement={speech.pk}"' in body  # due today

    def test_a_session_logged_today_leaves_the_due_list(self, provider, speech) -> None:  # noqa: ANN001
        ServiceSessionFactory(requirement=speech, date=TODAY)
        built = panels.my_day(provider, TODAY, [])
        assert built is not None
        assert built["due"] == [] and built["rows"][0]["logged_today"]

    def test_nothing_is_due_on_a_day_without_school(self, provider, speech, calendar) -> None:  # noqa: ANN001
        from tests.factories import ClosureFactory

        ClosureFactory(calendar=calendar, date=TODAY, reason="Snow day")
        built = panels.my_day(provider, TODAY, [])
        assert built is not None and built["due"] == []

    def test_it_shows_nothing_to_someone_without_services(self, gen_ed_teacher, iep) -> None:  # noqa: ANN001
        assert panels.my_day(gen_ed_teacher, TODAY, []) is None

    def test_its_queries_do_not_grow_with_students_or_sessions(
        self, provider, speech, another_speech_student, django_assert_num_queries,  # noqa: ANN001
    ) -> None:
        def count() -> None:
            caseload = caseload_for(provider, TODAY)
            # requirements (1), calendars (1), closures (1), minutes by status (1), counted
            # today (1), waiting for the provider's confirmation (1), then outlooks_for:
            # calendars (1), closures (1), held this week (1), planned makeups (1), then
            # the schedule registry (a provider who keeps none: their plans' lines, 1)
            with django_assert_num_queries(11):
                panels.my_day(provider, TODAY, caseload)

        count()
        for i in range(6):
            add_history(another_speech_student(f"S{i}"), weeks=8)
        add_history(speech, weeks=8)
        count()


class TestStudentPanel:
    def test_it_links_to_the_services_page(self, login, observer, speech) -> None:  # noqa: ANN001
        body = login(observer).get(reverse("students:detail", args=[speech.iep.student_id])).content.decode()
        assert "Speech-language" in body
        assert reverse("services:student", args=[speech.iep.student_id]) in body

    def test_a_classroom_teacher_does_not_see_it(self, login, gen_ed_teacher, speech) -> None:  # noqa: ANN001
        url = reverse("students:detail", args=[speech.iep.student_id])
        body = login(gen_ed_teacher).get(url).content.decode()
        assert "Service minutes and session log" not in body


class TestServicesPage:
    def test_it_shows_the_ledger_week_by_week_with_sessions(self, login, provider, speech) -> None:  # noqa: ANN001
        ServiceSessionFactory(requirement=speech, date=D(2026, 11, 16), minutes=30)
        ServiceSessionFactory(requirement=speech, date=D(2026, 11, 17), minutes=30, status="student_absent")
        response = login(provider).get(reverse("services:student", args=[speech.iep.student_id]))
        body = response.content.decode()
        # Through yesterday: Monday and Tuesday, 2 x 12 min.
        assert "Week of Nov 16: 30 of 24 min · 30 missed (student)" in body
        assert "Correct or void" in body
        weeks = response.context["services"][0]["weeks"]
        assert weeks[0].start == D(2026, 11, 16) and weeks[-1].start == D(2026, 9, 7)

    def test_a_school_admin_reads_it_without_actions(self, login, school_admin, speech) -> None:  # noqa: ANN001
        ServiceSessionFactory(requirement=speech)
        url = reverse("services:student", args=[speech.iep.student_id])
        body = login(school_admin).get(url).content.decode()
        assert "Speech-language" in body and "Correct or void" not in body

    def test_its_queries_do_not_grow_with_the_history(
        self, login, provider, speech, reading, django_assert_num_queries,  # noqa: ANN001
    ) -> None:
        client = login(provider)
        url = reverse("services:student", args=[speech.iep.student_id])
        client.get(url)  # the first request of a session also writes it

        def count() -> None:
            # session (1), user (1), student with relations (1), active IEP (1), access log
            # write (1), requirements (1), calendars (1), closures (1),
            # every logged row (1), which stand (1) and which count (1), co-providers (1),
            # their makeup links (1), the ledger (ledgers_for: calendars, closures, minutes by
            # status: 3), sessions held this week (1), planned makeups (1), unread notifications
            # for the header (1); no session write (refreshed at most every two minutes)
            with django_assert_num_queries(19):
                assert client.get(url).status_code == 200

        add_history(speech, weeks=1)
        count()
        add_history(speech, weeks=9)
        add_history(reading, weeks=9)
        count()


def test_a_case_managers_due_today_leaves_out_the_lines_others_deliver(case_manager, provider, iep) -> None:  # noqa: ANN001
    from services.actions import service_co_provider_name
    from tests.services.factories import ServiceRequirementFactory

    reading = ServiceRequirementFactory(iep=iep, area="Reading", provider=case_manager)
    speech = ServiceRequirementFactory(iep=iep, area="Speech-language", provider=provider)
    built = panels.my_day(case_manager, TODAY, [])
    assert built is not None
    assert [row["requirement"] for row in built["rows"]] == [reading]  # speech is on My students
    # A line she co-provides is hers too.
    service_co_provider_name(requirement=speech, user=case_manager, by=case_manager)
    built = panels.my_day(case_manager, TODAY, [])
    assert built is not None
    assert {row["requirement"] for row in built["rows"]} == {reading, speech}
