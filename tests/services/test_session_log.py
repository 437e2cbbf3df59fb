"""Logging sessions: one or a group, idempotent, and all-or-nothing on bad input."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from services.actions import service_sessions_log
from services.models import ServiceSession
from tests.factories import ClosureFactory
from tests.services.factories import ServiceSessionFactory

D = dt.date
TUESDAY = D(2026, 11, 17)


def log(requirements, by, **over):  # noqa: ANN001, ANN003, ANN201
    kwargs = {"requirements": requirements, "by": by, "date": TUESDAY, "minutes": 30,
              "status": "delivered", "idempotency_key": uuid.uuid4(), "certify": True}
    kwargs.update(over)
    return service_sessions_log(**kwargs)


class TestAction:
    def test_it_logs_a_certified_session(self, speech, provider) -> None:  # noqa: ANN001
        (row,) = log([speech], provider, note="Worked on /r/.", goals_addressed="Articulation goal 1")
        assert (row.student, row.minutes, row.group_size, row.certified_by) == (
            speech.iep.student, 30, 1, provider)
        assert row.certified_at is not None

    def test_a_group_entry_makes_one_record_per_student_with_the_group_size(
        self, speech, provider, another_speech_student,  # noqa: ANN001
    ) -> None:
        liam, ava = another_speech_student("Liam"), another_speech_student("Ava")
        rows = log([speech, liam, ava], provider, group_size=4)
        assert sorted(r.student.first_name for r in rows) == ["Ava", "Liam", "Maya"]
        assert {r.group_size for r in rows} == {4}
        assert len({r.idempotency_key for r in rows}) == 1

    def test_the_group_size_is_at_least_the_students_chosen(self, speech, provider, another_speech_student) -> None:  # noqa: ANN001, E501
        with pytest.raises(ValidationError, match="at least the 2 students"):
            log([speech, another_speech_student()], provider, group_size=1)

    def test_the_same_submission_twice_makes_one_record(self, speech, provider) -> None:  # noqa: ANN001
        key = uuid.uuid4()
        first = log([speech], provider, idempotency_key=key)
        again = log([speech], provider, idempotency_key=key)
        assert [r.pk for r in again] == [r.pk for r in first]
        assert ServiceSession.objects.count() == 1

    def test_an_uncertified_entry_waits_for_certification(self, speech, provider) -> None:  # noqa: ANN001
        (row,) = log([speech], provider, certify=False)
        assert row.certified_at is None and row.certified_by is None

    @pytest.mark.parametrize("minutes,message", [
        (0, "more than zero"), (-5, "more than zero"), (421, "longer than the school day"),
    ])
    def test_it_refuses_impossible_minutes(self, speech, provider, minutes, message) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError, match=message):
            log([speech], provider, minutes=minutes)

    def test_it_refuses_a_future_date(self, speech, provider) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError, match="in the future"):
            log([speech], provider, date=D(2026, 11, 19))

    def test_it_refuses_a_date_outside_the_service(self, speech, provider) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError, match="outside Maya Lopez's Speech-language service"):
            log([speech], provider, date=D(2026, 9, 1))

    def test_it_refuses_a_day_without_school(self, speech, provider, calendar) -> None:  # noqa: ANN001
        ClosureFactory(calendar=calendar, date=D(2026, 11, 11), reason="Veterans Day")
        with pytest.raises(ValidationError, match="not a school day"):
            log([speech], provider, date=D(2026, 11, 11))
        with pytest.raises(ValidationError, match="not a school day"):
            log([speech], provider, date=D(2026, 11, 15))  # a Sunday

    def test_it_refuses_a_student_not_on_the_providers_caseload(self, reading, provider) -> None:  # noqa: ANN001
        # Reading is the case manager's service; the speech provider does not log it.
        with pytest.raises(ValidationError, match="not on your caseload for Reading"):
            log([reading], provider)

    def test_one_bad_student_saves_nothing_for_the_group(self, speech, reading, provider) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError):
            log([speech, reading], provider)
        assert not ServiceSession.objects.exists()

    @pytest.mark.parametrize("status", ["student_unavailable", "school_cancelled"])
    def test_it_needs_a_reason_when_the_session_did_not_happen_for_a_reason(self, speech, provider, status) -> None:  # noqa: ANN001, E501
        with pytest.raises(ValidationError, match="Say why"):
            log([speech], provider, status=status)
        assert log([speech], provider, status=status, reason="State testing")

    def test_a_makeup_is_tied_to_the_missed_sessions_it_makes_up(self, speech, provider) -> None:  # noqa: ANN001
        missed = ServiceSessionFactory(requirement=speech, date=D(2026, 11, 10), status="provider_absent")
        (makeup,) = log([speech], provider, status="makeup", makes_up=[missed])
        assert list(makeup.makes_up.all()) == [missed]
        assert list(missed.made_up_by.all()) == [makeup]

    def test_a_makeup_without_a_missed_session_is_refused(self, speech, provider) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError, match="Choose the missed session"):
            log([speech], provider, status="makeup")

    def test_a_makeup_cannot_make_up_a_delivered_session(self, speech, provider) -> None:  # noqa: ANN001
        delivered = ServiceSessionFactory(requirement=speech, date=D(2026, 11, 10))
        with pytest.raises(ValidationError, match="Only a missed session"):
            log([speech], provider, status="makeup", makes_up=[delivered])


def form_data(requirements, **over):  # noqa: ANN001, ANN003, ANN201
    data = {"idempotency_key": str(uuid.uuid4()), "requirements": [r.pk for r in requirements],
            "date": "2026-11-17", "minutes": "30", "status": "delivered", "certify": "certify",
            "k": str(uuid.uuid4())}
    data.update(over)
    return data


class TestLogPage:
    def test_the_form_lists_the_providers_students_and_defaults_to_today(self, login, provider, speech) -> None:  # noqa: ANN001, E501
        response = login(provider).get(reverse("services:log"), {"requirement": speech.pk}, follow=True)
        body = response.content.decode()
        assert "Maya Lopez — Speech-language, 60 min per week (2 sessions)" in body
        assert 'value="2026-11-18"' in body
        assert response.context["form"].initial["minutes"] == 30

    def test_a_double_click_makes_one_record(self, login, provider, speech) -> None:  # noqa: ANN001
        client = login(provider)
        data = form_data([speech])
        assert client.post(reverse("services:log"), data).status_code == 302
        again = client.post(reverse("services:log"), data)
        assert again.status_code == 200 and "Already saved" in again.content.decode()
        assert ServiceSession.objects.count() == 1

    def test_a_group_entry_from_the_page(self, login, provider, speech, another_speech_student) -> None:  # noqa: ANN001
        other = another_speech_student()
        response = login(provider).post(reverse("services:log"), form_data([speech, other]))
        assert response.status_code == 302
        assert list(ServiceSession.objects.values_list("group_size", flat=True)) == [2, 2]

    def test_bad_input_is_shown_with_a_clear_message_and_nothing_saved(self, login, provider, speech) -> None:  # noqa: ANN001, E501
        response = login(provider).post(reverse("services:log"), form_data([speech], date="2026-11-19"))
        assert response.status_code == 400
        assert "A session cannot be logged in the future." in response.content.decode()
        assert not ServiceSession.objects.exists()

    def test_the_makeup_choice_lists_misses_not_yet_made_up(self, login, provider, speech) -> None:  # noqa: ANN001
        missed = ServiceSessionFactory(requirement=speech, date=D(2026, 11, 10), status="school_cancelled",
                                       reason="Assembly")
        client = login(provider)
        assert (missed.pk, ) == tuple(pk for pk, _ in client.get(reverse("services:log"), follow=True).context[
            "form"].fields["makes_up"].choices)
        response = client.post(reverse("services:log"), form_data([speech], status="makeup",
                                                                  makes_up=[missed.pk]))
        assert response.status_code == 302
        assert client.get(reverse("services:log"), follow=True).context["form"].fields["makes_up"].choices == []

    def test_a_provider_cannot_log_another_providers_service(self, login, provider, reading) -> None:  # noqa: ANN001
        assert login(provider).post(reverse("services:log"), form_data([reading])).status_code == 403

    def test_an_unknown_service_is_not_found(self, login, provider) -> None:  # noqa: ANN001
        data = form_data([]) | {"requirements": ["999999"]}
        assert login(provider).post(reverse("services:log"), data).status_code == 404

    def test_someone_with_no_services_is_told_how_they_get_some(self, login, colleague) -> None:  # noqa: ANN001
        body = login(colleague).get(reverse("services:log"), follow=True).content.decode()
        assert "You have no services to log yet" in body
