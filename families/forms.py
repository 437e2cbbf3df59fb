from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import Guardian
from iep_portal.bounds import BoundedDateField
from students.models import ParentContact


class GuardianForm(forms.ModelForm):
    class Meta:
        model = Guardian
        fields = [
            "relationship", "first_name", "last_name", "educational_rights", "surrogate_appointed_on",
            "email", "phone", "address", "language", "language_other", "channel",
        ]
        field_classes = {"surrogate_appointed_on": BoundedDateField}
        widgets = {
            "surrogate_appointed_on": forms.DateInput(attrs={"type": "date"}),
            "address": forms.Textarea(attrs={"rows": 2}),
        }


class GuardianContactForm(forms.Form):
    """A family contact with one of the student's guardians, or with someone else by name."""

    contacted_on = BoundedDateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label="How", choices=[
        c for c in ParentContact.Channel.choices if c[0] != ParentContact.Channel.PORTAL])
    guardian = forms.ModelChoiceField(
        label="Who you spoke with", queryset=Guardian.objects.none(), required=False,
        empty_label="Someone else (type their name below)",
    )
    family_member = forms.CharField(label="Someone else's name", max_length=120, required=False,
                                    help_text="Only when it was not one of the guardians listed.")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, guardians: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guardian"].queryset = guardians  # type: ignore[attr-defined]
        today = timezone.localdate()
        self.fields["contacted_on"].initial = today
        self.fields["contacted_on"].widget.attrs["max"] = today.isoformat()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("guardian") and not (data.get("family_member") or "").strip():
            self.add_error("family_member", "Choose a guardian, or type the name of who you spoke with.")
        return data


class PortalMessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=120)
    body = forms.CharField(label=_("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
