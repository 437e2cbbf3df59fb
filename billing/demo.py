"""Demo Medicaid billing: the speech-language pathologist and the occupational therapist are
credentialed (the OT's licence lapsed three weeks ago and the renewal is not recorded yet, so
her sessions since are not billable), an SLP assistant works under the SLP on two speech
lines (one session co-signed, one waiting), the district's codes and every related line's
code, diagnoses, and parents' consents and annual notices: one family never consented and
one revoked consent this autumn, so their children's sessions are logged but not billed.
Every student with a related service has a Medicaid ID on file but one, whose family's card
the case manager is still waiting for.
"""

from __future__ import annotations

import datetime as dt
import uuid

from allauth.account.models import EmailAddress
from django.utils import timezone

from billing.models import (
    AnnualNotice,
    BillingCode,
    BillingConsent,
    CredentialType,
    Diagnosis,
    LineCoding,
    MedicaidId,
    ProviderCredential,
    SessionCoSign,
)
from billing.units import UnitRule
from iep_portal.models import User
from services.demo import related_note
from services.models import ServiceCoProvider, ServiceRequirement, ServiceSession
from students.demo import DEMO_PASSWORD, DemoWorld
from students.models import TeamMember
from students.school_days import school_days_for

CODES = [
    # code, description, unit rule, group modifier
    ("92507", "Speech, language, voice or communication treatment, individual", UnitRule.PER_SESSION, "HQ"),
    ("97530", "Therapeutic activities, each 15 minutes", UnitRule.EIGHT_MINUTE, "HQ"),
    ("97110", "Therapeutic exercise, each 15 minutes", UnitRule.EIGHT_MINUTE, "HQ"),
    ("90832", "Psychotherapy, 30 minutes", UnitRule.PER_SESSION, ""),
]
LINE_CODES = {"Speech-language": ("92507", "GN TM"), "Occupational therapy": ("97530", "GO TM")}
DIAGNOSES = {"Speech-language": [("F80.0", "Phonological disorder"),
                                 ("F80.2", "Mixed receptive-expressive language disorder")],
             "Occupational therapy": [("F82", "Specific developmental disorder of motor function")]}


def load(world: DemoWorld) -> None:
    today = world.today
    director = world.users["district_admin"]
    slp, ot = world.users["provider"], world.users["provider_ot"]
    ProviderCredential.objects.bulk_create([
        ProviderCredential(user=slp, npi="1234567893", credential_type=CredentialType.SLP,
                           licence_number="146.011872", licence_state="IL",
                           licence_expires=today + dt.timedelta(days=150), recorded_by=director),
        ProviderCredential(user=ot, npi="1245319599", credential_type=CredentialType.OT,
                           licence_number="056.009314", licence_state="IL",
                           licence_expires=today - dt.timedelta(days=21), recorded_by=director),
    ])
    codes = {c: BillingCode.objects.create(code=c, description=d, unit_rule=u, group_modifier=g,
                                           updated_by=director) for c, d, u, g in CODES}
    lines = list(ServiceRequirement.objects.filter(iep__in=world.ieps, kind=ServiceRequirement.Kind.RELATED)
                 .select_related("iep").order_by("iep__student__last_name", "area", "pk"))
    LineCoding.objects.bulk_create([
        LineCoding(requirement=r, code=codes[LINE_CODES[r.area][0]], modifiers=LINE_CODES[r.area][1],
                   recorded_by=director) for r in lines if r.area in LINE_CODES])
    students = list(dict.fromkeys(r.iep.student_id for r in lines))
    starts = {r.iep.student_id: r.iep.start_date for r in lines}
    case_manager = world.users["case_manager"]
    consents, notices, diagnoses = [], [], []
    for n, student_id in enumerate(students):
        signed = min(starts[student_id], today) - dt.timedelta(days=7)
        if n != 1:  # this family has not consented to billing
            consents.append(BillingConsent(
                student_id=student_id, given_on=signed, recorded_by=case_manager,
                revoked_on=today - dt.timedelta(days=20) if n == 3 else None,
                revocation_recorded_by=case_manager if n == 3 else None,
                revocation_recorded_at=timezone.now() if n == 3 else None))
        notices.append(AnnualNotice(student_id=student_id, sent_on=signed, recorded_by=case_manager))
    for r in lines:
        if r.area in DIAGNOSES:
            code, description = DIAGNOSES[r.area][r.iep.student_id % len(DIAGNOSES[r.area])]
            diagnoses.append(Diagnosis(student_id=r.iep.student_id, code=code, description=description,
                                       start_date=r.iep.start_date, recorded_by=director))
    BillingConsent.objects.bulk_create(consents)
    AnnualNotice.objects.bulk_create(notices)
    Diagnosis.objects.bulk_create(diagnoses)
    consenting = {c.student_id for c in consents if c.revoked_on is None}
    speech = [r for r in lines if r.area == "Speech-language" and r.iep.student_id in consenting]
    _assistant(world, slp, speech[1:3])
    assisted = {r.iep.student_id for r in speech[1:3]}
    waiting = [sid for sid in students if sid in consenting and sid not in assisted][-1:]
    MedicaidId.objects.bulk_create([
        MedicaidId(student_id=sid, number=medicaid_number(sid), recorded_by=case_manager,
                   updated_by=case_manager) for sid in students if sid not in waiting])


def medicaid_number(student_id: int) -> str:
    """A believable nine-digit state recipient ID, different for each student."""
    return f"{100000000 + student_id * 7919 % 900000000:09d}"


def _assistant(world: DemoWorld, supervisor: User, lines: list[ServiceRequirement]) -> None:
    """An SLP assistant co-delivers two speech lines; each has one session this week, one co-signed."""
    if not lines:
        return
    assistant = User.objects.create_user(
        "slpa@demo.school", DEMO_PASSWORD, first_name="Jamie", last_name="Ortiz", role=User.Role.PROVIDER,
        title="Speech-language pathology assistant")
    assistant.schools.add(world.school)
    EmailAddress.objects.create(user=assistant, email=assistant.email, primary=True, verified=True)
    ProviderCredential.objects.create(
        user=assistant, npi="1003000126", credential_type=CredentialType.SLP_A, licence_number="146.A02231",
        licence_state="IL", licence_expires=world.today + dt.timedelta(days=300), supervisor=supervisor,
        recorded_by=world.users["district_admin"])
    days = school_days_for({world.school.pk})[world.school.pk]
    recent = days.days(world.today - dt.timedelta(days=10), world.today - dt.timedelta(days=1))[-2:]
    for n, (line, day) in enumerate(zip(lines, recent, strict=False)):
        TeamMember.objects.get_or_create(iep=line.iep, user=assistant,
                                         defaults={"role": TeamMember.Role.PROVIDER})
        ServiceCoProvider.objects.create(requirement=line, user=assistant, named_by=line.iep.case_manager)
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(15, 45)))
        session = ServiceSession.objects.create(
            requirement=line, student_id=line.iep.student_id, date=day, start_time=dt.time(13, 30),
            minutes=30,
            note=related_note(line.area, day) or related_note(line.area, day + dt.timedelta(days=1)),
            idempotency_key=uuid.UUID(int=world.rng.getrandbits(128)), logged_by=assistant, logged_at=at,
            certified_by=assistant, certified_at=at)
        if n == 0:
            SessionCoSign.objects.create(session=session, cosigned_by=supervisor)
