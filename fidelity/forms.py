from __future__ import annotations

from django import forms


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
