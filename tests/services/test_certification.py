"""Only who delivers a service certifies it; anything else is pending and does not count."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from services.actions import (
    service_co_provider_name,
    service_co_provider_remove,
    service_session_amend,
    service_session_certify,
    service_session_void,
    service_sessions_log,
)
from services.ledger_queries import ledgers_for
from services.models import ServiceCoProvider, ServiceSession
from students.models import TeamMember
from tests.factories import TeamMemberFactory

TUESDAY = dt.date(2026, 11, 17)


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


def delivered(requirement) -> int:  # noqa: ANN001
    return ledgers_for([requirement], dt.date(2026, 11, 18))[requirement.pk].ledger.delivered


class TestOnBehalfOf:
    def test_the_case_manager_cannot_certify_a_speech_session_the_slp_delivers(
        self,
        speech,
        case_manager,  # noqa: ANN001
    ) -> None:
        with pytest.raises(ValidationError, match="Only who delivers Maya Lopez's Speech-language"):
            log([speech], case_manager)
        assert not ServiceSession.objects.exists()

    def test_logged_on_behalf_it_stays_pending_and_does_not_count(
        self, speech, case_manager, provider
    ) -> None:  # noqa: ANN001, E501
        (row,) = log([speech], case_manager, certify=False)
        assert row.on_behalf_of == provider and row.is_pending
        assert delivered(speech) == 0
        assert list(ServiceSession.objects.awaiting_confirmation_by(provider)) == [row]
        assert not ServiceSession.objects.awaiting_confirmation_by(case_manager).exists()

    def test_the_provider_confirms_it_and_then_it_counts(self, speech, case_manager, provider) -> None:  # noqa: ANN001
        (row,) = log([speech], case_manager, certify=False)
        assert service_session_certify(session=row, by=provider) is True
        row.refresh_from_db()
        assert row.certified_by == provider and row.logged_by == case_manager
        assert delivered(speech) == 30

    def test_the_logger_who_does_not_deliver_cannot_confirm_it(self, speech, case_manager) -> None:  # noqa: ANN001
        (row,) = log([speech], case_manager, certify=False)
        with pytest.raises(ValidationError, match="Only who delivers this service"):
            service_session_certify(session=row, by=case_manager)

    def test_a_provider_saving_pending_is_not_on_behalf_of_anyone(self, speech, provider) -> None:  # noqa: ANN001
        (row,) = log([speech], provider, certify=False)
        assert row.on_behalf_of is None and row.is_pending and delivered(speech) == 0

    def test_a_miss_is_certified_or_pending_like_any_entry(self, speech, provider) -> None:  # noqa: ANN001
        (row,) = log([speech], provider, status="provider_absent", certify=True)
        assert row.is_certified
        ledger = ledgers_for([speech], dt.date(2026, 11, 18))[speech.pk].ledger
        assert ledger.missed_school == 30

    def test_a_pending_miss_is_not_owed_until_confirmed(self, speech, provider) -> None:  # noqa: ANN001
        log([speech], provider, status="provider_absent", certify=False)
        assert ledgers_for([speech], dt.date(2026, 11, 18))[speech.pk].ledger.missed_school == 0

    def test_a_non_deliverer_cannot_correct_a_certified_entry(self, speech, case_manager, provider) -> None:  # noqa: ANN001
        (row,) = log([speech], provider)
        with pytest.raises(ValidationError, match="only who delivers the service can correct"):
            service_session_amend(
                session=row, by=case_manager, reason="Wrong", date=TUESDAY, minutes=20, status="delivered"
            )
        with pytest.raises(ValidationError, match="only who delivers the service can correct"):
            service_session_void(session=row, by=case_manager, reason="Wrong")

    def test_the_provider_voids_an_entry_logged_on_their_behalf(self, speech, case_manager, provider) -> None:  # noqa: ANN001
        (row,) = log([speech], case_manager, certify=False)
        service_session_void(session=row, by=provider, reason="I did not see Maya that day")
        assert not ServiceSession.objects.awaiting_confirmation_by(provider).exists()
        with pytest.raises(ValidationError, match="corrected or voided"):
            service_session_certify(session=row, by=provider)

    def test_a_pending_entry_corrected_by_its_logger_stays_pending(
        self, speech, case_manager, provider
    ) -> None:  # noqa: ANN001, E501
        (row,) = log([speech], case_manager, certify=False)
        fixed = service_session_amend(
            session=row,
            by=case_manager,
            reason="It was 25 minutes",
            date=TUESDAY,
            minutes=25,
            status="delivered",
        )
        assert fixed.is_pending and fixed.on_behalf_of == provider
        assert list(ServiceSession.objects.awaiting_confirmation_by(provider)) == [fixed]


class TestCoProviders:
    def test_a_named_co_provider_certifies_and_a_removed_one_no_longer_does(
        self,
        speech,
        case_manager,
        other_provider,  # noqa: ANN001
    ) -> None:
        TeamMemberFactory(iep=speech.iep, user=other_provider, role=TeamMember.Role.PROVIDER)
        named = service_co_provider_name(requirement=speech, user=other_provider, by=case_manager)
        assert (named.named_by, named.named_at is not None) == (case_manager, True)
        (row,) = log([speech], other_provider)
        assert row.is_certified and row.on_behalf_of is None
        assert service_co_provider_remove(co_provider=named, by=case_manager) is True
        with pytest.raises(ValidationError):
            log([speech], other_provider, date=dt.date(2026, 11, 16))
        named.refresh_from_db()
        assert named.removed_by == case_manager  # the row stays, with who removed them

    def test_only_team_members_who_may_provide_are_named(self, speech, case_manager, colleague) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError, match="not a provider on this IEP's team"):
            service_co_provider_name(requirement=speech, user=colleague, by=case_manager)

    def test_only_the_case_manager_names_them(self, speech, provider, other_provider) -> None:  # noqa: ANN001
        TeamMemberFactory(iep=speech.iep, user=other_provider, role=TeamMember.Role.PROVIDER)
        with pytest.raises(ValidationError, match="Only the case manager"):
            service_co_provider_name(requirement=speech, user=other_provider, by=provider)

    def test_the_page_names_and_removes_one(self, login, speech, case_manager, other_provider) -> None:  # noqa: ANN001
        TeamMemberFactory(iep=speech.iep, user=other_provider, role=TeamMember.Role.PROVIDER)
        client = login(case_manager)
        url = reverse("services:co_providers", args=[speech.pk])
        assert client.post(url, {"user": other_provider.pk}).status_code == 302
        row = ServiceCoProvider.objects.current().get()
        assert other_provider.get_full_name() in client.get(url).content.decode()
        assert client.post(url, {"remove": row.pk}).status_code == 302
        assert not ServiceCoProvider.objects.current().exists()


class TestPages:
    def test_the_log_form_asks_whether_to_certify_and_will_not_guess(self, login, provider, speech) -> None:  # noqa: ANN001
        client = login(provider)
        page = client.get(reverse("services:log"), follow=True).content.decode()
        assert "I delivered this service as recorded" in page and "Save as pending" in page
        data = {
            "requirements": [speech.pk],
            "date": "2026-11-17",
            "minutes": "30",
            "status": "student_absent",
            "k": str(uuid.uuid4()),
        }
        response = client.post(reverse("services:log"), data)
        assert response.status_code == 400
        assert "Choose whether to certify this entry now or save it as pending." in response.content.decode()
        assert not ServiceSession.objects.exists()

    def test_the_form_marks_lines_logged_on_behalf(self, login, case_manager, speech, reading) -> None:  # noqa: ANN001
        body = login(case_manager).get(reverse("services:log"), follow=True).content.decode()
        assert "Speech-language, 60 min per week (2 sessions) · on behalf of" in body
        assert "Reading, 30 min per day (1 session) · on behalf" not in body

    def test_the_message_says_it_is_pending_for_the_provider(
        self, login, case_manager, provider, speech
    ) -> None:  # noqa: ANN001, E501
        client = login(case_manager)
        data = {
            "requirements": [speech.pk],
            "date": "2026-11-17",
            "minutes": "30",
            "status": "delivered",
            "certify": "pending",
            "k": str(uuid.uuid4()),
        }
        page = client.post(reverse("services:log"), data, follow=True).content.decode()
        assert f"Pending: it counts once {provider} confirms it." in page

    def test_the_provider_sees_and_confirms_it_on_their_sessions_page_and_my_day(
        self,
        login,
        case_manager,
        provider,
        speech,  # noqa: ANN001
    ) -> None:
        (row,) = log([speech], case_manager, certify=False)
        client = login(provider)
        assert "Waiting for your confirmation" in client.get(reverse("home")).content.decode()
        page = client.get(reverse("services:mine")).content.decode()
        assert f"Logged by {case_manager} on your behalf" in page
        response = client.post(reverse("services:session_certify", args=[row.pk]), {"next": "mine"})
        assert response["Location"] == reverse("services:mine")
        assert delivered(speech) == 30
        assert (
            "Nothing is waiting for your confirmation."
            in client.get(reverse("services:mine")).content.decode()
        )

    def test_the_provider_voids_it_from_the_list(self, login, case_manager, provider, speech) -> None:  # noqa: ANN001
        (row,) = log([speech], case_manager, certify=False)
        response = login(provider).post(
            reverse("services:session_void", args=[row.pk]),
            {"reason": "Not my session", "next": "mine", "k": str(uuid.uuid4())},
        )
        assert response["Location"] == reverse("services:mine")
        assert ServiceSession.objects.filter(entry="void", amends=row).exists()

    def test_the_services_page_shows_pending_entries_marked_and_uncounted(
        self,
        login,
        case_manager,
        provider,
        speech,  # noqa: ANN001
    ) -> None:
        log([speech], case_manager, certify=False)
        body = login(provider).get(reverse("services:student", args=[speech.iep.student_id])).content.decode()
        assert f"Pending: logged on behalf of {provider}" in body and "Not counted" in body
        # Figures stop at yesterday (Mon and Tue, 12 min a day); the pending entry is listed apart.
        assert "Week of Nov 16: 0 of 24 min" in body
        assert "Confirm (certify)" in body

    def test_the_sessions_list_costs_the_same_however_many_are_waiting(
        self,
        login,
        case_manager,
        provider,
        speech,
        another_speech_student,
        django_assert_num_queries,  # noqa: ANN001
    ) -> None:
        client = login(provider)
        client.get(reverse("services:mine"))

        def count() -> None:
            # session (1), user (1), waiting for me (1), logged by me for others (1),
            # unread notifications for the header (1)
            with django_assert_num_queries(5):
                assert client.get(reverse("services:mine")).status_code == 200

        log([speech], case_manager, certify=False)
        count()
        for i, day in enumerate([dt.date(2026, 11, 12), dt.date(2026, 11, 13), dt.date(2026, 11, 16)]):
            log([speech, another_speech_student(f"S{i}")], case_manager, certify=False, date=day)
        count()


def test_the_correction_page_tells_a_non_deliverer_before_they_type(login, case_manager, provider, speech) -> None:  # noqa: ANN001, E501
    (row,) = log([speech], provider)
    response = login(case_manager).get(reverse("services:session_amend", args=[row.pk]), follow=True)
    body = response.content.decode()
    assert "Only who delivers Speech-language" in body and "Save correction" not in body
