"""billability: every reason a session cannot be billed, and none for a billable one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from billing.actions import consent_record, consent_revoke, session_cosign
from billing.billability import Reason, assess, billability, candidates, note_meets
from billing.models import (
    AnnualNotice,
    BillingConsent,
    CredentialType,
    Diagnosis,
    LineCoding,
    NoteRule,
    ProviderCredential,
)
from services.models import ServiceRequirement, ServiceSession, SessionApproval
from students.models import TeamMember
from tests.billing.conftest import MONDAY, credential, session
from tests.factories import TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_complete_session_is_billable(billed) -> None:  # noqa: ANN001
    assert billability(session(billed.line)) == []


def test_it_gives_every_reason_at_once(billed) -> None:  # noqa: ANN001
    BillingConsent.objects.all().delete()
    AnnualNotice.objects.all().delete()
    s = session(billed.line, note="", certified_by=None, certified_at=None, on_behalf_of=billed.provider)
    assert set(billability(s)) == {Reason.NO_CONSENT, Reason.NO_NOTICE, Reason.NOTE_MISSING, Reason.PENDING}


def test_a_missed_session_or_sdi_is_never_asked_about(billed, iep) -> None:  # noqa: ANN001
    missed = session(billed.line, status=ServiceSession.Status.STUDENT_ABSENT)
    reading = session(billed.line)
    reading.requirement = ServiceRequirement.objects.create(
        iep=iep, kind="sdi", area="Reading", minutes=100, period="week", setting="special_ed",
        provider=iep.case_manager, start_date=iep.start_date, end_date=iep.end_date)
    sdi = session(reading.requirement)
    assert list(candidates(ServiceSession.objects.filter(pk__in=[missed.pk, sdi.pk]))) == []
    with pytest.raises(ValueError, match="Only delivered related-service"):
        billability(missed)


class TestConsentWindows:
    """Consent given Nov 10, revoked Nov 17: billable from the 10th to the 16th only."""

    @pytest.fixture
    def window(self, billed) -> None:  # noqa: ANN001
        BillingConsent.objects.all().delete()
        consent = consent_record(student=billed.student, by=billed.admin, given_on=dt.date(2026, 11, 10))
        consent_revoke(consent=consent, by=billed.admin, revoked_on=dt.date(2026, 11, 17))

    @pytest.mark.parametrize(("day", "billable"), [
        (dt.date(2026, 11, 9), False),  # before consent
        (dt.date(2026, 11, 10), True),  # the day it was given
        (dt.date(2026, 11, 16), True),  # during
        (dt.date(2026, 11, 17), False),  # the day it was revoked
        (dt.date(2026, 11, 18), False),  # after revocation
    ])
    def test_only_sessions_while_consent_is_in_force_are_billable(self, billed, window, day, billable) -> None:  # noqa: ANN001
        reasons = billability(session(billed.line, date=day))
        assert (Reason.NO_CONSENT not in reasons) is billable
        assert reasons == ([] if billable else [Reason.NO_CONSENT])

    def test_a_new_consent_after_revocation_bills_again_from_its_date(self, billed, window) -> None:  # noqa: ANN001
        consent_record(student=billed.student, by=billed.admin, given_on=dt.date(2026, 11, 18))
        assert billability(session(billed.line, date=dt.date(2026, 11, 18))) == []
        assert billability(session(billed.line, date=dt.date(2026, 11, 17))) == [Reason.NO_CONSENT]

    def test_it_refuses_a_second_open_consent_or_one_dated_before_the_revocation(self, billed, window) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError, match="revoked on Nov 17"):
            consent_record(student=billed.student, by=billed.admin, given_on=dt.date(2026, 11, 12))
        consent_record(student=billed.student, by=billed.admin, given_on=dt.date(2026, 11, 17))
        with pytest.raises(ValidationError, match="already has a consent"):
            consent_record(student=billed.student, by=billed.admin, given_on=dt.date(2026, 11, 18))


def test_an_annual_notice_covers_a_year(billed) -> None:  # noqa: ANN001
    AnnualNotice.objects.all().delete()
    AnnualNotice.objects.create(student=billed.student, sent_on=dt.date(2025, 11, 16), recorded_by=billed.admin)
    assert billability(session(billed.line, date=dt.date(2026, 11, 13))) == []
    assert billability(session(billed.line, date=MONDAY)) == [Reason.NO_NOTICE]


def test_a_licence_expiring_mid_period_stops_billing_from_the_next_day(billed) -> None:  # noqa: ANN001
    ProviderCredential.objects.filter(user=billed.provider).update(licence_expires=dt.date(2026, 11, 12))
    before = session(billed.line, date=dt.date(2026, 11, 12))
    after = session(billed.line, date=MONDAY)
    assert [a.reasons for a in assess(list(candidates(ServiceSession.objects.filter(
        pk__in=[before.pk, after.pk]))))] == [[], [Reason.LICENCE_EXPIRED]]


def test_a_provider_without_a_credential_or_npi_is_not_enrolled(billed) -> None:  # noqa: ANN001
    ProviderCredential.objects.filter(user=billed.provider).update(npi="")
    assert billability(session(billed.line)) == [Reason.NOT_ENROLLED]
    ProviderCredential.objects.all().delete()
    assert billability(session(billed.line, date=dt.date(2026, 11, 13))) == [Reason.NOT_ENROLLED]


def test_a_pending_session_is_unsigned(billed, case_manager) -> None:  # noqa: ANN001
    s = session(billed.line, logged_by=case_manager, certified_by=None, certified_at=None,
                on_behalf_of=billed.provider)
    assert billability(s) == [Reason.PENDING]


def test_a_late_entry_bills_once_approved(billed, school_admin) -> None:  # noqa: ANN001
    s = session(billed.line, date=dt.date(2026, 10, 5), late=True, late_reason="paper log", needs_approval=True)
    assert billability(s) == [Reason.LATE_AWAITING]
    SessionApproval.objects.create(session=s, decision="approved", decided_by=school_admin)
    assert billability(s) == []


@pytest.mark.parametrize(("note", "complete"), [
    ("", False),
    ("Worked on sounds.", False),
    ("Activity: articulation drills for r\nResponse: 8 of 10 correct", False),  # no progress
    ("Activity: drills\nResponse: 8 of 10 correct\nProgress: up from 5 of 10", False),  # too short
    ("activity: articulation drills for r\nRESPONSE: eight of ten correct today\n"
     "Progress: toward goal one, steady", True),
])
def test_a_note_needs_each_part_the_rule_asks_for(billed, note: str, complete: bool) -> None:  # noqa: ANN001
    assert (Reason.NOTE_MISSING not in billability(session(billed.line, note=note))) is complete


def test_an_area_may_set_its_own_note_rule(billed) -> None:  # noqa: ANN001
    NoteRule.objects.create(area="speech-language", require_progress=False, min_words=1)
    assert billability(session(billed.line, note="Activity: drills\nResponse: good")) == []
    assert note_meets("anything at all", None)


def test_a_line_without_codes_or_a_student_without_a_diagnosis_is_not_billable(billed) -> None:  # noqa: ANN001
    LineCoding.objects.all().delete()
    Diagnosis.objects.update(end_date=dt.date(2026, 11, 13))
    assert billability(session(billed.line)) == [Reason.NO_CODE, Reason.NO_DIAGNOSIS]


def test_a_session_too_short_for_a_unit_is_not_billable(billed) -> None:  # noqa: ANN001
    a = assess([candidates(ServiceSession.objects.filter(pk=session(billed.line, minutes=7).pk)).get()])[0]
    assert (a.reasons, a.units) == ([Reason.NO_UNITS], 0)


def test_a_group_session_adds_the_group_modifier(billed) -> None:  # noqa: ANN001
    s = session(billed.line, group_size=3, minutes=38)
    a = assess([candidates(ServiceSession.objects.filter(pk=s.pk)).get()])[0]
    assert (a.modifiers, a.units) == (["GN", "HQ"], 3)


class TestSupervisedAssistant:
    @pytest.fixture
    def assistant(self, billed, school, iep):  # noqa: ANN001, ANN201
        slpa = UserFactory(role="provider", schools=[school], first_name="Ana", last_name="Ruiz")
        TeamMemberFactory(iep=iep, user=slpa, role=TeamMember.Role.PROVIDER)
        credential(slpa, by=billed.admin, npi="1245319599", kind=CredentialType.SLP_A, supervisor=billed.provider)
        return slpa

    def test_without_a_co_sign_the_session_is_not_billable(self, billed, assistant) -> None:  # noqa: ANN001
        s = session(billed.line, logged_by=assistant, certified_by=assistant)
        assert billability(s) == [Reason.COSIGN_MISSING]

    def test_with_the_supervisors_co_sign_it_is(self, billed, assistant) -> None:  # noqa: ANN001
        s = session(billed.line, logged_by=assistant, certified_by=assistant)
        session_cosign(session=s, by=billed.provider)
        assert billability(s) == []
        assert session_cosign(session=s, by=billed.provider).cosigned_by == billed.provider  # twice: one row

    def test_only_the_supervisor_co_signs_and_only_a_certified_session(self, billed, assistant, case_manager) -> None:  # noqa: ANN001
        s = session(billed.line, logged_by=assistant, certified_by=assistant)
        with pytest.raises(ValidationError, match="supervising provider"):
            session_cosign(session=s, by=case_manager)
        pending = session(billed.line, date=dt.date(2026, 11, 13), logged_by=assistant, certified_by=None,
                          certified_at=None, on_behalf_of=assistant)
        with pytest.raises(ValidationError, match="certifies the session first"):
            session_cosign(session=pending, by=billed.provider)

    def test_where_the_district_does_not_require_it_no_co_sign_is_needed(self, billed, assistant,  # noqa: ANN001
                                                                         settings) -> None:  # noqa: ANN001
        settings.BILLING_COSIGN_TYPES = ["cota", "pta"]
        s = session(billed.line, logged_by=assistant, certified_by=assistant, certified_at=timezone.now())
        assert billability(s) == []

    def test_an_assistant_needs_a_supervisor(self, billed, assistant) -> None:  # noqa: ANN001
        c = ProviderCredential.objects.get(user=assistant)
        c.supervisor = None
        with pytest.raises(ValidationError, match="supervising provider"):
            c.full_clean()
