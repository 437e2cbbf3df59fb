from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from billing.claims import FIELDS
from billing.models import BillingCode, CredentialType, ExportProfile
from billing.units import UnitRule
from iep_portal.bounds import BoundedDateField
from iep_portal.models import User
from students.models import School

DATE = forms.DateInput(attrs={"type": "date"})


class RangeForm(forms.Form):
    start = BoundedDateField(label="From", widget=DATE)
    end = BoundedDateField(label="To", widget=DATE)
    school = forms.ModelChoiceField(queryset=School.objects.none(), required=False,
                                    empty_label="All my schools", label="School")

    def __init__(self, *args: Any, schools: QuerySet[School], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["school"]).queryset = schools
        today = timezone.localdate()
        self.fields["start"].initial = today.replace(day=1)
        self.fields["end"].initial = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            if end < start:
                self.add_error("end", "The end date must be on or after the start date.")
            elif (end - start).days > 400:
                self.add_error("end", "Choose at most about a year at a time.")
        return data


class ExportForm(RangeForm):
    profile = forms.ModelChoiceField(queryset=ExportProfile.objects.all(), label="Layout",
                                     empty_label=None,
                                     help_text="The columns your billing vendor or state wants.")


class CredentialForm(forms.Form):
    credential_type = forms.ChoiceField(choices=CredentialType.choices, label="Credential")
    npi = forms.CharField(label="NPI", max_length=10, required=False,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                          help_text="10 digits. Without an NPI the provider's sessions are not billable.")
    licence_number = forms.CharField(label="Licence number", max_length=40)
    licence_state = forms.CharField(label="Licence state", max_length=2, help_text="Two letters, e.g. IL.")
    licence_expires = BoundedDateField(label="Licence expires", widget=DATE)
    supervisor = forms.ModelChoiceField(queryset=User.objects.none(), required=False,
                                        label="Supervising provider",
                                        help_text="Assistants only (SLP-A, COTA, PTA).")

    def __init__(self, *args: Any, providers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["supervisor"]).queryset = providers


class CodeForm(forms.Form):
    code = forms.CharField(max_length=5, help_text="CPT (92507) or HCPCS (T1018).")
    description = forms.CharField(max_length=200)
    unit_rule = forms.ChoiceField(choices=UnitRule.choices, label="Units")
    group_modifier = forms.CharField(max_length=2, required=False,
                                     help_text="Added when a session is a group, e.g. HQ.")
    active = forms.BooleanField(required=False, initial=True)


class LineCodingForm(forms.Form):
    code = forms.ModelChoiceField(queryset=BillingCode.objects.filter(active=True), label="Procedure code")
    modifiers = forms.CharField(max_length=20, required=False, help_text="Space-separated, e.g. GN TM.")
    place_of_service = forms.CharField(max_length=2, initial="03", help_text="03 = school.")


class DiagnosisForm(forms.Form):
    code = forms.CharField(label="ICD-10 code", max_length=8, help_text="e.g. F80.0")
    description = forms.CharField(max_length=200, required=False)
    start_date = BoundedDateField(label="In effect from", widget=DATE)
    end_date = BoundedDateField(label="Until", widget=DATE, required=False)


class NoteRuleForm(forms.Form):
    area = forms.CharField(label="Service area", max_length=80, required=False,
                           widget=forms.TextInput(attrs={"list": "note-areas"}),
                           help_text="As the IEP names it, e.g. Speech-language. Empty: every area "
                                     "without a rule of its own.")
    require_activity = forms.BooleanField(label="The activity (“Activity:”)", required=False)
    require_response = forms.BooleanField(label="The student's response (“Response:”)", required=False)
    require_progress = forms.BooleanField(label="Progress toward the goals (“Progress:”)", required=False)
    min_words = forms.IntegerField(label="Words each part needs", min_value=0, max_value=50, initial=3,
                                   error_messages={"max_value": "Ask for at most 50 words a part.",
                                                   "min_value": "Use 0 or more words."},
                                   help_text="With no part asked for: the words the whole note needs.")


class MedicaidIdForm(forms.Form):
    number = forms.CharField(label="Medicaid ID", max_length=24,
                             widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
                             help_text="As on the family's Medicaid card or the state's eligibility file. "
                                       "Spaces and dashes are taken out.")


class ConsentForm(forms.Form):
    given_on = BoundedDateField(label="Date on the signed consent", widget=DATE)


class RevokeForm(forms.Form):
    revoked_on = BoundedDateField(label="Revoked on", widget=DATE)


class NoticeForm(forms.Form):
    sent_on = BoundedDateField(label="Notice sent on", widget=DATE)


class ProfileForm(forms.Form):
    """Columns one a line as `Heading = field`; code mappings one a line as `field: value = mapped`."""

    name = forms.CharField(max_length=80)
    description = forms.CharField(max_length=300, required=False)
    columns = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}),
                              help_text="One column a line, in order: Heading = field "
                                        "(or Heading = text:FIXED).")
    date_format = forms.CharField(max_length=20, initial="%m/%d/%Y",
                                  help_text="%Y year, %m month, %d day: %m/%d/%Y gives 01/31/2027.")
    code_map = forms.CharField(label="Code mappings", required=False,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="One a line: field: value = what the file says "
                                         "(place_of_service: 03 = SCH).")

    def clean_columns(self) -> list[dict[str, str]]:
        columns = []
        for n, line in enumerate(self.cleaned_data["columns"].splitlines(), start=1):
            if not line.strip():
                continue
            header, sep, field = line.partition("=")
            field = field.strip()
            if not sep or not header.strip() or not field:
                raise forms.ValidationError(f"Line {n}: write Heading = field, "
                                            "e.g. Rendering NPI = provider_npi.")
            if field not in FIELDS and not field.startswith("text:"):
                raise forms.ValidationError(f"Line {n}: “{field}” is not a field the export knows "
                                            "(see the list of fields below).")
            columns.append({"header": header.strip(), "field": field})
        if not columns:
            raise forms.ValidationError("A layout needs at least one column.")
        return columns

    def clean_code_map(self) -> dict[str, dict[str, str]]:
        mapping: dict[str, dict[str, str]] = {}
        for n, line in enumerate(self.cleaned_data["code_map"].splitlines(), start=1):
            if not line.strip():
                continue
            field, sep, pair = line.partition(":")
            value, eq, mapped = pair.partition("=")
            if not sep or not eq or field.strip() not in FIELDS:
                raise forms.ValidationError(f"Line {n}: write field: value = mapped, "
                                            "e.g. place_of_service: 03 = SCH.")
            mapping.setdefault(field.strip(), {})[value.strip()] = mapped.strip()
        return mapping


def profile_initial(profile: ExportProfile) -> dict[str, Any]:
    return {
        "name": profile.name, "description": profile.description, "date_format": profile.date_format,
        "columns": "\n".join(f"{c['header']} = {c['field']}" for c in profile.columns),
        "code_map": "\n".join(f"{f}: {v} = {m}" for f, pairs in (profile.code_map or {}).items()
                              for v, m in pairs.items()),
    }
