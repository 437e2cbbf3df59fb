"""The ESY pages: the student's ESY, recording a decision, adding an ESY line, the sessions,
My day during the session, and what the school year's pages leave out."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from esy import panels
from esy.models import EsyDecision, EsySession
from services import panels as service_panels
from services.models import ServiceRequirement
from tests.esy.factories import EsyClosureFactory, EsyDecisionFactory, EsySessionFactory
from tests.factories import SchoolFactory
from tests.services.factories import ServiceSessionFactory

D = dt.date
CHICAGO = ZoneInfo("America/Chicago")
DECISION = {"status": "needed", "decided_on": "2026-11-10",
            "basis": "Reading fluency fell from 62 to 41 words a minute over winter break and took "
                     "7 weeks to recoup."}
LINE = {"kind": "sdi", "area": "Reading", "minutes": "90", "sessions": "2", "period": "week",
        "setting": "special_ed", "start_date": "2027-06-21", "end_date": "2027-07-29"}


class TestDecide:
    def test_the_case_manager_records_it_once_whatever_the_browser_does(self, login, case_manager, iep) -> None:  # noqa: ANN001, E501
        client = login(case_manager)
        url = reverse("esy:decide", args=[iep.student_id])
        page = client.get(url)
        assert page.status_code == 302 and "?k=" in page["Location"]  # the form's key in its address
        key = str(uuid.uuid4())
        response = client.post(url, {"k": key, **DECISION})
        assert response.status_code == 302 and response["Location"] == reverse("esy:student", args=[iep.student_id])
        again = client.post(url, {"k": key, **DECISION})  # Back then Save, or a retried request
        assert again.status_code == 200 and b"already saved" in again.content.lower()
        decision = EsyDecision.objects.get()
        assert (decision.status, decision.decided_on, decision.recorded_by) == ("needed", D(2026, 11, 10), case_manager)
        body = client.get(reverse("esy:student", args=[iep.student_id])).content.decode()
        assert "ESY needed" in body and "took 7 weeks to recoup" in body and "Add an ESY service" in body

    def test_bad_input_gets_a_message_and_keeps_what_was_typed(self, login, case_manager, iep) -> None:  # noqa: ANN001
        url = reverse("esy:decide", args=[iep.student_id])
        response = login(case_manager).post(url, {"k": str(uuid.uuid4()), **DECISION, "decided_on": "2026-12-01"})
        assert response.status_code == 400
        assert "cannot be dated in the future" in response.content.decode()
        assert "took 7 weeks to recoup" in response.content.decode()
        assert not EsyDecision.objects.exists()

    def test_a_provider_on_the_team_sees_it_but_may_not_record_it(self, login, provider, iep) -> None:  # noqa: ANN001
        EsyDecisionFactory(iep=iep)
        client = login(provider)
        body = client.get(reverse("esy:student", args=[iep.student_id])).content.decode()
        assert "ESY needed" in body and "Record a new decision" not in body
        assert client.post(reverse("esy:decide", args=[iep.student_id]),
                           {"k": str(uuid.uuid4()), **DECISION}).status_code == 403


class TestLineAdd:
    def test_without_a_needed_decision_it_says_why_and_saves_nothing(self, login, case_manager, iep) -> None:  # noqa: ANN001, E501
        EsyDecisionFactory(iep=iep, status="not_needed")
        client = login(case_manager)
        url = reverse("esy:line_add", args=[iep.student_id])
        page = client.get(url, {"k": str(uuid.uuid4())}).content.decode()
        assert "ESY services need the team's decision that ESY is needed." in page
        response = client.post(url, {"k": str(uuid.uuid4()), **LINE, "provider": case_manager.pk})
        assert response.status_code == 400
        assert "the current decision is “Not needed” (Nov 10, 2026)" in response.content.decode()
        assert not ServiceRequirement.objects.exists()

    def test_with_esy_needed_the_line_is_added_on_the_esy_calendar(self, login, case_manager, iep) -> None:  # noqa: ANN001
        EsyDecisionFactory(iep=iep)
        EsySessionFactory()
        client = login(case_manager)
        url = reverse("esy:line_add", args=[iep.student_id])
        form = client.get(url, {"k": str(uuid.uuid4())})
        assert form.context["form"]["start_date"].initial == D(2027, 6, 21)  # the session's dates
        key = str(uuid.uuid4())
        client.post(url, {"k": key, **LINE, "provider": case_manager.pk})
        client.post(url, {"k": key, **LINE, "provider": case_manager.pk})  # a double submit
        line = ServiceRequirement.objects.get()
        assert (line.season, line.area, line.minutes) == ("esy", "Reading", 90)
        # The school year's services page leaves it out; the ESY page shows it.
        assert "Reading" not in client.get(reverse("services:student", args=[iep.student_id])).content.decode()
        assert "ESY Reading" in client.get(reverse("esy:student", args=[iep.student_id])).content.decode()


class TestStudentPage:
    def test_its_queries_do_not_grow_with_the_history(
        self, login, case_manager, iep, esy_reading, summer, django_assert_num_queries,  # noqa: ANN001
    ) -> None:
        client = login(case_manager)
        url = reverse("esy:student", args=[iep.student_id])
        client.get(url)

        def count() -> None:
            # session (1), user (1), student (1), active IEP (1), access log (1), the school's
            # ESY sessions (1), decisions (1), ESY lines (1), esy_ledgers (sessions, closures,
            # minutes: 3), the calendar for the weeks (sessions, closures: 2), counted sessions
            # (1), unread notifications (1)
            with django_assert_num_queries(15):
                assert client.get(url).status_code == 200

        count()
        for day in (D(2027, 6, 22), D(2027, 6, 24), D(2027, 6, 29), D(2027, 7, 1)):
            ServiceSessionFactory(requirement=esy_reading, date=day, minutes=45)
        EsyDecisionFactory(iep=iep, status="pending", decided_on=D(2026, 11, 12))
        EsyDecisionFactory(iep=iep, status="needed", decided_on=D(2026, 11, 13))
        count()


class TestSessions:
    def test_a_district_admin_defines_a_session_with_its_days_off(self, login, district_admin) -> None:  # noqa: ANN001
        client = login(district_admin)
        url = reverse("esy:session_new")
        data = {"k": str(uuid.uuid4()), "school": "", "name": "Summer 2027", "start_date": "2027-06-21",
                "end_date": "2027-07-29", "weekdays": ["0", "1", "2", "3"],
                "closures": "2027-07-05 Independence Day (observed)\n"}
        assert client.post(url, data).status_code == 302
        assert client.post(url, data).status_code == 200  # the same form again: already saved
        session = EsySession.objects.get()
        assert (session.school, session.weekdays) == (None, [0, 1, 2, 3])
        assert [(c.date, c.reason) for c in session.closures.all()] == [(D(2027, 7, 5), "Independence Day (observed)")]
        body = client.get(reverse("esy:sessions")).content.decode()
        assert "Every school (district session)" in body and "Monday, Tuesday, Wednesday, Thursday" in body
        assert "<td>23" in body  # 6 weeks of 4 days, less Jul 5

    def test_a_bad_day_off_is_named_and_nothing_is_saved(self, login, district_admin) -> None:  # noqa: ANN001
        response = login(district_admin).post(reverse("esy:session_new"), {
            "k": str(uuid.uuid4()), "school": "", "name": "Summer 2027", "start_date": "2027-06-21",
            "end_date": "2027-07-29", "weekdays": ["0", "1", "2", "3"], "closures": "July 5\n2027-08-02 x"})
        body = response.content.decode()
        assert response.status_code == 400
        assert "Line 1: “July” is not a date like 2027-07-05." in body
        assert "Line 2: Aug 2, 2027 is outside the session." in body
        assert not EsySession.objects.exists()

    def test_a_school_admin_may_not_define_the_districts(self, login, school_admin, school) -> None:  # noqa: ANN001
        response = login(school_admin).post(reverse("esy:session_new"), {
            "k": str(uuid.uuid4()), "school": "", "name": "Summer", "start_date": "2027-06-21",
            "end_date": "2027-07-29", "weekdays": ["0"]})
        assert response.status_code == 400 and not EsySession.objects.exists()

    def test_the_list_takes_a_fixed_number_of_queries(self, login, district_admin, django_assert_num_queries) -> None:  # noqa: ANN001, E501
        client = login(district_admin)
        url = reverse("esy:sessions")
        EsyClosureFactory(session=EsySessionFactory(created_by=district_admin))
        client.get(url)

        def count() -> None:
            # session (1), user (1), the administrator's authenticator (1), sessions with
            # schools (1), their closures (1), unread notifications (1)
            with django_assert_num_queries(6):
                assert client.get(url).status_code == 200

        count()
        for year in (2028, 2029, 2030):
            s = EsySessionFactory(school=SchoolFactory(), start_date=D(year, 6, 19), end_date=D(year, 7, 27),
                                  created_by=district_admin)
            EsyClosureFactory(session=s, date=D(year, 7, 4))
        count()


class TestMyDay:
    def test_esy_lines_appear_during_the_session_only(self, case_manager, esy_reading, summer) -> None:  # noqa: ANN001
        assert panels.my_day(case_manager, D(2026, 11, 18), []) is None  # the school year
        with time_machine.travel(dt.datetime(2027, 6, 23, 9, 0, tzinfo=CHICAGO), tick=False):
            built = panels.my_day(case_manager, D(2027, 6, 23), [])
            assert built is not None
            assert [row["requirement"] for row in built["due"]] == [esy_reading]
            # 2 ESY days through yesterday at 22.5: 45.
            assert built["rows"][0]["ledger"].expected == 45
            assert panels.my_day(case_manager, D(2027, 7, 5), []) is None  # no session that day
            assert panels.my_day(case_manager, D(2027, 6, 25), []) is None  # a Friday
            # The school year's panel never lists an ESY line.
            regular = service_panels.my_day(case_manager, D(2027, 6, 23), [])
            assert regular is None or all(not r["requirement"].is_esy for r in regular["rows"])

    def test_the_fidelity_dashboard_shows_esy_apart(self, login, district_admin, esy_reading, summer) -> None:  # noqa: ANN001, E501
        with time_machine.travel(dt.datetime(2027, 7, 2, 9, 0, tzinfo=CHICAGO), tick=False):
            ServiceSessionFactory(requirement=esy_reading, date=D(2027, 6, 22), minutes=45)
            ServiceSessionFactory(requirement=esy_reading, date=D(2027, 6, 24), minutes=45)
            body = login(district_admin).get(reverse("fidelity:dashboard")).content.decode()
        assert 'id="esy-heading"' in body
        # Through Thu Jul 1: 8 ESY days at 22.5 = 180 required, 90 delivered: 50%.
        assert "<strong>50%</strong><br><small>90 of 180 min</small>" in body
