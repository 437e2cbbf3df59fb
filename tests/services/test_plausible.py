"""Implausible or repeated entries are refused with a clear message; a form saves once."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from services.actions import AlreadyLogged, service_session_amend, service_sessions_log
from services.models import ServiceRequirement, ServiceSession
from tests.services.factories import ServiceRequirementFactory

TUESDAY = dt.date(2026, 11, 17)
NINE = dt.time(9, 0)


def log(requirements, by, **over):  # noqa: ANN001, ANN003, ANN201
    kwargs = {
        "requirements": requirements,
        "by": by,
        "date": TUESDAY,
        "minutes": 30,
        "status": "delivered",
        "idempotency_key": uuid.uuid4(),
        "certify": True,
    }
    kwargs.update(over)
    return service_sessions_log(**kwargs)


class TestOverlaps:
    def test_one_provider_cannot_be_in_two_sessions_at_once(
        self, speech, provider, another_speech_student
    ) -> None:  # noqa: ANN001, E501
        log([speech], provider, start_time=NINE)
        with pytest.raises(ValidationError, match="already has a session with Maya Lopez from 9:00 AM"):
            log([another_speech_student()], provider, start_time=dt.time(9, 15))
        log([another_speech_student("Ava")], provider, start_time=dt.time(9, 30))  # back to back is fine

    def test_the_rows_of_one_group_entry_do_not_overlap_each_other(
        self,
        speech,
        provider,
        another_speech_student,  # noqa: ANN001
    ) -> None:
        rows = log([speech, another_speech_student()], provider, start_time=NINE)
        assert len(rows) == 2

    def test_one_student_cannot_be_in_two_sessions_at_once(
        self, speech, reading, provider, case_manager
    ) -> None:  # noqa: ANN001, E501
        log([speech], provider, start_time=NINE)
        with pytest.raises(ValidationError, match="Maya Lopez already has Speech-language from 9:00 AM"):
            log([reading], case_manager, start_time=dt.time(9, 20))

    def test_no_more_minutes_in_a_day_than_the_school_day(self, speech, iep, provider, settings) -> None:  # noqa: ANN001
        settings.SERVICES_SCHOOL_DAY_MINUTES = 60
        ot = ServiceRequirementFactory(
            iep=iep, provider=provider, area="OT", kind=ServiceRequirement.Kind.RELATED
        )
        log([speech], provider, minutes=40)
        with pytest.raises(
            ValidationError, match="That makes 70 minutes of services for Maya Lopez on Nov 17"
        ):
            log([ot], provider, minutes=30)

    def test_a_group_smaller_than_the_students_chosen_is_refused(
        self, speech, provider, another_speech_student
    ) -> None:  # noqa: ANN001, E501
        with pytest.raises(ValidationError, match="at least the 2 students"):
            log([speech, another_speech_student()], provider, group_size=1)

    def test_a_correction_does_not_overlap_the_row_it_replaces(self, speech, provider) -> None:  # noqa: ANN001
        (row,) = log([speech], provider, start_time=NINE)
        fixed = service_session_amend(
            session=row,
            by=provider,
            reason="Started late",
            date=TUESDAY,
            minutes=25,
            status="delivered",
            start_time=dt.time(9, 5),
        )
        assert fixed.amends == row


class TestDuplicates:
    def test_the_same_session_saved_again_from_another_form_is_refused(self, speech, provider) -> None:  # noqa: ANN001
        (first,) = log([speech], provider)
        with pytest.raises(AlreadyLogged, match=r"already saved \(at 10:30 AM") as caught:
            log([speech], provider)
        assert caught.value.session == first
        assert ServiceSession.objects.count() == 1

    def test_a_second_tab_is_told_already_saved_with_a_link(self, login, provider, speech) -> None:  # noqa: ANN001
        client = login(provider)
        data = {
            "requirements": [speech.pk],
            "date": "2026-11-17",
            "minutes": "30",
            "status": "delivered",
            "certify": "certify",
        }
        assert client.post(reverse("services:log"), {**data, "k": str(uuid.uuid4())}).status_code == 302
        second = client.post(reverse("services:log"), {**data, "k": str(uuid.uuid4())})
        body = second.content.decode()
        assert second.status_code == 400 and "This session is already saved (at 10:30 AM" in body
        row = ServiceSession.objects.get()
        assert reverse("services:session", args=[row.pk]) in body

    def test_a_different_session_the_same_day_is_not_a_duplicate(self, speech, provider) -> None:  # noqa: ANN001
        log([speech], provider, start_time=NINE)
        log([speech], provider, start_time=dt.time(13, 0))
        assert ServiceSession.objects.count() == 2


class TestKeyedForms:
    def test_back_then_save_shows_already_saved_and_links_to_the_record(
        self, login, provider, speech
    ) -> None:  # noqa: ANN001, E501
        client = login(provider)
        form = client.get(reverse("services:log"))
        assert form.status_code == 302 and "?k=" in form["Location"]
        data = {
            "requirements": [speech.pk],
            "date": "2026-11-17",
            "minutes": "30",
            "status": "delivered",
            "certify": "certify",
        }
        assert client.post(form["Location"], data).status_code == 302
        again = client.post(form["Location"], data)
        row = ServiceSession.objects.get()
        assert "Already saved" in again.content.decode()
        assert reverse("services:session", args=[row.pk]) in again.content.decode()
        assert row.idempotency_key == uuid.UUID(re.search(r"k=([0-9a-f-]+)", form["Location"]).group(1))

    def test_a_correction_saves_once(self, login, provider, speech) -> None:  # noqa: ANN001
        (row,) = log([speech], provider)
        client = login(provider)
        url = client.get(reverse("services:session_amend", args=[row.pk]))["Location"]
        data = {
            "amendment_reason": "Ended early",
            "date": "2026-11-17",
            "minutes": "20",
            "status": "delivered",
        }
        assert client.post(url, data).status_code == 302
        assert "Already saved" in client.post(url, data).content.decode()
        assert ServiceSession.objects.filter(entry="amend").count() == 1

    def test_a_void_saves_once(self, login, provider, speech) -> None:  # noqa: ANN001
        (row,) = log([speech], provider)
        client = login(provider)
        data = {"reason": "Logged twice", "k": str(uuid.uuid4())}
        url = reverse("services:session_void", args=[row.pk])
        assert client.post(url, data).status_code == 302
        assert "Already saved" in client.post(url, data).content.decode()
        assert ServiceSession.objects.filter(entry="void").count() == 1

    def test_adding_a_service_saves_once(self, login, case_manager, provider, iep) -> None:  # noqa: ANN001
        client = login(case_manager)
        url = client.get(reverse("services:requirement_add", args=[iep.student_id]))["Location"]
        data = {
            "kind": "related",
            "area": "OT",
            "minutes": "30",
            "sessions": "1",
            "period": "week",
            "setting": "special_ed",
            "provider": provider.pk,
            "start_date": "2026-11-18",
            "end_date": "2027-06-01",
        }
        assert client.post(url, data).status_code == 302
        assert "Already saved" in client.post(url, data).content.decode()
        assert ServiceRequirement.objects.filter(area="OT").count() == 1

    def test_ending_a_service_saves_once(self, login, case_manager, speech) -> None:  # noqa: ANN001
        client = login(case_manager)
        url = client.get(reverse("services:requirement_end", args=[speech.pk]))["Location"]
        data = {"end_date": "2026-12-18", "reason": "Amendment of Nov 18"}
        assert client.post(url, data).status_code == 302
        assert "Already saved" in client.post(url, data).content.decode()
