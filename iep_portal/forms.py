from __future__ import annotations

from django import forms

from iep_portal.models import User
from students.models import School


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address")
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    # No default: inviting someone as a district administrator must be a deliberate choice.
    role = forms.ChoiceField(choices=[("", "Choose a role…"), *User.Role.choices])
    title = forms.CharField(max_length=80, required=False, help_text="e.g. Speech-language pathologist")
    schools = forms.ModelMultipleChoiceField(
        queryset=School.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )


class AccessLogSearchForm(forms.Form):
    student = forms.CharField(required=False, label="Student name or ID")
    user = forms.CharField(required=False, label="Staff name or email")
    date_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The start date must be on or before the end date.")
        return data
