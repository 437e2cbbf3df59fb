"""THE question "may this session be billed, and if not, why not?".

`assess(sessions)` answers it for any number of sessions in a fixed number of queries, with
every reason at once; `billability(session)` for one. The report page, the claims export
and the demo all ask through here, so a session the report calls billable is exactly a
session the export writes, and no other.

Which sessions are asked about: effective entries (not voided, not replaced, not rejected)
of related-service lines that were delivered (or made up). A missed session is no claim,
and specially designed instruction is not a Medicaid service.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from billing.models import (
    AnnualNotice,
    BillingConsent,
    Diagnosis,
    LineCoding,
    MedicaidId,
    NoteRule,
    ProviderCredential,
    SessionCoSign,
)
from billing.units import billable_units
from iep_portal.models import User
from services import ledger
from services.models import ServiceRequirement, ServiceSession, ServiceSessionQuerySet

T = TypeVar("T", bound=models.Model)


class Reason(models.TextChoices):
    NO_CONSENT = "no_consent", _("No consent to bill (missing or revoked)")
    NO_NOTICE = "no_notice", _("No annual notice to the parent that year")
    NO_MEDICAID_ID = "no_medicaid_id", _("Student's Medicaid ID not on file")
    NOTE_MISSING = "note_missing", _("Session note missing or incomplete")
    LICENCE_EXPIRED = "licence_expired", _("Provider's licence expired")
    NOT_ENROLLED = "not_enrolled", _("Provider not enrolled (no credential or NPI)")
    PENDING = "pending", _("Unsigned: pending the provider's certification")
    LATE_AWAITING = "late_awaiting", _("Late entry awaiting approval")
    COSIGN_MISSING = "cosign_missing", _("Supervisor's co-sign missing")
    NO_CODE = "no_code", _("Service line has no procedure code")
    NO_DIAGNOSIS = "no_diagnosis", _("No diagnosis code in effect")
    NO_UNITS = "no_units", _("Too short for a billable unit")


@dataclass
class Assessment:
    session: ServiceSession
    reasons: list[str] = field(default_factory=list)
    units: int = 0
    credential: ProviderCredential | None = None
    supervisor_credential: ProviderCredential | None = None
    coding: LineCoding | None = None
    diagnoses: list[Diagnosis] = field(default_factory=list)
    consent: BillingConsent | None = None
    notice: AnnualNotice | None = None
    medicaid: MedicaidId | None = None

    @property
    def billable(self) -> bool:
        return not self.reasons

    @property
    def reason_labels(self) -> list[str]:
        return [str(Reason(r).label) for r in self.reasons]

    @property
    def modifiers(self) -> list[str]:
        return self.coding.modifiers_for(self.session.group_size) if self.coding else []


def candidates(sessions: ServiceSessionQuerySet) -> ServiceSessionQuerySet:
    """The sessions billing asks about, with what `assess` reads from them (one query)."""
    return (
        sessions.effective()
        .filter(requirement__kind=ServiceRequirement.Kind.RELATED,
                status__in=sorted(ledger.DELIVERED_STATUSES))
        .select_related("student", "student__school", "student__medicaid", "requirement",
                        "requirement__provider", "requirement__coding", "requirement__coding__code",
                        "certified_by", "on_behalf_of", "approval", "cosign")
        .order_by("date", "student__last_name", "student__first_name", "pk")
    )


def in_range(user: User, start: dt.date, end: dt.date, *, school_id: int | None = None) -> list[Assessment]:
    """Every candidate session this user may see between two days, assessed. 6 queries."""
    rows = candidates(ServiceSession.objects.visible_to(user).filter(date__gte=start, date__lte=end))
    if school_id:
        rows = rows.filter(student__school_id=school_id)
    return assess(list(rows))


def renderer_id(session: ServiceSession) -> int:
    """Who delivered the session: whoever certified it, else the provider it was logged for."""
    return session.certified_by_id or session.on_behalf_of_id or session.requirement.provider_id


LABELS = re.compile(r"^\s*(activity|response|progress)\s*:", re.IGNORECASE | re.MULTILINE)


def note_parts(note: str) -> dict[str, str]:
    """The labelled parts of a note ("Activity: ...", "Response: ...", "Progress: ...")."""
    found: dict[str, str] = {}
    marks = list(LABELS.finditer(note))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(note)
        label = mark.group(1).lower()
        found[label] = (found.get(label, "") + " " + note[mark.end():end]).strip()
    return found


def note_meets(note: str, rule: NoteRule | None) -> bool:
    """Whether a note says what the area's rule requires (no rule at all: any note will do)."""
    if rule is None:
        return bool(note.strip())
    parts = note_parts(note)
    wanted = [name for name, on in (("activity", rule.require_activity), ("response", rule.require_response),
                                    ("progress", rule.require_progress)) if on]
    if not wanted:
        return len(note.split()) >= rule.min_words
    return all(len(parts.get(name, "").split()) >= max(rule.min_words, 1) for name in wanted)


def assess(sessions: Sequence[ServiceSession]) -> list[Assessment]:
    """Every reason each session is not billable (none: billable), in the order given.

    Queries, however many sessions: credentials of the providers and their supervisors (2),
    consents (1), notices (1), diagnoses (1), note rules (1); the sessions come with their
    line's coding, approval and co-sign, and the student's Medicaid ID (`candidates`).
    """
    if not sessions:
        return []
    students = {s.student_id for s in sessions}
    credentials = {c.user_id: c for c in ProviderCredential.objects.select_related("user").filter(
        user_id__in={renderer_id(s) for s in sessions})}
    supervisors = {c.user_id: c for c in ProviderCredential.objects.select_related("user").filter(
        user_id__in={c.supervisor_id for c in credentials.values() if c.supervisor_id})}
    consents = _by_student(BillingConsent.objects.filter(student_id__in=students))
    notices = _by_student(AnnualNotice.objects.filter(student_id__in=students))
    diagnoses = _by_student(Diagnosis.objects.filter(student_id__in=students))
    rules = {r.area.casefold(): r for r in NoteRule.objects.all()}
    out = []
    for s in sessions:
        a = Assessment(session=s)
        reasons = a.reasons
        day = s.date
        a.consent = next((c for c in consents[s.student_id]
                          if c.given_on <= day and (c.revoked_on is None or c.revoked_on > day)), None)
        if a.consent is None:
            reasons.append(Reason.NO_CONSENT)
        a.notice = next((n for n in reversed(notices[s.student_id])
                         if n.sent_on <= day and n.sent_on > day - dt.timedelta(days=365)), None)
        if a.notice is None:
            reasons.append(Reason.NO_NOTICE)
        a.medicaid = _medicaid(s)
        if a.medicaid is None:
            reasons.append(Reason.NO_MEDICAID_ID)
        if not note_meets(s.note, rules.get(s.requirement.area.casefold(), rules.get(""))):
            reasons.append(Reason.NOTE_MISSING)
        a.credential = credentials.get(renderer_id(s))
        if a.credential is None or not a.credential.npi:
            reasons.append(Reason.NOT_ENROLLED)
        elif a.credential.licence_expires < day:
            reasons.append(Reason.LICENCE_EXPIRED)
        if s.certified_at is None:
            reasons.append(Reason.PENDING)
        if s.needs_approval and s.approval_state != "approved":
            reasons.append(Reason.LATE_AWAITING)
        if a.credential is not None and a.credential.needs_cosign:
            a.supervisor_credential = supervisors.get(a.credential.supervisor_id or 0)
            if _cosign(s) is None:
                reasons.append(Reason.COSIGN_MISSING)
        a.coding = _coding(s.requirement)
        if a.coding is None:
            reasons.append(Reason.NO_CODE)
        else:
            a.units = billable_units(s.minutes, a.coding.code.unit_rule)
            if a.units == 0:
                reasons.append(Reason.NO_UNITS)
        a.diagnoses = [d for d in diagnoses[s.student_id]
                       if d.start_date <= day and (d.end_date is None or d.end_date >= day)]
        if not a.diagnoses:
            reasons.append(Reason.NO_DIAGNOSIS)
        out.append(a)
    return out


def billability(session: ServiceSession) -> list[str]:
    """Every reason one session is not billable ([] = billable); a session billing does not
    ask about (a miss, an SDI line, a voided entry) is never billable."""
    found = list(candidates(ServiceSession.objects.filter(pk=session.pk)))
    if not found:
        raise ValueError("Only delivered related-service sessions in force are billed.")
    return assess(found)[0].reasons


def _by_student(rows: Iterable[T]) -> defaultdict[int, list[T]]:
    grouped: defaultdict[int, list[T]] = defaultdict(list)
    for row in rows:
        grouped[row.student_id].append(row)  # type: ignore[attr-defined]
    return grouped


def _cosign(session: ServiceSession) -> SessionCoSign | None:
    try:
        return session.cosign
    except SessionCoSign.DoesNotExist:
        return None


def _medicaid(session: ServiceSession) -> MedicaidId | None:
    try:
        return session.student.medicaid
    except MedicaidId.DoesNotExist:
        return None


def _coding(requirement: ServiceRequirement) -> LineCoding | None:
    try:
        return requirement.coding
    except LineCoding.DoesNotExist:
        return None


