"""What a Medicaid claim needs beyond the session log: who is credentialed, which codes a
service line bills under, the student's diagnoses, the parent's consent and annual notice,
the note a billable session needs, and the district's export layouts.

Billing reads the session log (services) and never writes it: a co-sign is a row of its own,
so a certified session stays untouched.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from billing.npi import npi_is_valid
from billing.units import UnitRule
from iep_portal.history import tracked

if TYPE_CHECKING:
    import datetime as dt

    from django_stubs_ext import StrOrPromise

ICD10 = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
PROCEDURE = re.compile(r"^([0-9]{4}[0-9A-Z]|[A-V][0-9]{4})$")
MODIFIER = re.compile(r"^[0-9A-Z]{2}$")
STATES = re.compile(r"^[A-Z]{2}$")


class CredentialType(models.TextChoices):
    SLP = "slp", _("Speech-language pathologist")
    SLP_A = "slp_a", _("Speech-language pathology assistant (SLP-A)")
    OT = "ot", _("Occupational therapist")
    COTA = "cota", _("Certified occupational therapy assistant (COTA)")
    PT = "pt", _("Physical therapist")
    PTA = "pta", _("Physical therapist assistant (PTA)")
    COUNSELOR = "counselor", _("Licensed professional counselor")
    SOCIAL_WORKER = "social_worker", _("Licensed clinical social worker")
    PSYCHOLOGIST = "psychologist", _("School psychologist")
    NURSE = "nurse", _("Registered nurse")


# Assistants practise under a supervising licensed provider.
ASSISTANTS = frozenset({CredentialType.SLP_A, CredentialType.COTA, CredentialType.PTA})


class ProviderCredentialQuerySet(models.QuerySet["ProviderCredential"]):
    def expiring_by(self, day: dt.date) -> ProviderCredentialQuerySet:
        """Credentials whose licence expires on or before `day` (expired ones included)."""
        return self.filter(licence_expires__lte=day)


@tracked()
class ProviderCredential(models.Model):
    """A provider's enrolment for billing: NPI and licence. One per provider; a renewal
    updates it (the history keeps every earlier version, with who changed it and when)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="credential")
    npi = models.CharField(_("NPI"), max_length=10, blank=True,
                           help_text=_("The 10-digit National Provider Identifier."))
    credential_type = models.CharField(max_length=20, choices=CredentialType.choices)
    licence_number = models.CharField(max_length=40)
    licence_state = models.CharField(max_length=2, help_text=_("Two letters, e.g. IL."))
    licence_expires = models.DateField()
    # An assistant's supervising provider, who co-signs their sessions where the district
    # requires it (BILLING_COSIGN_TYPES).
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="supervised_credentials")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProviderCredentialQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(credential_type__in=sorted(ASSISTANTS)) | Q(supervisor__isnull=False),
                name="billing_assistant_has_supervisor",
                violation_error_message=_("An assistant needs a supervising provider."),
            ),
            models.CheckConstraint(condition=~Q(supervisor=F("user")), name="billing_not_own_supervisor",
                                   violation_error_message=_("A provider cannot supervise themselves.")),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_credential_type_display()} {self.licence_state} {self.licence_number}"

    @property
    def is_assistant(self) -> bool:
        return self.credential_type in ASSISTANTS

    @property
    def needs_cosign(self) -> bool:
        return self.credential_type in settings.BILLING_COSIGN_TYPES

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.npi and not npi_is_valid(self.npi):
            errors["npi"] = _("That is not a valid NPI: it has 10 digits and its last digit is a "
                              "check digit. Check it against the NPI registry.")
        if self.licence_state and not STATES.match(self.licence_state):
            errors["licence_state"] = _("Use the state's two capital letters, e.g. IL.")
        if self.credential_type in ASSISTANTS and not self.supervisor_id:
            errors["supervisor"] = _("An assistant needs a supervising provider.")
        if self.credential_type not in ASSISTANTS and self.supervisor_id:
            errors["supervisor"] = _("Only an assistant has a supervising provider.")
        if self.supervisor_id and self.supervisor_id == self.user_id:
            errors["supervisor"] = _("A provider cannot supervise themselves.")
        if errors:
            raise ValidationError(errors)


@pgtrigger.register(
    # A co-sign is part of the record it signs: never rewritten or removed.
    pgtrigger.Protect(name="session_cosign_is_final", operation=pgtrigger.Update | pgtrigger.Delete),
)
class SessionCoSign(models.Model):
    """The supervising provider's co-signature of an assistant's session."""

    session = models.OneToOneField("services.ServiceSession", on_delete=models.PROTECT, primary_key=True,
                                   related_name="cosign")
    cosigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cosigned_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Co-signed #{self.session_id} by {self.cosigned_by}"


@tracked()
class BillingCode(models.Model):
    """One row of the district's procedure-code table (CPT or HCPCS), with its unit rule."""

    code = models.CharField(max_length=5, unique=True, help_text=_("CPT (92507) or HCPCS (T1018)."))
    description = models.CharField(max_length=200)
    unit_rule = models.CharField(max_length=20, choices=UnitRule.choices, default=UnitRule.EIGHT_MINUTE)
    # Added to the claim line when the session was a group (group_size > 1), e.g. HQ.
    group_modifier = models.CharField(max_length=2, blank=True)
    active = models.BooleanField(default=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"

    def clean(self) -> None:
        self.code = (self.code or "").strip().upper()
        self.group_modifier = (self.group_modifier or "").strip().upper()
        if not PROCEDURE.match(self.code):
            raise ValidationError({"code": _("A CPT code is five characters (92507, 0362T); a HCPCS "
                                             "code a letter and four digits (T1018).")})
        if self.group_modifier and not MODIFIER.match(self.group_modifier):
            raise ValidationError({"group_modifier": _("A modifier is two letters or digits, e.g. HQ.")})


@tracked()
class LineCoding(models.Model):
    """How a related-service line bills: its procedure code, modifiers and place of service."""

    requirement = models.OneToOneField("services.ServiceRequirement", on_delete=models.PROTECT,
                                       primary_key=True, related_name="coding")
    code = models.ForeignKey(BillingCode, on_delete=models.PROTECT, related_name="lines")
    # Space-separated two-character modifiers always on this line's claims (e.g. GN TM).
    modifiers = models.CharField(max_length=20, blank=True)
    place_of_service = models.CharField(max_length=2, default="03", help_text=_("03 = school."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.code.code} {self.modifiers}".strip()

    def clean(self) -> None:
        parts = (self.modifiers or "").upper().split()
        if any(not MODIFIER.match(p) for p in parts) or len(parts) > 4:
            raise ValidationError({"modifiers": _("Up to four modifiers of two letters or digits, "
                                                  "separated by spaces (e.g. GN TM).")})
        self.modifiers = " ".join(parts)
        if not re.match(r"^[0-9]{2}$", self.place_of_service or ""):
            raise ValidationError({"place_of_service": _("A place of service is two digits (03 = school).")})

    def modifiers_for(self, group_size: int) -> list[str]:
        """The claim line's modifiers: the line's own, then the code's group modifier for a group."""
        found = self.modifiers.split()
        if group_size > 1 and self.code.group_modifier and self.code.group_modifier not in found:
            found.append(self.code.group_modifier)
        return found


class DiagnosisQuerySet(models.QuerySet["Diagnosis"]):
    def on(self, day: dt.date) -> DiagnosisQuerySet:
        """Diagnoses in effect on `day`."""
        return self.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))


@tracked()
class Diagnosis(models.Model):
    """A student's ICD-10 diagnosis code, in effect from `start_date` (to `end_date`)."""

    student = models.ForeignKey("students.Student", on_delete=models.PROTECT, related_name="diagnoses")
    code = models.CharField(max_length=8)
    description = models.CharField(max_length=200, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = DiagnosisQuerySet.as_manager()

    class Meta:
        ordering = ["student", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="billing_diagnosis_ends_after_start",
                                   violation_error_message=_("A diagnosis cannot end before it starts.")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description}".strip()

    def clean(self) -> None:
        self.code = (self.code or "").strip().upper()
        if not ICD10.match(self.code):
            raise ValidationError({"code": _("An ICD-10 code is a letter, two characters and an "
                                             "optional part after a dot, e.g. F80.0 or F84.0.")})


class BillingConsentQuerySet(models.QuerySet["BillingConsent"]):
    def in_force_on(self, day: dt.date) -> BillingConsentQuerySet:
        """Consents given on or before `day` and not revoked by then (revoked on `day`: not in force)."""
        return self.filter(given_on__lte=day).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))


@tracked()
class BillingConsent(models.Model):
    """The parent's one-time written consent to bill public benefits (34 CFR
    300.154(d)(2)(iv)), and its revocation. A new consent after a revocation is a new row."""

    student = models.ForeignKey("students.Student", on_delete=models.PROTECT, related_name="billing_consents")
    given_on = models.DateField(help_text=_("The date on the signed consent."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    revoked_on = models.DateField(null=True, blank=True)
    revocation_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                               related_name="+", null=True, blank=True)
    revocation_recorded_at = models.DateTimeField(null=True, blank=True)

    objects = BillingConsentQuerySet.as_manager()

    class Meta:
        ordering = ["student", "given_on"]
        constraints = [
            models.UniqueConstraint(fields=["student"], condition=Q(revoked_on__isnull=True),
                                    name="billing_one_open_consent",
                                    violation_error_message=_(
                                        "This student already has a consent in force.")),
            models.CheckConstraint(condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=F("given_on")),
                                   name="billing_consent_revoked_after_given",
                                   violation_error_message=_(
                                       "A consent cannot be revoked before it was given.")),
        ]

    def __str__(self) -> str:
        return f"Consent to bill from {self.given_on}" + (f" to {self.revoked_on}" if self.revoked_on else "")


class AnnualNoticeQuerySet(models.QuerySet["AnnualNotice"]):
    def covering(self, day: dt.date) -> AnnualNoticeQuerySet:
        """Notices sent in the year up to `day` (sent on or before it, less than a year before)."""
        import datetime as _dt

        return self.filter(sent_on__lte=day, sent_on__gt=day - _dt.timedelta(days=365))


@tracked()
class AnnualNotice(models.Model):
    """The written notice sent to the parent before billing and every year after
    (34 CFR 300.154(d)(2)(v))."""

    student = models.ForeignKey("students.Student", on_delete=models.PROTECT, related_name="billing_notices")
    sent_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AnnualNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["student", "sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["student", "sent_on"], name="billing_one_notice_a_day",
                                    violation_error_message=_("That notice is already recorded.")),
        ]

    def __str__(self) -> str:
        return f"Annual notice sent {self.sent_on}"


def normal_medicaid_id(number: str) -> str:
    """The ID as claims carry it: no spaces or dashes, letters in capitals."""
    return re.sub(r"[\s-]", "", number or "").upper()


@tracked()
class MedicaidId(models.Model):
    """The student's Medicaid ID, the patient's identifier on every claim line (the
    "insured's ID number" of a CMS-1500). One per student: a correction updates it, and the
    history keeps each earlier number with who changed it and when."""

    student = models.OneToOneField("students.Student", on_delete=models.PROTECT, primary_key=True,
                                   related_name="medicaid")
    number = models.CharField(_("Medicaid ID"), max_length=20, unique=True, error_messages={
        "unique": _("That Medicaid ID is already recorded for another student: check the card.")})
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        self.number = normal_medicaid_id(self.number)
        if not re.fullmatch(settings.BILLING_MEDICAID_ID_PATTERN, self.number):
            raise ValidationError({"number": _(
                "That does not look like a Medicaid ID in this state: check it against the "
                "family's Medicaid card or the state's eligibility file.")})


@tracked()
class NoteRule(models.Model):
    """The least a billable session's note says, for one service area ("" = every area
    without a rule of its own): which parts (activity, the student's response, progress
    toward goals) and how many words each."""

    area = models.CharField(max_length=80, unique=True, blank=True)
    require_activity = models.BooleanField(default=True)
    require_response = models.BooleanField(default=True)
    require_progress = models.BooleanField(default=True)
    min_words = models.PositiveSmallIntegerField(default=3, help_text=_("Words each required part needs."))
    # Empty for the rule the district was given at installation.
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        ordering = ["area"]
        constraints = [
            models.CheckConstraint(condition=Q(min_words__lte=50), name="billing_note_rule_words_at_most_50",
                                   violation_error_message=_("Ask for at most 50 words a part.")),
        ]

    def __str__(self) -> str:
        return self.area or "Every other area"

    def clean(self) -> None:
        self.area = (self.area or "").strip()
        if self.min_words > 50:
            raise ValidationError({"min_words": _("Ask for at most 50 words a part.")})


class ExportProfile(models.Model):
    """A claims file layout: named columns in order, the date format and code mappings.

    `columns` is a list of {"header": "Rendering NPI", "field": "provider_npi"}; a field may
    also be "text:<value>" for a fixed value. `code_map` maps a field's value to what the
    vendor or state wants: {"place_of_service": {"03": "SCH"}}.
    """

    name = models.CharField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    columns = models.JSONField(default=list)
    date_format = models.CharField(max_length=20, default="%m/%d/%Y")
    code_map = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from billing.claims import FIELDS

        errors: dict[str, Any] = {}
        if not isinstance(self.columns, list) or not self.columns:
            errors["columns"] = _("A profile needs at least one column.")
        else:
            for col in self.columns:
                field = col.get("field", "") if isinstance(col, dict) else ""
                if not (isinstance(col, dict) and col.get("header")):
                    errors["columns"] = _("Every column needs a heading.")
                elif field not in FIELDS and not field.startswith("text:"):
                    errors["columns"] = _("“%(f)s” is not a field the export knows.") % {"f": field}
        try:
            import datetime as _dt

            _dt.date(2026, 1, 31).strftime(self.date_format)
        except ValueError:
            errors["date_format"] = _("That is not a date format (e.g. %m/%d/%Y).")
        if "%" not in self.date_format:
            errors["date_format"] = _("A date format uses %Y, %m and %d, e.g. %m/%d/%Y.")
        pairs = self.code_map.values() if isinstance(self.code_map, dict) else [None]
        if any(not isinstance(v, dict) for v in pairs):
            errors["code_map"] = _("Code mappings map a field to pairs of values.")
        if errors:
            raise ValidationError(errors)
