"""The team page's forms: add a member, take one off, hand over case management."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from iep_portal.bounds import BoundedDateField
from iep_portal.models import User
from lifecycle.models import IEPExit
from students.models import TeamMember


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.get_role_display()})"


class MemberAddForm(forms.Form):
    user = PersonChoice(queryset=User.objects.none(), label="Person to add",
                        help_text="Staff of the student's school who are not on the team yet.")
    role = forms.ChoiceField(choices=TeamMember.Role.choices, label="Role on the team")
    reason = forms.CharField(max_length=300, required=False, label="Why (optional)",
                             widget=forms.TextInput(
                                 attrs={"placeholder": "e.g. speech added at the annual review"}))

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "add-%s")  # three forms on one page: ids of their own
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people  # type: ignore[attr-defined]


class MemberRemoveForm(forms.Form):
    reason = forms.CharField(max_length=300, label="Why they leave the team",
                             widget=forms.TextInput(attrs={"placeholder": "e.g. moved to another school"}))
    effective_on = BoundedDateField(label="Effective", widget=_date_widget(), initial=timezone.localdate)


class HandOverForm(forms.Form):
    to = PersonChoice(queryset=User.objects.none(), label="New case manager")
    effective_on = BoundedDateField(label="Effective", widget=_date_widget(), initial=timezone.localdate)
    reason = forms.CharField(max_length=300, label="Why",
                             widget=forms.TextInput(
                                 attrs={"placeholder": "e.g. caseloads rebalanced for the semester"}))

    def __init__(self, *args: Any, case_managers: QuerySet[User], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "hand-%s")
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = case_managers  # type: ignore[attr-defined]


class CaseloadHandOverForm(HandOverForm):
    ieps = forms.TypedMultipleChoiceField(coerce=int, label="Students", widget=forms.CheckboxSelectMultiple,
                                          error_messages={"required": "Choose at least one student."})

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_%s")
        super().__init__(*args, **kwargs)
        self.fields["ieps"].choices = choices  # type: ignore[attr-defined]
        self.order_fields(["ieps", "to", "effective_on", "reason"])


class LineProviderForm(forms.Form):
    provider = PersonChoice(queryset=User.objects.none(), label="Delivered by")

    def __init__(self, *args: Any, providers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]


class GoalCollectorsForm(forms.Form):
    collectors = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), label="Collects data", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "A goal needs at least one person who collects its data."})

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collectors"].queryset = people  # type: ignore[attr-defined]


class ExitForm(forms.Form):
    reason = forms.ChoiceField(choices=[("", "---------"), *IEPExit.Reason.choices],
                               label="Why the student leaves")
    exit_date = BoundedDateField(label="Exit date", widget=_date_widget(), initial=timezone.localdate)
    note = forms.CharField(max_length=500, label="What documents it",
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="e.g. prior written notice given Nov 30; records sent to the new "
                                     "district.")
