from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace
from typing import Any

from django.urls import reverse
from django.utils import timezone

from billing.models import (
    AnnualNotice,
    BillingCode,
    BillingConsent,
    CredentialType,
    ExportProfile,
    NoteRule,
    ProviderCredential,
)
from students.models import TeamMember
from tests.factories import TeamMemberFactory, UserFactory
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory
from tests.url_access import ADMINS, STAFF, Rule

DISTRICT = frozenset({"district_admin"})
# Administrators see the report and the claims file over their own schools (an empty one for another's).
EVERY_ADMIN = ADMINS | {"other_school_admin"}
# The full record's readers see a student's billing page; a gen-ed teacher not on the team may not.
READERS = frozenset({"case_manager", "provider", "observer", "school_admin", "district_admin"})
# Consent, notices, diagnoses and a line's codes: the case manager and the administrators.
RECORDERS = frozenset({"case_manager", "school_admin", "district_admin"})
NOT_RECORDERS = frozenset({"gen_ed_teacher", "provider", "observer"})
# Every member of staff (a guardian reaches only the family portal).
EVERYONE = STAFF


def _code(w: SimpleNamespace) -> None:
    w.code = BillingCode.objects.create(code="92507", description="Speech treatment", updated_by=w.district_admin)


def _line(w: SimpleNamespace) -> None:
    _code(w)
    w.line = ServiceRequirementFactory(iep=w.iep, provider=w.provider)


def _consent(w: SimpleNamespace) -> None:
    w.consent = BillingConsent.objects.create(student=w.student, given_on=dt.date(2026, 9, 1),
                                              recorded_by=w.case_manager)


def _reopen(w: SimpleNamespace) -> dict[str, Any]:
    # Each persona that may revoke finds the consent in force again.
    BillingConsent.objects.filter(pk=w.consent.pk).update(revoked_on=None)
    return {"revoked_on": "2026-11-17"}


def _fresh_consent(w: SimpleNamespace) -> dict[str, Any]:
    BillingConsent.objects.filter(student=w.student).delete()
    return {"k": str(uuid.uuid4()), "given_on": "2026-09-01"}


def _fresh_notice(w: SimpleNamespace) -> dict[str, Any]:
    AnnualNotice.objects.filter(student=w.student).delete()
    return {"k": str(uuid.uuid4()), "sent_on": "2026-09-01"}


def _assistant_session(w: SimpleNamespace) -> None:
    slpa = UserFactory(role="provider", schools=[w.school])
    TeamMemberFactory(iep=w.iep, user=slpa, role=TeamMember.Role.PROVIDER)
    ProviderCredential.objects.create(user=slpa, npi="1245319599", credential_type=CredentialType.SLP_A,
                                      licence_number="A-1", licence_state="IL", licence_expires=dt.date(2027, 6, 30),
                                      supervisor=w.provider, recorded_by=w.district_admin)
    line = ServiceRequirementFactory(iep=w.iep, provider=slpa)
    w.assisted = ServiceSessionFactory(requirement=line, logged_by=slpa, certified_by=slpa,
                                       certified_at=timezone.now())


def _note_rule(w: SimpleNamespace) -> int:
    """The installed rule for every other area (a test that empties the tables: one like it)."""
    return NoteRule.objects.get_or_create(area="")[0].pk


def _new_area(w: SimpleNamespace) -> dict[str, str]:
    # Each persona that may add a rule adds one for an area without one.
    return {"k": str(uuid.uuid4()), "area": f"Area {uuid.uuid4().hex[:8]}", "require_activity": "on",
            "min_words": "3"}


def _key(w: SimpleNamespace) -> dict[str, str]:
    return {"k": str(uuid.uuid4())}


def _profile(w: SimpleNamespace) -> int:
    """A shipped layout (a test that empties the tables takes them away: then one like it)."""
    found = ExportProfile.objects.order_by("pk").first()
    if found is None:
        found = ExportProfile.objects.create(name="Claims layout", columns=[{"header": "Date", "field": "date"}])
    return found.pk


URL_ACCESS = {
    "billing:report": Rule(url=lambda w: reverse("billing:report") + "?start=2026-11-01&end=2026-11-18",
                           ok=EVERY_ADMIN),
    "billing:export": Rule(url=lambda w: reverse("billing:export"), ok=EVERY_ADMIN),
    "billing:credentials": Rule(url=lambda w: reverse("billing:credentials"), ok=DISTRICT),
    "billing:credential_edit": Rule(url=lambda w: reverse("billing:credential_edit", args=[w.provider.pk]),
                                    ok=DISTRICT),
    "billing:codes": Rule(url=lambda w: reverse("billing:codes"), ok=DISTRICT),
    "billing:code_add": Rule(url=lambda w: reverse("billing:code_add"), data=_key, ok=DISTRICT),
    "billing:code_edit": Rule(url=lambda w: reverse("billing:code_edit", args=[w.code.pk]), setup=_code,
                              ok=DISTRICT),
    "billing:profiles": Rule(url=lambda w: reverse("billing:profiles"), ok=DISTRICT),
    "billing:profile_add": Rule(url=lambda w: reverse("billing:profile_add"), data=_key, ok=DISTRICT),
    "billing:profile_edit": Rule(url=lambda w: reverse("billing:profile_edit", args=[_profile(w)]), ok=DISTRICT),
    "billing:note_rules": Rule(url=lambda w: reverse("billing:note_rules"), ok=DISTRICT),
    "billing:note_rule_add": Rule(url=lambda w: reverse("billing:note_rule_add"), method="post", data=_new_area,
                                  ok=DISTRICT),
    "billing:note_rule_edit": Rule(url=lambda w: reverse("billing:note_rule_edit", args=[_note_rule(w)]),
                                   ok=DISTRICT),
    "billing:medicaid_id": Rule(url=lambda w: reverse("billing:medicaid_id", args=[w.student.pk]), method="post",
                                ok=RECORDERS, forbidden=NOT_RECORDERS, data=lambda w: {"number": "123456789"}),
    "billing:student": Rule(url=lambda w: reverse("billing:student", args=[w.student.pk]), ok=READERS,
                            forbidden=frozenset({"gen_ed_teacher"})),
    "billing:consent_add": Rule(url=lambda w: reverse("billing:consent_add", args=[w.student.pk]), method="post",
                                ok=RECORDERS, forbidden=NOT_RECORDERS, data=_fresh_consent),
    "billing:notice_add": Rule(url=lambda w: reverse("billing:notice_add", args=[w.student.pk]), method="post",
                               ok=RECORDERS, forbidden=NOT_RECORDERS, data=_fresh_notice),
    "billing:diagnosis_add": Rule(
        url=lambda w: reverse("billing:diagnosis_add", args=[w.student.pk]), method="post", ok=RECORDERS,
        forbidden=NOT_RECORDERS,
        data=lambda w: {"k": str(uuid.uuid4()), "code": "F80.0", "start_date": "2026-08-01"}),
    "billing:consent_revoke": Rule(url=lambda w: reverse("billing:consent_revoke", args=[w.consent.pk]),
                                   method="post", setup=_consent, ok=RECORDERS, forbidden=NOT_RECORDERS,
                                   data=_reopen),
    "billing:line_coding": Rule(url=lambda w: reverse("billing:line_coding", args=[w.line.pk]), method="post",
                                setup=_line, ok=RECORDERS, forbidden=NOT_RECORDERS,
                                data=lambda w: {"code": str(w.code.pk), "modifiers": "GN", "place_of_service": "03"}),
    # Everyone has a co-sign list (empty unless they supervise an assistant).
    "billing:cosigns": Rule(url=lambda w: reverse("billing:cosigns"), ok=EVERYONE),
    # Only the assistant's supervisor co-signs; to anyone else the session does not exist.
    "billing:cosign": Rule(url=lambda w: reverse("billing:cosign", args=[w.assisted.pk]), method="post",
                           setup=_assistant_session, ok=frozenset({"provider"})),
}
