from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from behavior.actions import MAX_SCHOOL_DAYS
from behavior.models import PatternDetermination, Removal
from iep_portal.bounds import BoundedDateField

PORTIONS = [
    (Decimal("1.00"), _("The whole school day")),
    (Decimal("0.75"), _("Three quarters of the day")),
    (Decimal("0.50"), _("Half the day")),
    (Decimal("0.25"), _("A quarter of the day")),
]


class RemovalForm(forms.Form):
    start_date = BoundedDateField(widget=forms.DateInput(attrs={"type": "date"}),
                                  label=_("First school day of the removal"))
    school_days = forms.IntegerField(
        min_value=1, max_value=MAX_SCHOOL_DAYS, required=False, label=_("Number of school days"),
        help_text=_("Or give the last day below. Weekends and closures are skipped: they are not "
                    "school days."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    end_date = BoundedDateField(widget=forms.DateInput(attrs={"type": "date"}), required=False,
                                label=_("Or the last day of the removal"))
    setting = forms.ChoiceField(choices=Removal.Setting.choices, widget=forms.RadioSelect,
                                label=_("Where"))
    portion = forms.TypedChoiceField(choices=PORTIONS, coerce=Decimal, initial=Decimal("1.00"),
                                     label=_("How much of each day"))
    services_continued = forms.BooleanField(
        required=False, label=_("In-school only: services continued"),
        help_text=_("The student kept receiving IEP services, progressing in the general curriculum "
                    "and taking part with peers as in the current placement. Such a day is not "
                    "counted as a removal."))
    reason = forms.CharField(
        max_length=300, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What happened, as the discipline record says it, e.g. “Fighting in the "
                    "cafeteria (code of conduct 4.2)”."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (not self.has_error("school_days") and not self.has_error("end_date")
                and data.get("school_days") is None and data.get("end_date") is None):
            self.add_error("school_days", _("Give the number of school days or the last day."))
        if data.get("services_continued") and data.get("setting") == Removal.Setting.OUT_OF_SCHOOL:
            self.add_error("services_continued",
                           _("Only an in-school removal can continue the student's services."))
        return data


class PatternForm(forms.Form):
    outcome = forms.ChoiceField(choices=PatternDetermination.Outcome.choices, widget=forms.RadioSelect,
                                label=_("Do the removals form a pattern?"))
    basis = forms.CharField(
        max_length=4000, label=_("On what basis"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Is the behavior substantially similar to the earlier removals'? How long was "
                    "each removal, what is the total, and how close together are they?"))
    determined_on = BoundedDateField(widget=forms.DateInput(attrs={"type": "date"}),
                                     label=_("Determined on"))
