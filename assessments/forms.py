from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from assessments.actions import SessionSpec
from assessments.models import AssessmentWindow
from iep_portal.bounds import BoundedDateField
from students.models import Section


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class SectionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        teacher = obj.teacher.get_full_name() if obj.teacher else "no teacher"
        return f"{obj} · {obj.school.code} · {teacher}"


class WindowForm(forms.ModelForm):
    """A window. For a teacher (`schools` empty) only a unit test for one of their classes."""

    section = SectionChoice(queryset=Section.objects.none(), required=False, label="Class")

    class Meta:
        model = AssessmentWindow
        fields = ["name", "kind", "scope", "school", "section", "subject", "first_day", "last_day"]
        field_classes = {"first_day": BoundedDateField, "last_day": BoundedDateField}
        widgets = {"first_day": DateInput, "last_day": DateInput, "scope": forms.RadioSelect}

    def __init__(self, *args: Any, schools: Any, sections: Any, district: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.teacher_only = not schools.exists()
        cast(forms.ModelChoiceField, self.fields["school"]).queryset = schools
        cast(forms.ModelChoiceField, self.fields["section"]).queryset = sections
        scope = cast(forms.ChoiceField, self.fields["scope"])
        if self.teacher_only:
            for name in ("kind", "scope", "school"):
                del self.fields[name]
            self.fields["section"].required = True
            self.fields["subject"].widget = forms.HiddenInput()
        elif not district:
            district_scope = AssessmentWindow.Scope.DISTRICT
            scope.choices = [c for c in AssessmentWindow.Scope.choices if c[0] != district_scope]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.teacher_only:
            data["kind"], data["scope"] = AssessmentWindow.Kind.UNIT, AssessmentWindow.Scope.SECTION
            data["school"] = None
        section = data.get("section")
        if data.get("scope") == AssessmentWindow.Scope.SECTION:
            if section is None:
                self.add_error("section", "Choose the class.")
            else:
                data["school"] = section.school
        return data

    def _post_clean(self) -> None:
        # The model is checked in full by the write functions (actions.window_create/update).
        pass


class SessionForm(forms.Form):
    day = BoundedDateField(required=False, widget=DateInput)
    starts_at = forms.TimeField(required=False, widget=TimeInput, label="Starts")
    ends_at = forms.TimeField(required=False, widget=TimeInput, label="Ends")
    label = forms.CharField(required=False, max_length=80, label="Session",
                            widget=forms.TextInput(attrs={"placeholder": "e.g. Session 1"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("day") and (data.get("starts_at") or data.get("ends_at") or data.get("label")):
            raise ValidationError("Give the session's day.")
        if data.get("ends_at") and not data.get("starts_at"):
            raise ValidationError("Give the time the session starts.")
        if data.get("ends_at") and data.get("starts_at") and data["ends_at"] <= data["starts_at"]:
            raise ValidationError("A session ends after it starts.")
        return data


SessionFormSet = forms.formset_factory(SessionForm, extra=3, max_num=20, absolute_max=20)


def session_specs(formset: Any) -> list[SessionSpec]:
    return [
        SessionSpec(day=f.cleaned_data["day"], starts_at=f.cleaned_data.get("starts_at"),
                    ends_at=f.cleaned_data.get("ends_at"), label=f.cleaned_data.get("label", ""))
        for f in formset.forms if f.cleaned_data.get("day")
    ]

