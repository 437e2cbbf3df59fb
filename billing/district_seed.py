"""Benchmark district's billing records: a credential for every provider (one in twenty
without an NPI, one in fifteen lapsed this autumn), the code table and every related line's
code, and for each student with a related line a diagnosis, a consent (one in twelve never
given, one in thirty revoked), an annual notice and a Medicaid ID (one in forty not on file).
All bulk inserts."""

from __future__ import annotations

import datetime as dt

from billing.demo import medicaid_number
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
from services.models import ServiceRequirement
from students.district_seed import District

CODES = {"Speech-language": ("92507", UnitRule.PER_SESSION, "GN TM", "F80.2", CredentialType.SLP),
         "Occupational therapy": ("97530", UnitRule.EIGHT_MINUTE, "GO TM", "F82", CredentialType.OT),
         "Counseling": ("90832", UnitRule.PER_SESSION, "TM", "F93.8", CredentialType.COUNSELOR)}
NPIS = ["1234567893", "1245319599", "1003000126"]


def generate(d: District) -> None:
    director = d.staff["district_admin"][0]
    # This district's lines only: a database may hold more than one seeded district.
    lines = list(ServiceRequirement.objects.filter(kind=ServiceRequirement.Kind.RELATED,
                                                   iep__student__in=[sid for sid, _ in d.students])
                 .values_list("pk", "area", "provider_id", "iep__student_id", "iep__start_date"))
    kinds: dict[int, str] = {}
    for _, area, provider_id, _, _ in lines:
        kinds.setdefault(provider_id, CODES[area][4] if area in CODES else CredentialType.SLP)
    ProviderCredential.objects.bulk_create([
        ProviderCredential(user_id=uid, npi="" if n % 20 == 7 else NPIS[n % 3], credential_type=kind,
                           licence_number=f"146.{uid:06d}", licence_state="IL", recorded_by_id=director,
                           licence_expires=d.today - dt.timedelta(days=10) if n % 15 == 4
                           else d.today + dt.timedelta(days=200 + n))
        for n, (uid, kind) in enumerate(sorted(kinds.items()))], batch_size=2000)
    codes = {area: BillingCode.objects.get_or_create(code=c, defaults={
                 "description": f"{area} treatment", "unit_rule": rule, "group_modifier": "HQ",
                 "updated_by_id": director})[0]
             for area, (c, rule, _, _, _) in CODES.items()}
    LineCoding.objects.bulk_create([
        LineCoding(requirement_id=pk, code=codes[area], modifiers=CODES[area][2], recorded_by_id=director)
        for pk, area, _, _, _ in lines if area in codes], batch_size=5000)
    firsts: dict[int, tuple[str, dt.date]] = {}
    for _, area, _, student_id, start in lines:
        firsts.setdefault(student_id, (area, start))
    consents, notices, diagnoses, ids = [], [], [], []
    for n, (student_id, (area, start)) in enumerate(sorted(firsts.items())):
        if n % 40 != 17:
            ids.append(MedicaidId(student_id=student_id, number=medicaid_number(student_id),
                                  recorded_by_id=director, updated_by_id=director))
        signed = min(start, d.today) - dt.timedelta(days=5)
        if n % 12 != 5:
            revoked = d.today - dt.timedelta(days=14) if n % 30 == 11 else None
            consents.append(BillingConsent(
                student_id=student_id, given_on=signed, recorded_by_id=director, revoked_on=revoked,
                revocation_recorded_by_id=director if revoked else None))
        notices.append(AnnualNotice(student_id=student_id, sent_on=signed, recorded_by_id=director))
        diagnoses.append(Diagnosis(student_id=student_id, code=CODES.get(area, CODES["Speech-language"])[3],
                                   start_date=start, recorded_by_id=director))
    BillingConsent.objects.bulk_create(consents, batch_size=5000)
    AnnualNotice.objects.bulk_create(notices, batch_size=5000)
    Diagnosis.objects.bulk_create(diagnoses, batch_size=5000)
    MedicaidId.objects.bulk_create(ids, batch_size=5000)
    d.count("provider credentials", len(kinds))
    d.count("billing consents", len(consents))
    d.progress(f"billing: {len(kinds)} credentials, {len(consents)} consents, {len(diagnoses)} diagnoses")
