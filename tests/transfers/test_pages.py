"""The transfer pages: record form, the transfer page, the open list, the student page panel."""

from __future__ import annotations

import uuid

from django.urls import reverse

from iep_portal.models import Submission
from students.models import IEP
from tests import factories as f
from tests.transfers.conftest import D, arrival
from tests.transfers.factories import TransferInFactory
from transfers.models import TransferIn


def _posted(**overrides):  # noqa: ANN003, ANN202
    data = {k: ("yes" if v is True else "no" if v is False else "" if v is None else str(v))
            for k, v in arrival(**overrides).items()}
    return data


class TestRecordForm:
    def test_it_opens_with_its_own_key_and_saves_once_whatever_the_browser_does(
        self, login, school, calendar, case_manager,  # noqa: ANN001
    ) -> None:
        client = login(case_manager)
        opened = client.get(reverse("transfers:record"))
        assert opened.status_code == 302 and "?k=" in opened["Location"]
        url = opened["Location"]
        page = client.get(url)
        assert "Record a transfer" in page.content.decode()
        data = {**_posted(), "school": school.pk, "case_manager": case_manager.pk}
        saved = client.post(url, data)
        transfer = TransferIn.objects.get()
        assert saved.status_code == 302 and saved["Location"] == reverse("transfers:detail",
                                                                       args=[transfer.student_id])
        again = client.post(url, data)  # a double submit, or Back and Save
        assert again.status_code == 200 and "already saved" in again.content.decode().lower()
        assert client.get(url).status_code == 200  # a reload: the same answer, nothing saved
        assert TransferIn.objects.count() == 1 and Submission.objects.count() == 1

    def test_it_says_what_is_wrong_and_saves_nothing(self, login, school, calendar, case_manager) -> None:  # noqa: ANN001
        client = login(case_manager)
        url = reverse("transfers:record") + f"?k={uuid.uuid4()}"
        data = {**_posted(received_annual_review_due="2026-10-01"), "school": school.pk,
                "case_manager": case_manager.pk}
        response = client.post(url, data)
        assert response.status_code == 400
        assert "annual review was due before the student enrolled" in response.content.decode()
        assert not TransferIn.objects.exists()


class TestTransferPage:
    def test_it_shows_the_received_iep_the_services_and_the_clock(self, login, case_manager, iep) -> None:  # noqa: ANN001
        from tests.services.factories import ServiceRequirementFactory
        TransferInFactory(interim_iep=iep, enrolled_on=D(2026, 11, 6), due_on=D(2026, 12, 6),
                          received_note="Reading SDI 225 min/week")
        ServiceRequirementFactory(iep=iep, area="Reading", kind="sdi", minutes=225, sessions=5)
        body = login(case_manager).get(reverse("transfers:detail", args=[iep.student_id])).content.decode()
        assert "18 days left" in body and "day 12 of 30" in body
        assert "Rockford Public Schools District 205" in body and "Reading SDI 225 min/week" in body
        assert "Reading" in body and "225 min per week" in body
        assert "Close the transfer" in body and "Add a comparable service" in body

    def test_a_provider_reads_it_without_the_forms(self, login, provider, iep) -> None:  # noqa: ANN001
        TransferInFactory(interim_iep=iep)
        body = login(provider).get(reverse("transfers:detail", args=[iep.student_id])).content.decode()
        assert "The IEP received" in body and "Close the transfer" not in body

    def test_it_closes_from_the_form_and_a_repeat_says_so(self, login, case_manager, iep) -> None:  # noqa: ANN001
        transfer = TransferInFactory(interim_iep=iep, enrolled_on=D(2026, 11, 6), due_on=D(2026, 12, 6))
        client = login(case_manager)
        url = reverse("transfers:close", args=[iep.student_id])
        data = {"outcome": "adopted", "closed_on": "2026-11-18", "note": "Adopted at the meeting"}
        assert client.post(url, data).status_code == 302
        assert client.post(url, data).status_code == 302
        transfer.refresh_from_db()
        assert transfer.outcome == "adopted" and transfer.close_note == "Adopted at the meeting"
        body = client.get(reverse("transfers:detail", args=[iep.student_id])).content.decode()
        assert "Closed Nov 18, 2026" in body

    def test_from_another_state_it_asks_for_the_evaluation_decision(self, login, case_manager, iep) -> None:  # noqa: ANN001
        TransferInFactory(interim_iep=iep, in_state=False, sending_state="WI")
        client = login(case_manager)
        body = client.get(reverse("transfers:detail", args=[iep.student_id])).content.decode()
        assert "Record the decision" in body and "Adopted the sending" not in body
        assert "Close the transfer</button>" not in body  # nothing to close with until the new IEP is here
        new = f.IEPFactory(student=iep.student, case_manager=case_manager, status=IEP.Status.DRAFT,
                           meeting_date=D(2026, 11, 16), start_date=D(2026, 11, 17), end_date=D(2027, 11, 15),
                           annual_review_due=D(2027, 11, 15))
        refused = client.post(reverse("transfers:close", args=[iep.student_id]),
                              {"outcome": "new_iep", "new_iep": new.pk, "closed_on": "2026-11-18"})
        assert refused.status_code == 400
        assert "Record the evaluation decision first" in refused.content.decode()


def test_the_student_page_shows_the_transfer(login, case_manager, iep) -> None:  # noqa: ANN001
    TransferInFactory(interim_iep=iep, enrolled_on=D(2026, 11, 6), due_on=D(2026, 12, 6))
    body = login(case_manager).get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert "Transfer in" in body and "18 days left" in body
    assert reverse("transfers:detail", args=[iep.student_id]) in body


def test_a_classroom_teacher_sees_no_transfer_panel(login, gen_ed_teacher, iep) -> None:  # noqa: ANN001
    TransferInFactory(interim_iep=iep)
    body = login(gen_ed_teacher).get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert "transfer-panel-heading" not in body


class TestOpenList:
    def test_it_lists_open_transfers_with_days_left_soonest_first(self, login, school, school_admin, iep) -> None:  # noqa: ANN001
        TransferInFactory(interim_iep=iep, enrolled_on=D(2026, 11, 6), due_on=D(2026, 12, 6))
        late = f.IEPFactory(student=f.StudentFactory(school=school, first_name="Omar", last_name="Haddad"))
        TransferInFactory(interim_iep=late, enrolled_on=D(2026, 10, 1), due_on=D(2026, 10, 31))
        body = login(school_admin).get(reverse("transfers:list")).content.decode()
        assert body.index("Omar Haddad") < body.index("Maya Lopez")
        assert "18 days late" in body and ">18<" in body

    def test_it_shows_nobody_outside_ones_schools(self, login, other_school_admin, iep) -> None:  # noqa: ANN001
        TransferInFactory(interim_iep=iep)
        body = login(other_school_admin).get(reverse("transfers:list")).content.decode()
        assert "No open transfers" in body

    def test_its_queries_do_not_grow_with_the_transfers(
        self, login, school, school_admin, iep, django_assert_num_queries,  # noqa: ANN001
    ) -> None:
        client = login(school_admin)
        url = reverse("transfers:list")
        client.get(url)  # the first request of a session also writes it
        TransferInFactory(interim_iep=iep)

        def count(rows: int) -> None:
            # session (1), user (1), the user's MFA check (1), open transfers with student,
            # school and case manager (1), unread notifications for the header (1)
            with django_assert_num_queries(5):
                response = client.get(url)
            assert response.content.decode().count("<tr>") == rows + 1

        count(1)
        for i in range(5):
            TransferInFactory(interim_iep=f.IEPFactory(student=f.StudentFactory(school=school,
                                                                                student_number=f"T{i}")))
        count(6)
