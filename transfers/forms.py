"""The transfer forms: record an arrival, decide on an evaluation, close the transfer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from iep_portal.bounds import BoundedDateField
from iep_portal.languages import family_languages
from iep_portal.models import User
from students.models import IEP, School
from transfers.models import TransferIn


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, **kwargs: Any) -> BoundedDateField:
    return BoundedDateField(label=label, widget=_date_widget(), **kwargs)


class RecordForm(forms.Form):
    school = forms.ModelChoiceField(queryset=School.objects.none(), label="Enrolling school")
    student_number = forms.CharField(max_length=40, label="Student ID", help_text=(
        "The ID this district gave the student. If the roster has the student already, the transfer "
        "attaches to that record."))
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    date_of_birth = _date("Date of birth")
    grade = forms.CharField(max_length=10, help_text="e.g. K, 1 ... 12")
    family_language = forms.ChoiceField(choices=family_languages, label="Language the family reads")
    sending_district = forms.CharField(max_length=200, label="Sending district",
                                       widget=forms.TextInput(attrs={"placeholder": "e.g. Rockford Public "
                                                                                    "Schools District 205"}))
    sending_state = forms.CharField(max_length=2, label="State", help_text="Two-letter postal code.",
                                    widget=forms.TextInput(attrs={"size": 3, "autocapitalize": "characters"}))
    in_state = forms.TypedChoiceField(
        label="Where from", coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", "A district in this state (34 CFR 300.323(e))"),
                 ("no", "Another state (34 CFR 300.323(f)): an evaluation decision is needed")])
    enrolled_on = _date("Enrolled here", initial=timezone.localdate)
    iep_received_on = _date("IEP received", initial=timezone.localdate)
    received_meeting_date = _date("Meeting that wrote the sending IEP")
    received_annual_review_due = _date("Its annual review due")
    received_last_evaluation = _date("The sending district's last evaluation", required=False)
    received_reevaluation_due = _date("Its reevaluation due", required=False)
    received_note = forms.CharField(
        required=False, label="About the IEP received", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Eligibility, the services and supports it lists, what records came with it.")
    case_manager = forms.ModelChoiceField(queryset=User.objects.none(), label="Case manager here")

    def __init__(self, *args: Any, schools: QuerySet[School], case_managers: QuerySet[User],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]
        self.fields["case_manager"].queryset = case_managers  # type: ignore[attr-defined]
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk


class EvaluationForm(forms.Form):
    evaluation = forms.ChoiceField(choices=TransferIn.Evaluation.choices, widget=forms.RadioSelect,
                                   label="Decision")
    decided_on = _date("Decided on", initial=timezone.localdate)
    basis = forms.CharField(max_length=500, label="Basis", widget=forms.Textarea(attrs={"rows": 2}),
                            help_text="e.g. the sending evaluation is 2 years old and covers every area "
                                      "of need; the parent agrees.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "eval-%s")
        super().__init__(*args, **kwargs)


class IEPChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"IEP from {obj.start_date:%b %-d, %Y} ({obj.get_status_display().lower()})"


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(choices=TransferIn.Outcome.choices, widget=forms.RadioSelect,
                                label="How it ends")
    new_iep = IEPChoice(queryset=IEP.objects.none(), required=False, label="The new IEP")
    closed_on = _date("Decided on", initial=timezone.localdate)
    note = forms.CharField(max_length=500, required=False, label="Note",
                           widget=forms.TextInput(attrs={"placeholder": "e.g. adopted at the meeting "
                                                                        "with the parent on Dec 3"}))

    def __init__(self, *args: Any, new_ieps: list[IEP], in_state: bool, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "close-%s")
        super().__init__(*args, **kwargs)
        self.fields["new_iep"].queryset = IEP.objects.filter(  # type: ignore[attr-defined]
            pk__in=[i.pk for i in new_ieps])
        # Only what can be chosen: adopting is for a transfer within the state, a new IEP once
        # one is in the portal.
        allowed = {TransferIn.Outcome.ADOPTED} if in_state else set()
        if new_ieps:
            allowed.add(TransferIn.Outcome.NEW_IEP)
        else:
            del self.fields["new_iep"]
        self.fields["outcome"].choices = [c for c in TransferIn.Outcome.choices  # type: ignore[attr-defined]
                                          if c[0] in allowed]
        if len(allowed) == 1:
            self.fields["outcome"].initial = next(iter(allowed))
