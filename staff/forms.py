from __future__ import annotations

from django import forms

from iep_portal.models import User
from students.models import School


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address")
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    # No default: inviting someone as a district administrator must be a deliberate choice.
    # Guardians are invited from their child's record (families), never as staff.
    role = forms.ChoiceField(choices=[
        ("", "Choose a role…"), *(c for c in User.Role.choices if c[0] != User.Role.GUARDIAN),
    ])
    title = forms.CharField(max_length=80, required=False, help_text="e.g. Speech-language pathologist")
    schools = forms.ModelMultipleChoiceField(
        queryset=School.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
