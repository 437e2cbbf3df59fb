"""The student's Medicaid ID, the district's note rules and the supervisor's co-sign on My day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from billing import panels
from billing.actions import medicaid_id_set, session_cosign
from billing.billability import Reason, billability
from billing.models import CredentialType, ExportProfile, MedicaidId, NoteRule
from tests.billing.conftest import credential, session
from tests.factories import IEPFactory, StudentFactory, TeamMemberFactory, UserFactory
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.django_db
RANGE = {"start": "2026-11-01", "end": "2026-11-18"}


class TestMedicaidId:
    def test_without_it_the_session_is_logged_but_not_billed(self, billed) -> None:  # noqa: ANN001
        s = session(billed.line)
        assert billability(s) == []
        MedicaidId.objects.filter(student=billed.student).delete()
        assert billability(s) == [Reason.NO_MEDICAID_ID]

    def test_the_example_layouts_carry_it_after_the_student_id(self, login, billed) -> None:  # noqa: ANN001
        import csv
        import io

        session(billed.line)
        generic = ExportProfile.objects.get(name__startswith="Generic")
        headers = [c["header"] for c in generic.columns]
        assert headers[headers.index("Student ID") + 1] == "Insured's ID number (Medicaid ID)"
        state = ExportProfile.objects.get(name__startswith="State")
        fields = [c["field"] for c in state.columns]
        assert fields[fields.index("student_number") + 1] == "medicaid_id"
        response = login(billed.admin).get(reverse("billing:export"), {**RANGE, "profile": generic.pk})
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        line = dict(zip(rows[0], rows[1], strict=True))
        assert line["Insured's ID number (Medicaid ID)"] == MedicaidId.objects.get(student=billed.student).number

    def test_the_case_manager_records_it_as_typed_on_the_card_and_corrects_it(
            self, login, case_manager, iep) -> None:  # noqa: ANN001
        client = login(case_manager)
        url = reverse("billing:medicaid_id", args=[iep.student.pk])
        assert "Record the Medicaid ID" in client.get(url).content.decode()
        assert client.post(url, {"number": "1234-5678 9"}).status_code == 302
        assert MedicaidId.objects.get(student=iep.student).number == "123456789"
        # Back then Save, or a second tab: still one row.
        client.post(url, {"number": "123456789"})
        assert MedicaidId.objects.count() == 1
        client.post(url, {"number": "987654321"})
        row = MedicaidId.objects.get(student=iep.student)
        assert (row.number, row.recorded_by, row.updated_by) == ("987654321", case_manager, case_manager)
        # The history keeps the number it replaced.
        numbers = list(row.events.order_by("pgh_id").values_list("number", flat=True))
        assert numbers == ["123456789", "123456789", "987654321"]
        page = login(case_manager).get(reverse("billing:student", args=[iep.student.pk])).content.decode()
        assert "987654321" in page and "Correct it" in page

    def test_a_number_that_is_not_an_id_is_refused_and_kept_on_the_form(self, login, case_manager, iep) -> None:  # noqa: ANN001
        response = login(case_manager).post(reverse("billing:medicaid_id", args=[iep.student.pk]),
                                            {"number": "12-ab"})
        assert response.status_code == 400
        body = response.content.decode()
        assert "does not look like a Medicaid ID" in body and 'value="12-ab"' in body
        assert not MedicaidId.objects.exists()

    def test_the_district_sets_what_an_id_looks_like(self, case_manager, iep, settings) -> None:  # noqa: ANN001
        from django.core.exceptions import ValidationError

        settings.BILLING_MEDICAID_ID_PATTERN = "[A-Z]{2}[0-9]{5}[A-Z]"  # New York's CIN
        with pytest.raises(ValidationError, match="does not look like"):
            medicaid_id_set(student=iep.student, by=case_manager, number="123456789")
        assert medicaid_id_set(student=iep.student, by=case_manager, number="ab12345c").number == "AB12345C"

    def test_one_id_belongs_to_one_student(self, login, case_manager, iep, school) -> None:  # noqa: ANN001
        medicaid_id_set(student=iep.student, by=case_manager, number="123456789")
        other = IEPFactory(student=StudentFactory(school=school), case_manager=case_manager)
        response = login(case_manager).post(reverse("billing:medicaid_id", args=[other.student.pk]),
                                            {"number": "123 456 789"})
        assert response.status_code == 400
        assert "already recorded for another student" in response.content.decode()
        assert MedicaidId.objects.count() == 1


class TestNoteRules:
    def test_an_area_rule_added_on_the_page_judges_that_areas_notes(self, login, billed) -> None:  # noqa: ANN001
        s = session(billed.line, note="Activity: picture naming with a visual cue today")
        assert billability(s) == [Reason.NOTE_MISSING]  # the default asks for all three parts
        client = login(billed.admin)
        url = client.get(reverse("billing:note_rule_add"))["Location"]
        data = {"k": url.split("k=")[1], "area": billed.line.area, "require_activity": "on", "min_words": "5"}
        assert client.post(url, data).status_code == 302
        client.post(url, data)  # Back then Save: the page says it was saved, and nothing is added
        assert NoteRule.objects.filter(area=billed.line.area).count() == 1
        assert billability(s) == []
        page = client.get(reverse("billing:note_rules")).content.decode()
        assert f"Changed by {billed.admin}" in page and "at least 5 words each" in page

    def test_a_second_rule_for_the_same_area_or_too_many_words_is_refused(self, login, billed) -> None:  # noqa: ANN001
        NoteRule.objects.create(area="Speech-language")
        client = login(billed.admin)
        url = client.get(reverse("billing:note_rule_add"))["Location"]
        response = client.post(url, {"k": url.split("k=")[1], "area": "Speech-language", "min_words": "3"})
        assert response.status_code == 400 and "already exists" in response.content.decode()
        response = client.post(url, {"k": url.split("k=")[1], "area": "Counseling", "min_words": "51"})
        assert response.status_code == 400 and 'value="Counseling"' in response.content.decode()
        assert NoteRule.objects.count() == 2  # the installed one and Speech-language

    def test_the_rule_for_every_other_area_keeps_its_empty_area(self, login, billed) -> None:  # noqa: ANN001
        default = NoteRule.objects.get(area="")
        client = login(billed.admin)
        response = client.post(reverse("billing:note_rule_edit", args=[default.pk]),
                               {"area": "Speech-language", "require_response": "on", "min_words": "2"})
        assert response.status_code == 302
        default.refresh_from_db()
        assert (default.area, default.require_activity, default.require_response, default.min_words,
                default.updated_by) == ("", False, True, 2, billed.admin)


class TestCoSignOnMyDay:
    @pytest.fixture
    def assistant(self, billed, school, iep):  # noqa: ANN001, ANN201
        slpa = UserFactory(role="provider", schools=[school], first_name="Ana", last_name="Ruiz")
        TeamMemberFactory(iep=iep, user=slpa, role="provider")
        credential(slpa, by=billed.admin, npi="1245319599", kind=CredentialType.SLP_A, supervisor=billed.provider)
        return slpa

    def test_the_supervisor_is_asked_until_each_session_is_co_signed(self, login, billed, assistant) -> None:  # noqa: ANN001
        first = session(billed.line, logged_by=assistant, certified_by=assistant, date=dt.date(2026, 11, 9))
        session(billed.line, logged_by=assistant, certified_by=assistant)
        page = login(billed.provider).get(reverse("home")).content.decode()
        assert "Co-sign 2 sessions of Ana Ruiz" in page and reverse("billing:cosigns") in page
        session_cosign(session=first, by=billed.provider)
        page = login(billed.provider).get(reverse("home")).content.decode()
        assert "Co-sign 1 session of Ana Ruiz" in page
        # The assistant is not asked to co-sign their own sessions.
        assert "Co-sign" not in login(assistant).get(reverse("home")).content.decode()

    def test_a_week_waiting_is_overdue_and_sessions_not_needing_it_are_not_counted(
            self, billed, assistant, settings) -> None:  # noqa: ANN001
        session(billed.line, logged_by=assistant, certified_by=assistant, date=dt.date(2026, 11, 6))
        action = panels.my_day(billed.provider, dt.date(2026, 11, 16), [])["actions"][0]  # type: ignore[index]
        assert action.overdue and "Oldest Nov 6" in action.detail
        assert not panels.my_day(billed.provider, dt.date(2026, 11, 12), [])["actions"][0].overdue  # type: ignore[index]
        settings.BILLING_COSIGN_TYPES = ["cota"]
        assert panels.my_day(billed.provider, dt.date(2026, 11, 16), []) is None

    def test_it_costs_one_query_however_many_assistants_and_sessions(
            self, billed, assistant, school, django_assert_num_queries) -> None:  # noqa: ANN001
        session(billed.line, logged_by=assistant, certified_by=assistant)
        with django_assert_num_queries(1):
            assert len(panels.my_day(billed.provider, dt.date(2026, 11, 16), [])["actions"]) == 1  # type: ignore[index]
        for n in range(3):
            other = UserFactory(role="provider", schools=[school], last_name=f"Assistant{n}")
            credential(other, by=billed.admin, npi="1245319599", kind=CredentialType.COTA,
                       supervisor=billed.provider)
            iep = IEPFactory(student=StudentFactory(school=school), case_manager=billed.line.iep.case_manager)
            TeamMemberFactory(iep=iep, user=billed.provider, role="provider")
            line = ServiceRequirementFactory(iep=iep, provider=other)
            for day in (9, 10, 11):
                session(line, logged_by=other, certified_by=other, date=dt.date(2026, 11, day))
        with django_assert_num_queries(1):
            assert len(panels.my_day(billed.provider, dt.date(2026, 11, 16), [])["actions"]) == 4  # type: ignore[index]
