from __future__ import annotations

from typing import Any

from django import forms

from fidelity.access import schools_for
from fidelity.deadlines import KINDS
from fidelity.figures import PERIOD_CHOICES
from iep_portal.bounds import BoundedDateField, period_in_range
from iep_portal.models import User
from students.models import IEP, School, Student

DATE = forms.DateInput(attrs={"type": "date"})


class AccessLogSearchForm(forms.Form):
    student = forms.CharField(required=False, label="Student name or ID")
    user = forms.CharField(required=False, label="Staff name or email")
    date_from = BoundedDateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = BoundedDateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The start date must be on or before the end date.")
        return data


# Fidelity and deadlines for IEPs, 504 plans, or both.
PLAN_CHOICES = [("", "IEPs and 504 plans"), *IEP.Kind.choices]


class ScopeForm(forms.Form):
    period = forms.ChoiceField(choices=PERIOD_CHOICES, required=False, label="Period")
    start = BoundedDateField(required=False, widget=DATE, label="From")
    end = BoundedDateField(required=False, widget=DATE, label="To")
    school = forms.ModelChoiceField(queryset=School.objects.none(), required=False,
                                    empty_label="All my schools", label="School")
    plan = forms.ChoiceField(choices=PLAN_CHOICES, required=False, label="Plan")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_for(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") == "custom":
            if not data.get("start") or not data.get("end"):
                raise forms.ValidationError("Choose both dates for a custom period.")
            # Every week of the range is computed: a span of centuries took minutes of CPU.
            period_in_range(data["start"], data["end"])
        return data


class DeadlineForm(forms.Form):
    school = forms.ModelChoiceField(queryset=School.objects.none(), required=False,
                                    empty_label="All my schools")
    plan = forms.ChoiceField(choices=PLAN_CHOICES, required=False, label="Plan")
    case_manager = forms.ModelChoiceField(queryset=User.objects.none(), required=False,
                                          empty_label="All case managers and 504 coordinators")
    kind = forms.ChoiceField(choices=[("", "All deadlines"), *KINDS.items()], required=False,
                             label="Deadline")
    within = forms.TypedChoiceField(
        choices=[(30, "30 days"), (60, "60 days"), (90, "90 days"), (180, "180 days")],
        coerce=int, required=False, initial=60, label="Upcoming within",
        empty_value=60,  # type: ignore[arg-type]  # stubs: str-only empty_value
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_for(user)  # type: ignore[attr-defined]
        managers = IEP.objects.active().filter(student__in=Student.objects.visible_to(user))
        self.fields["case_manager"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=managers.values("case_manager")
        ).order_by("last_name", "first_name")


class PacketForm(forms.Form):
    start = BoundedDateField(widget=DATE, label="From")
    end = BoundedDateField(widget=DATE, label="To")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The start date must be on or before the end date.")
        return data
