from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esy.models import WEEKDAY_NAMES, EsyDecision, EsySession
from iep_portal.bounds import BoundedDateField
from services.forms import RequirementForm
from students.models import School


class DecisionForm(forms.Form):
    status = forms.ChoiceField(choices=EsyDecision.Status.choices, widget=forms.RadioSelect,
                               label=_("Does the student need extended school year services?"))
    decided_on = BoundedDateField(widget=forms.DateInput(attrs={"type": "date"}),
                                  label=_("Date of the team's decision"))
    basis = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=4000, label=_("Basis for the decision"),
        help_text=_("The data the team used: regression over breaks and how long recoupment took, "
                    "emerging skills at a critical point, the nature or severity of the "
                    "disability, progress on goals."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


class EsyLineForm(RequirementForm):
    """A service line delivered during the ESY session; its dates default to the session's."""

    def __init__(self, *args: Any, session: EsySession | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if session is not None:
            self.fields["start_date"].initial = session.start_date
            self.fields["end_date"].initial = session.end_date


class SessionForm(forms.Form):
    school = forms.ChoiceField(label=_("For"))
    name = forms.CharField(max_length=60, help_text=_("e.g. Summer 2027"))
    start_date = BoundedDateField(widget=forms.DateInput(attrs={"type": "date"}), label=_("First day"))
    end_date = BoundedDateField(widget=forms.DateInput(attrs={"type": "date"}), label=_("Last day"))
    weekdays = forms.TypedMultipleChoiceField(
        choices=[(i, n) for i, n in enumerate(WEEKDAY_NAMES)], coerce=int,
        widget=forms.CheckboxSelectMultiple, label=_("Meets on"), initial=[0, 1, 2, 3])
    closures = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Days with no session"),
        help_text=_("One a line, a date and a reason: 2027-07-05 Independence Day (observed)."))

    def __init__(self, *args: Any, schools: list[School], district: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Every school (district session)"))] if district else []
        field = cast(forms.ChoiceField, self.fields["school"])
        field.choices = choices + [(str(s.pk), s.name) for s in schools]
        self.fields["school"].required = not district
        self._schools = {str(s.pk): s for s in schools}

    def clean_school(self) -> School | None:
        value = self.cleaned_data["school"]
        return self._schools[value] if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        found: dict[dt.date, str] = {}
        for number, line in enumerate((data.get("closures") or "").splitlines(), start=1):
            if not line.strip():
                continue
            raw, _sep, reason = line.strip().partition(" ")
            try:
                day = dt.date.fromisoformat(raw)
            except ValueError:
                self.add_error("closures", _("Line %(n)s: “%(raw)s” is not a date like 2027-07-05.")
                               % {"n": number, "raw": raw})
                continue
            if start and end and not start <= day <= end:
                self.add_error("closures", _("Line %(n)s: %(day)s is outside the session.")
                               % {"n": number, "day": f"{day:%b %-d, %Y}"})
                continue
            found[day] = reason.strip()
        data["closure_days"] = sorted(found.items())
        return data
