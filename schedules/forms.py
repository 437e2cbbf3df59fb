from __future__ import annotations

from typing import Any

from django import forms

from iep_portal.bounds import BoundedDateField
from schedules import calendar_import
from schedules.models import MAX_EARLY_RELEASE_MINUTES
from students.models import Closure


class DateInput(forms.DateInput):
    input_type = "date"


def _date(label: str) -> BoundedDateField:
    return BoundedDateField(label=label, widget=DateInput)


class CalendarForm(forms.Form):
    name = forms.CharField(max_length=60, help_text="The school year, e.g. 2026-27.")
    start_date = _date("First day of school")
    end_date = _date("Last day of school")


class DatesForm(forms.Form):
    start_date = _date("First day of school")
    end_date = _date("Last day of school")


class ClosureForm(forms.Form):
    date = _date("Day")
    kind = forms.ChoiceField(choices=Closure.Kind.choices, initial=Closure.Kind.HOLIDAY)
    reason = forms.CharField(max_length=200, required=False, help_text="e.g. Thanksgiving break, snow day.")


class EarlyReleaseForm(forms.Form):
    date = _date("Day")
    minutes = forms.IntegerField(
        min_value=1, max_value=MAX_EARLY_RELEASE_MINUTES, label="Minutes early",
        help_text="How many minutes earlier than usual students leave. Services are still owed in full.",
    )
    reason = forms.CharField(max_length=200, required=False, help_text="e.g. Parent-teacher conferences.")


class OverrideForm(forms.Form):
    day = _date("Day")
    letter = forms.ChoiceField(label="Day letter")
    reason = forms.CharField(max_length=200, required=False, help_text="e.g. Make up Monday's schedule.")

    def __init__(self, *args: Any, letters: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["letter"].choices = [(x, x) for x in letters]  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="A CSV (date, kind, label, minutes, letter) or an iCalendar (.ics) file.",
    )
    default_kind = forms.ChoiceField(
        label="iCalendar events that say neither", initial=calendar_import.SKIP,
        choices=[(calendar_import.SKIP, "Leave them out"), (calendar_import.CLOSURE, "Closures"),
                 (calendar_import.EARLY_RELEASE, "Early releases")],
        help_text="An event called “No school” or “Winter break” is a closure, one called “Early "
                  "release” an early release; this is for the rest (“Staff meeting”, “Picture day”).",
    )
    default_minutes = forms.IntegerField(
        min_value=1, max_value=MAX_EARLY_RELEASE_MINUTES, initial=120, label="Minutes early",
        help_text="For an iCalendar early release whose summary does not say "
                  "(“Early dismissal 90 min” does).",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > calendar_import.MAX_BYTES:
            raise forms.ValidationError("The file is larger than a school calendar can be (512 KB).")
        return upload


class GradingPeriodForm(forms.Form):
    name = forms.CharField(max_length=60, help_text="e.g. Quarter 1, Trimester 2.")
    start_date = _date("First day")
    end_date = _date("Last day")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The last day cannot come before the first.")
        return data
