from __future__ import annotations

from django import forms
from django.utils import timezone

from iep_portal.bounds import BoundedDateField


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", "min": timezone.localdate().isoformat()})


class PlanForm(forms.Form):
    target_date = BoundedDateField(label="Target date", help_text="A school day, today or later.")
    minutes = forms.IntegerField(
        label="Minutes", min_value=1, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=200,
        help_text="Optional: when or where, e.g. “before school, room 114”.",
    )

    def __init__(self, *args: object, session_length: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["target_date"].widget = _date_widget()
        self.fields["minutes"].initial = session_length


class RescheduleForm(forms.Form):
    target_date = BoundedDateField(label="New target date", help_text="A school day, today or later.")
    reason = forms.CharField(label="Why does it move?", max_length=300)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["target_date"].widget = _date_widget()


class CancelForm(forms.Form):
    reason = forms.CharField(label="Why is it cancelled?", max_length=300, help_text="The minutes stay owed.")
