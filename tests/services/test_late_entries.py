"""Late entries are marked with their reason; very late ones count once approved."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import ProgrammingError, transaction
from django.urls import reverse

from services.actions import (
    service_session_amend,
    service_session_decide,
    service_session_void,
    service_sessions_log,
)
from services.ledger_queries import ledgers_for
from services.models import ServiceSession, SessionApproval

TODAY = dt.date(2026, 11, 18)
ON_TIME = dt.date(2026, 11, 11)  # 5 school days ago: still on time
LATE = dt.date(2026, 11, 10)  # 6 school days ago
VERY_LATE = dt.date(2026, 10, 12)  # 37 days ago


def log(requirements, by, **over):  # noqa: ANN001, ANN003, ANN201
    kwargs = {
        "requirements": requirements,
        "by": by,
        "date": ON_TIME,
        "minutes": 30,
        "status": "delivered",
        "idempotency_key": uuid.uuid4(),
        "certify": True,
    }
    kwargs.update(over)
    return service_sessions_log(**kwargs)


def counted(requirement) -> int:  # noqa: ANN001
    return ledgers_for([requirement], TODAY)[requirement.pk].ledger.delivered


class TestLate:
    def test_five_school_days_after_is_still_on_time(self, speech, provider) -> None:  # noqa: ANN001
        (row,) = log([speech], provider)
        assert (row.late, row.late_reason, row.needs_approval) == (False, "", False)

    def test_a_late_entry_needs_a_reason(self, speech, provider) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError, match="Nov 10 was 6 school days ago, so this entry is late"):
            log([speech], provider, date=LATE)
        (row,) = log([speech], provider, date=LATE, late_reason="Paper log, entered after sick leave")
        assert (row.late, row.late_reason, row.needs_approval) == (
            True,
            "Paper log, entered after sick leave",
            False,
        )
        assert counted(speech) == 30  # late, explained, and counted

    def test_the_log_keeps_when_it_happened_and_when_it_was_recorded(self, speech, provider) -> None:  # noqa: ANN001
        (row,) = log([speech], provider, date=LATE, late_reason="Paper log", start_time=dt.time(9, 0))
        assert (row.date, row.start_time) == (LATE, dt.time(9, 0))
        assert row.logged_at.date() == TODAY


class TestApproval:
    def test_a_very_late_entry_counts_only_once_an_administrator_approves_it(
        self,
        speech,
        provider,
        school_admin,  # noqa: ANN001
    ) -> None:
        (row,) = log([speech], provider, date=VERY_LATE, late_reason="Found the paper log")
        assert row.needs_approval and counted(speech) == 0
        assert list(ServiceSession.objects.awaiting_approval()) == [row]
        service_session_decide(session=row, by=school_admin, approve=True)
        assert counted(speech) == 30
        assert not ServiceSession.objects.awaiting_approval().exists()

    def test_approval_does_not_rewrite_the_certified_row(self, speech, provider, school_admin) -> None:  # noqa: ANN001
        (row,) = log([speech], provider, date=VERY_LATE, late_reason="Found the paper log")
        service_session_decide(session=row, by=school_admin, approve=True)
        decision = SessionApproval.objects.get(session=row)
        assert (decision.decided_by, decision.decision) == (school_admin, "approved")
        with pytest.raises(ProgrammingError), transaction.atomic():
            SessionApproval.objects.filter(pk=decision.pk).update(
                decision="rejected", reason="changed my mind"
            )

    def test_a_rejection_needs_a_reason_and_never_counts(self, speech, provider, school_admin) -> None:  # noqa: ANN001
        (row,) = log([speech], provider, date=VERY_LATE, late_reason="Found the paper log")
        with pytest.raises(ValidationError, match="Say why"):
            service_session_decide(session=row, by=school_admin, approve=False)
        service_session_decide(session=row, by=school_admin, approve=False, reason="No record of it")
        assert counted(speech) == 0
        assert not ServiceSession.objects.effective().filter(pk=row.pk).exists()

    def test_another_schools_administrator_cannot_decide(self, speech, provider, other_school_admin) -> None:  # noqa: ANN001
        (row,) = log([speech], provider, date=VERY_LATE, late_reason="Found the paper log")
        with pytest.raises(ValidationError, match="Only an administrator of the student's school"):
            service_session_decide(session=row, by=other_school_admin, approve=True)

    def test_a_late_correction_of_an_old_session_leaves_the_original_until_approved(
        self,
        speech,
        provider,
        district_admin,  # noqa: ANN001
    ) -> None:
        (row,) = log([speech], provider, date=VERY_LATE, late_reason="Found the paper log")
        service_session_decide(session=row, by=district_admin, approve=True)
        fixed = service_session_amend(
            session=row,
            by=provider,
            reason="It was 20 minutes",
            date=VERY_LATE,
            minutes=20,
            status="delivered",
        )
        assert fixed.late and fixed.late_reason == "It was 20 minutes" and fixed.needs_approval
        assert counted(speech) == 30  # the original stands
        service_session_decide(session=fixed, by=district_admin, approve=True)
        assert counted(speech) == 20

    def test_a_rejected_void_leaves_the_session_counted(self, speech, provider, district_admin) -> None:  # noqa: ANN001
        (row,) = log([speech], provider, date=LATE, late_reason="Paper log")
        with pytest.raises(ValidationError):  # late: the reason for the void is its late reason
            service_session_void(session=row, by=provider, reason="")
        void = service_session_void(session=row, by=provider, reason="Logged twice")
        assert void.late and not void.needs_approval and counted(speech) == 0


class TestPages:
    def test_the_form_says_why_a_reason_is_needed_and_keeps_what_was_typed(
        self, login, provider, speech
    ) -> None:  # noqa: ANN001, E501
        data = {
            "requirements": [speech.pk],
            "date": "2026-11-10",
            "minutes": "30",
            "status": "delivered",
            "certify": "certify",
            "note": "Worked on /r/ blends",
            "k": str(uuid.uuid4()),
        }
        response = login(provider).post(reverse("services:log"), data)
        body = response.content.decode()
        assert response.status_code == 400
        assert "Nov 10 was 6 school days ago, so this entry is late" in body
        assert "Worked on /r/ blends" in body
        data["late_reason"] = "Paper log, entered after sick leave"
        assert login(provider).post(reverse("services:log"), data).status_code == 302
        assert ServiceSession.objects.get().late_reason == "Paper log, entered after sick leave"

    def test_the_session_page_shows_both_dates_and_the_approval(
        self, login, provider, speech, school_admin
    ) -> None:  # noqa: ANN001, E501
        (row,) = log([speech], provider, date=VERY_LATE, late_reason="Found the paper log")
        body = login(provider).get(reverse("services:session", args=[row.pk])).content.decode()
        assert "Mon Oct 12, 2026" in body and "Nov 18, 2026, 10:30 AM" in body
        assert "Found the paper log" in body and "Awaiting approval" in body
