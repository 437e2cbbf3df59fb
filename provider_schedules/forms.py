from __future__ import annotations

from typing import Any

from django import forms

from iep_portal.bounds import BoundedDateField
from provider_schedules.models import ORDINALS, WEEKDAY_NAMES, SessionPlan
from services.models import ServiceRequirement, ServiceSession


class PlanForm(forms.Form):
    requirements = forms.TypedMultipleChoiceField(
        label="Students", coerce=int, widget=forms.CheckboxSelectMultiple,
        help_text="One student, or several for a group (each student's own service line).")
    label = forms.CharField(label="Name", required=False, max_length=80,
                            help_text="Optional, e.g. “Articulation group”.")
    weekdays = forms.TypedMultipleChoiceField(
        label="Weekdays", coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        choices=list(enumerate(WEEKDAY_NAMES)))
    day_letters = forms.CharField(
        label="Day letters", required=False, max_length=60,
        help_text="Optional, for a school with A/B or numbered days: e.g. “A” or “1, 4”.")
    frequency = forms.ChoiceField(label="How often", choices=SessionPlan.Frequency.choices)
    week_of_month = forms.TypedChoiceField(
        label="Which week of the month", required=False, coerce=int, empty_value=None,
        choices=[("", "—"), *[(n, f"The {word}") for n, word in ORDINALS.items()]],
        help_text="Monthly sessions only: the first Tuesday, the last Friday…")
    start_time = forms.TimeField(label="Start time", widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(label="Minutes", min_value=1, max_value=480,
                                 widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    start_date = BoundedDateField(label="First day", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = BoundedDateField(label="Last day", required=False,
                                widget=forms.DateInput(attrs={"type": "date"}),
                                help_text="Optional: blank runs until the services end.")

    def __init__(self, *args: Any, lines: list[ServiceRequirement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requirements"].choices = [  # type: ignore[attr-defined]
            (r.pk, f"{r.iep.student} — {r.area} ({r.summary})") for r in lines]

    def clean_day_letters(self) -> list[str]:
        raw = self.cleaned_data.get("day_letters") or ""
        return [x.strip() for x in raw.replace("/", ",").split(",") if x.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("weekdays") and not data.get("day_letters") and "weekdays" not in self.errors:
            self.add_error("weekdays", "Choose the weekdays (or day letters) it meets.")
        return data


STATUSES = [(value, label) for value, label in ServiceSession.Status.choices
            if value != ServiceSession.Status.MAKEUP]


class ScheduledLogForm(forms.Form):
    """One row per scheduled student: what happened (delivered unless changed), why, a note."""

    certify = forms.BooleanField(label="I delivered these sessions and certify them", required=False,
                                 initial=True)
    late_reason = forms.CharField(label="Why is this entered late?", required=False, max_length=300)

    def __init__(self, *args: Any, requirements: list[ServiceRequirement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requirements = requirements
        for r in requirements:
            self.fields[f"status_{r.pk}"] = forms.ChoiceField(
                label=f"What happened for {r.iep.student}", choices=STATUSES,
                initial=ServiceSession.Status.DELIVERED)
            self.fields[f"reason_{r.pk}"] = forms.CharField(
                label="Why (when missed)", required=False, max_length=200)
            self.fields[f"note_{r.pk}"] = forms.CharField(
                label="Note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def students(self) -> list[dict[str, Any]]:
        return [{"requirement": r, "student": r.iep.student, "status": self[f"status_{r.pk}"],
                 "reason": self[f"reason_{r.pk}"], "note": self[f"note_{r.pk}"]} for r in self.requirements]
