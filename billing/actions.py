"""Writes of billing's own records. Keyword-only, atomic, validated; the session log itself
is never written here (a co-sign is a row of its own)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from billing.billability import renderer_id
from billing.models import (
    AnnualNotice,
    BillingCode,
    BillingConsent,
    Diagnosis,
    ExportProfile,
    LineCoding,
    MedicaidId,
    NoteRule,
    ProviderCredential,
    SessionCoSign,
)
from iep_portal.models import User
from services.models import ServiceRequirement, ServiceSession
from students.models import Student


@transaction.atomic
def credential_save(*, user: User, by: User, npi: str, credential_type: str, licence_number: str,
                    licence_state: str, licence_expires: dt.date,
                    supervisor: User | None) -> ProviderCredential:
    """Record or renew a provider's NPI and licence (history keeps each earlier version)."""
    credential = (ProviderCredential.objects.filter(user=user).first()
                  or ProviderCredential(user=user, recorded_by=by))
    credential.npi = npi.strip()
    credential.credential_type = credential_type
    credential.licence_number = licence_number.strip()
    credential.licence_state = licence_state.strip().upper()
    credential.licence_expires = licence_expires
    credential.supervisor = supervisor
    credential.full_clean()
    with pghistory.context(user=by.pk, reason="credential saved"):
        credential.save()
    return credential


@transaction.atomic
def session_cosign(*, session: ServiceSession, by: User) -> SessionCoSign:
    """The supervising provider co-signs an assistant's certified session."""
    credential = ProviderCredential.objects.filter(user_id=renderer_id(session)).first()
    if credential is None or credential.supervisor_id != by.pk:
        raise ValidationError("Only the assistant's supervising provider co-signs their sessions.")
    if session.certified_at is None:
        raise ValidationError("The assistant certifies the session first; then it can be co-signed.")
    existing = SessionCoSign.objects.filter(session=session).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return SessionCoSign.objects.create(session=session, cosigned_by=by)
    except IntegrityError:  # a second tab co-signed it at the same moment
        return SessionCoSign.objects.get(session=session)


@transaction.atomic
def code_save(*, by: User, code: BillingCode | None = None, **fields: Any) -> BillingCode:
    """Add or change a row of the district's procedure-code table."""
    row = code or BillingCode(updated_by=by)
    for name, value in fields.items():
        setattr(row, name, value)
    row.updated_by = by
    row.full_clean()
    with pghistory.context(user=by.pk, reason="billing code saved"):
        row.save()
    return row


@transaction.atomic
def line_coding_set(*, requirement: ServiceRequirement, by: User, code: BillingCode, modifiers: str,
                    place_of_service: str) -> LineCoding:
    """Set the procedure code, modifiers and place of service a related-service line bills under."""
    if requirement.kind != ServiceRequirement.Kind.RELATED:
        raise ValidationError("Only a related-service line is billed to Medicaid.")
    coding = LineCoding.objects.filter(requirement=requirement).first() or LineCoding(requirement=requirement)
    coding.code = code
    coding.modifiers = modifiers
    coding.place_of_service = place_of_service.strip()
    coding.recorded_by = by
    coding.full_clean()
    with pghistory.context(user=by.pk, reason="line coding set"):
        coding.save()
    return coding


@transaction.atomic
def note_rule_save(*, by: User, rule: NoteRule | None = None, area: str, require_activity: bool,
                   require_response: bool, require_progress: bool, min_words: int) -> NoteRule:
    """Add or change the least a billable session's note says for one service area. The
    rule applies to every session assessed from then on, earlier ones included: a note is
    judged by the district's rule, not by the rule of the day it was written."""
    row = NoteRule.objects.select_for_update().get(pk=rule.pk) if rule else NoteRule()
    if rule is not None and rule.area == "" and area.strip():
        raise ValidationError({"area": "The rule for every other area keeps its empty area."})
    row.area = area
    row.require_activity, row.require_response = require_activity, require_response
    row.require_progress, row.min_words = require_progress, min_words
    row.updated_by = by
    row.full_clean()
    with pghistory.context(user=by.pk, reason="note rule saved"):
        row.save()
    return row


@transaction.atomic
def medicaid_id_set(*, student: Student, by: User, number: str) -> MedicaidId:
    """Record or correct the student's Medicaid ID (one a student; history keeps each earlier
    number). Saving the same number twice, or from two tabs at once, leaves one row."""
    row = (MedicaidId.objects.select_for_update().filter(student=student).first()
           or MedicaidId(student=student, recorded_by=by))
    row.number = number
    row.updated_by = by
    row.full_clean(exclude=["student", "recorded_by", "updated_by"])
    with pghistory.context(user=by.pk, reason="Medicaid ID recorded"):
        if not row._state.adding:
            row.save()
            return row
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:  # another tab recorded it a moment ago: this save corrects it
            return medicaid_id_set(student=student, by=by, number=number)
    return row


@transaction.atomic
def diagnosis_add(*, student: Student, by: User, code: str, description: str, start_date: dt.date,
                  end_date: dt.date | None = None) -> Diagnosis:
    row = Diagnosis(student=student, recorded_by=by, code=code, description=description.strip(),
                    start_date=start_date, end_date=end_date)
    row.full_clean()
    with pghistory.context(user=by.pk, reason="diagnosis added"):
        row.save()
    return row


@transaction.atomic
def consent_record(*, student: Student, by: User, given_on: dt.date) -> BillingConsent:
    """The parent's one-time written consent to bill, dated as signed."""
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": "A consent cannot be dated in the future."})
    if BillingConsent.objects.filter(student=student, revoked_on__isnull=True).exists():
        raise ValidationError({"given_on": f"{student} already has a consent to bill in force; "
                                           "record its revocation first."})
    latest = BillingConsent.objects.filter(student=student).order_by("-revoked_on").first()
    if latest is not None and latest.revoked_on and given_on < latest.revoked_on:
        raise ValidationError({"given_on": f"The consent was revoked on {latest.revoked_on:%b %-d, %Y}; "
                                           "a new consent is dated on or after that day."})
    row = BillingConsent(student=student, given_on=given_on, recorded_by=by)
    row.full_clean()
    with pghistory.context(user=by.pk, reason="consent to bill recorded"):
        row.save()
    return row


@transaction.atomic
def consent_revoke(*, consent: BillingConsent, by: User, revoked_on: dt.date) -> BillingConsent:
    """The parent revoked consent: sessions from that day on are not billable."""
    locked = BillingConsent.objects.select_for_update().get(pk=consent.pk)
    if locked.revoked_on is not None:
        raise ValidationError({"revoked_on": "This consent was already revoked on "
                                             f"{locked.revoked_on:%b %-d, %Y}."})
    if revoked_on < locked.given_on:
        raise ValidationError({"revoked_on": "A consent cannot be revoked before it was given."})
    locked.revoked_on = revoked_on
    locked.revocation_recorded_by = by
    locked.revocation_recorded_at = timezone.now()
    with pghistory.context(user=by.pk, reason="consent to bill revoked"):
        locked.save(update_fields=["revoked_on", "revocation_recorded_by", "revocation_recorded_at"])
    return locked


@transaction.atomic
def notice_record(*, student: Student, by: User, sent_on: dt.date) -> AnnualNotice:
    """The written notice to the parent (before the first claim, then every year)."""
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": "A notice cannot be dated in the future."})
    if AnnualNotice.objects.filter(student=student, sent_on=sent_on).exists():
        raise ValidationError({"sent_on": f"A notice sent on {sent_on:%b %-d, %Y} is already recorded."})
    row = AnnualNotice(student=student, sent_on=sent_on, recorded_by=by)
    with pghistory.context(user=by.pk, reason="annual notice recorded"):
        row.save()
    return row


@transaction.atomic
def profile_save(*, by: User, profile: ExportProfile | None = None, name: str, description: str,
                 columns: list[dict[str, str]], date_format: str,
                 code_map: dict[str, dict[str, str]]) -> ExportProfile:
    """Add or change an export profile (the claims file's layout)."""
    row = profile or ExportProfile()
    row.name, row.description, row.columns = name.strip(), description.strip(), columns
    row.date_format, row.code_map, row.updated_by = date_format.strip(), code_map, by
    row.full_clean()
    row.save()
    return row
