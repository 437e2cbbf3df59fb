from __future__ import annotations

from django import forms
from django.utils import timezone

from iep_portal.bounds import BoundedDateField
from students.models import ParentContact


class ParentContactForm(forms.ModelForm):
    class Meta:
        model = ParentContact
        fields = ["contacted_on", "channel", "family_member", "summary"]
        field_classes = {"contacted_on": BoundedDateField}
        labels = {"contacted_on": "Date", "channel": "How", "family_member": "Who you spoke with"}
        widgets = {
            "contacted_on": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["contacted_on"].initial = timezone.localdate()
        self.fields["contacted_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        # A portal message is logged by the portal itself, never typed in by staff.
        channel = self.fields["channel"]
        channel.choices = [c for c in channel.choices if c[0] != ParentContact.Channel.PORTAL]  # type: ignore[attr-defined]


class StudentSearchForm(forms.Form):
    q = forms.CharField(required=False, label="Find a student", max_length=100)
