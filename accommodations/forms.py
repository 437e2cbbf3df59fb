from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from accommodations.models import ImplementationCheck, Support, SupportReview
from iep_portal.bounds import BoundedDateField


class DateInput(forms.DateInput):
    input_type = "date"


class SupportForm(forms.ModelForm):
    subjects = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple,
        help_text="When it applies to chosen subjects: which ones.",
    )

    class Meta:
        model = Support
        fields = ["kind", "category", "text", "how_to", "scope", "subjects", "frequency", "start_date"]
        field_classes = {"start_date": BoundedDateField}
        widgets = {
            "kind": forms.RadioSelect,
            "how_to": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput,
        }

    def __init__(self, *args: Any, subjects: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        known = sorted(set(subjects or []) | set(self.instance.subjects or []))
        cast(forms.ChoiceField, self.fields["subjects"]).choices = [(s, s) for s in known]
        self.fields["category"].required = False
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            ("", "— (not for strategies)"), *Support.Category.choices
        ]


class SupportEndForm(forms.Form):
    end_date = BoundedDateField(
        label="Last day it applies", widget=DateInput, initial=timezone.localdate
    )


class PeriodForm(forms.Form):
    start = BoundedDateField(label="From", widget=DateInput, required=False)
    end = BoundedDateField(label="To", widget=DateInput, required=False)

    def period(self, default_start: dt.date, default_end: dt.date) -> tuple[dt.date, dt.date]:
        if not self.is_valid():
            return default_start, default_end
        start = self.cleaned_data["start"] or default_start
        end = self.cleaned_data["end"] or default_end
        return (start, end) if start <= end else (end, start)


class ReviewForm(forms.ModelForm):
    """A support review: use, adult help and the proposed adjustment (all three asked)."""

    used = forms.ChoiceField(label="When it was offered, the student used it",
                             choices=SupportReview.Use.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Say how often the student used the support."})
    prompting = forms.ChoiceField(label="How much adult help the student needed",
                                  choices=SupportReview.Prompting.choices, widget=forms.RadioSelect,
                                  error_messages={"required": "Say how much help the student needed."})
    adjustment = forms.ChoiceField(label="What you propose", choices=SupportReview.Adjustment.choices,
                                   widget=forms.RadioSelect,
                                   error_messages={"required": "Say what you propose: keep, fade, change, "
                                                               "add or drop."})

    class Meta:
        model = SupportReview
        fields = ["used", "prompting", "adjustment", "comment"]
        labels = {"comment": "What you see (optional)"}


class CheckDayForm(forms.Form):
    """The day on My classes (today by default; earlier days to catch up, never later). A day
    outside the product's range (iep_portal.bounds) in the address shows today."""

    date = BoundedDateField(required=False, widget=DateInput)

    def day(self) -> dt.date:
        today = timezone.localdate()
        if self.is_valid() and self.cleaned_data["date"]:
            chosen: dt.date = self.cleaned_data["date"]
            return min(chosen, today)
        return today


# "Student absent" is for the whole class meeting: the student's own button, not a support's.
OTHER_OUTCOMES = [
    (o.value, o.label) for o in ImplementationCheck.Outcome
    if o not in {ImplementationCheck.Outcome.PROVIDED, ImplementationCheck.Outcome.ABSENT}
]
