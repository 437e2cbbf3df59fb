"""A speech line whose session on Mon Nov 16, 2026 is billable: the provider is credentialed,
the line coded, the student diagnosed, consent given and notice sent, the note complete."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from billing.models import (
    AnnualNotice,
    BillingCode,
    BillingConsent,
    CredentialType,
    Diagnosis,
    LineCoding,
    MedicaidId,
    ProviderCredential,
)
from billing.units import UnitRule
from iep_portal.models import User
from services.models import ServiceRequirement, ServiceSession
from students.models import Student
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

NOTE = ("Activity: articulation drills for /r/ in words and phrases\n"
        "Response: produced /r/ correctly in 8 of 10 words with a visual cue\n"
        "Progress: toward the /r/ goal, up from 5 of 10 last week")
MONDAY = dt.date(2026, 11, 16)
VALID_NPI = "1234567893"


def credential(user: User, *, by: User, npi: str = VALID_NPI, kind: str = CredentialType.SLP,
               expires: dt.date = dt.date(2027, 6, 30), supervisor: User | None = None) -> ProviderCredential:
    return ProviderCredential.objects.create(user=user, npi=npi, credential_type=kind, licence_number="146.0012345",
                                             licence_state="IL", licence_expires=expires, supervisor=supervisor,
                                             recorded_by=by)


def make_billable(student: Student, line: ServiceRequirement, by: User) -> None:
    code = BillingCode.objects.get_or_create(code="92507", defaults={
        "description": "Speech treatment, individual", "unit_rule": UnitRule.EIGHT_MINUTE,
        "group_modifier": "HQ", "updated_by": by})[0]
    LineCoding.objects.create(requirement=line, code=code, modifiers="GN", recorded_by=by)
    Diagnosis.objects.create(student=student, code="F80.0", description="Phonological disorder",
                             start_date=dt.date(2026, 8, 1), recorded_by=by)
    BillingConsent.objects.create(student=student, given_on=dt.date(2026, 9, 1), recorded_by=by)
    AnnualNotice.objects.create(student=student, sent_on=dt.date(2026, 9, 1), recorded_by=by)
    MedicaidId.objects.create(student=student, number=f"{student.pk:09d}", recorded_by=by, updated_by=by)


@pytest.fixture
def billed(iep, provider, district_admin) -> SimpleNamespace:  # noqa: ANN001
    line = ServiceRequirementFactory(iep=iep, provider=provider)
    credential(provider, by=district_admin)
    make_billable(iep.student, line, district_admin)
    return SimpleNamespace(line=line, student=iep.student, provider=provider, admin=district_admin)


def session(line: ServiceRequirement, **kwargs: object) -> ServiceSession:
    fields: dict[str, object] = {"requirement": line, "date": MONDAY, "minutes": 30, "note": NOTE}
    fields.update(kwargs)
    result: ServiceSession = ServiceSessionFactory(**fields)
    return result
