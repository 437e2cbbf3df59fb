"""Corrections keep the original: amendments and voids are new rows that point at it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from services.actions import service_session_amend, service_session_certify, service_session_void
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement, ServiceSession
from tests.services.factories import ServiceSessionFactory

D = dt.date
TODAY = D(2026, 11, 18)


def delivered(speech: ServiceRequirement) -> int:
    return ledgers_for(ServiceRequirement.objects.filter(pk=speech.pk), TODAY)[speech.pk].ledger.delivered


class TestAmend:
    def test_an_amendment_replaces_the_minutes_and_keeps_the_original(self, speech, provider) -> None:  # noqa: ANN001, E501
        original = ServiceSessionFactory(requirement=speech, minutes=30)
        assert delivered(speech) == 30
        fixed = service_session_amend(session=original, by=provider, reason="Session ended early.",
                                      date=original.date, minutes=20, status="delivered")
        assert delivered(speech) == 20
        original.refresh_from_db()
        assert original.minutes == 30
        assert (fixed.amends, fixed.amendment_reason, fixed.logged_by) == (original, "Session ended early.",
                                                                           provider)
        assert fixed.certified_at is not None
        assert list(ServiceSession.objects.effective()) == [fixed]

    def test_an_amendment_can_change_what_happened(self, speech, provider) -> None:  # noqa: ANN001
        original = ServiceSessionFactory(requirement=speech)
        service_session_amend(session=original, by=provider, reason="Student was absent.",
                              date=original.date, minutes=30, status="student_absent")
        led = ledgers_for([speech], TODAY)[speech.pk].ledger
        assert (led.delivered, led.missed_student) == (0, 30)

    def test_an_entry_is_corrected_once_then_its_correction_is_corrected(self, speech, provider) -> None:  # noqa: ANN001, E501
        original = ServiceSessionFactory(requirement=speech)
        first = service_session_amend(session=original, by=provider, reason="Typo", date=original.date,
                                      minutes=25, status="delivered")
        with pytest.raises(ValidationError, match="already corrected"):
            service_session_amend(session=original, by=provider, reason="Again", date=original.date,
                                  minutes=20, status="delivered")
        service_session_amend(session=first, by=provider, reason="Timer", date=original.date, minutes=28,
                              status="delivered")
        assert delivered(speech) == 28

    def test_an_amendment_is_validated_like_a_new_entry(self, speech, provider) -> None:  # noqa: ANN001
        original = ServiceSessionFactory(requirement=speech)
        with pytest.raises(ValidationError, match="in the future"):
            service_session_amend(session=original, by=provider, reason="x", date=D(2026, 12, 1),
                                  minutes=30, status="delivered")

    def test_an_amendment_needs_a_reason(self, speech, provider) -> None:  # noqa: ANN001
        original = ServiceSessionFactory(requirement=speech)
        with pytest.raises(ValidationError, match="Say why"):
            service_session_amend(session=original, by=provider, reason=" ", date=original.date,
                                  minutes=30, status="delivered")


class TestVoid:
    def test_a_void_removes_the_minutes_and_leaves_a_trace(self, speech, provider) -> None:  # noqa: ANN001
        original = ServiceSessionFactory(requirement=speech)
        void = service_session_void(session=original, by=provider, reason="Wrong student.")
        assert delivered(speech) == 0
        assert (void.entry, void.amends, void.amendment_reason) == ("void", original, "Wrong student.")
        assert ServiceSession.objects.count() == 2

    def test_a_void_needs_a_reason(self, speech, provider) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError, match="Say why"):
            service_session_void(session=ServiceSessionFactory(requirement=speech), by=provider, reason="")

    def test_a_void_cannot_be_voided(self, speech, provider) -> None:  # noqa: ANN001
        session = ServiceSessionFactory(requirement=speech)
        void = service_session_void(session=session, by=provider, reason="x")
        with pytest.raises(ValidationError, match="is a void"):
            service_session_void(session=void, by=provider, reason="y")


class TestCertify:
    def test_the_provider_who_logged_it_certifies_once(self, speech, provider) -> None:  # noqa: ANN001
        session = ServiceSessionFactory(requirement=speech, certified_by=None, certified_at=None)
        assert service_session_certify(session=session, by=provider) is True
        assert service_session_certify(session=session, by=provider) is False

    def test_nobody_else_certifies_for_them(self, speech, case_manager) -> None:  # noqa: ANN001
        session = ServiceSessionFactory(requirement=speech, certified_by=None, certified_at=None)
        with pytest.raises(ValidationError, match="Only who delivers this service"):
            service_session_certify(session=session, by=case_manager)


class TestPages:
    def test_the_correction_form_is_filled_with_the_entry(self, login, provider, speech) -> None:  # noqa: ANN001
        session = ServiceSessionFactory(requirement=speech, minutes=25)
        response = login(provider).get(reverse("services:session_amend", args=[session.pk]), follow=True)
        assert response.context["form"].initial["minutes"] == 25

    def test_posting_a_correction_goes_back_to_the_services_page(self, login, provider, speech) -> None:  # noqa: ANN001
        session = ServiceSessionFactory(requirement=speech)
        response = login(provider).post(reverse("services:session_amend", args=[session.pk]), {
            "amendment_reason": "Ended early", "date": "2026-11-16", "minutes": "20", "status": "delivered"})
        assert response.status_code == 302
        assert response["Location"] == reverse("services:student", args=[speech.iep.student_id])
        assert delivered(speech) == 20

    def test_an_observer_cannot_correct_and_a_stranger_cannot_see(self, login, observer, outsider, speech) -> None:  # noqa: ANN001, E501
        session = ServiceSessionFactory(requirement=speech)
        url = reverse("services:session_amend", args=[session.pk])
        assert login(observer).post(url, {"amendment_reason": "x"}).status_code == 403
        assert login(outsider).post(url, {"amendment_reason": "x"}).status_code == 404
        assert ServiceSession.objects.count() == 1

    def test_voiding_twice_keeps_one_void(self, login, provider, speech) -> None:  # noqa: ANN001
        session = ServiceSessionFactory(requirement=speech)
        client = login(provider)
        url = reverse("services:session_void", args=[session.pk])
        assert client.post(url, {"reason": "Duplicate"}).status_code == 302
        assert client.post(url, {"reason": "Duplicate"}).status_code == 302
        assert ServiceSession.objects.filter(entry="void").count() == 1

    def test_the_services_page_shows_the_correction_trail(self, login, provider, speech) -> None:  # noqa: ANN001
        original = ServiceSessionFactory(requirement=speech, minutes=30)
        service_session_amend(session=original, by=provider, reason="Ended early", date=original.date,
                              minutes=20, status="delivered")
        body = login(provider).get(reverse("services:student", args=[speech.iep.student_id])).content.decode()
        assert "Corrected (1)" in body
        assert "Was: Nov 16, 30 min, delivered" in body
