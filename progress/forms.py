from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iep_portal.bounds import BoundedDateField
from iep_portal.languages import family_languages
from progress.models import DataPoint, Goal, GoalDecision, ProgressReport, ReportingSchedule

if TYPE_CHECKING:
    from iep_portal.models import User

DATE = forms.DateInput(attrs={"type": "date"})


class GoalForm(forms.ModelForm):
    collectors: forms.ModelMultipleChoiceField[User] = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Who collects data"),
        help_text=_("The case manager, team members and the student's teachers can collect."),
    )

    class Meta:
        model = Goal
        fields = [
            "area",
            "annual_goal",
            "measure",
            "unit",
            "rubric_max",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "collection_interval_days",
            "short_term_objectives",
        ]
        field_classes = {"baseline_date": BoundedDateField, "target_date": BoundedDateField}
        widgets = {
            "baseline_date": DATE,
            "target_date": DATE,
            "annual_goal": forms.Textarea(attrs={"rows": 3}),
            "short_term_objectives": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collectors"].queryset = people  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        # Validation of the whole goal happens in progress.actions (one place, one message).
        pass


class DataPointForm(forms.Form):
    date = BoundedDateField(label=_("Date"), widget=DATE)
    value = forms.DecimalField(
        label=_("Value"),
        max_digits=8,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    correct = forms.IntegerField(label=_("Trials correct"), min_value=0, max_value=1000, required=False)
    total = forms.IntegerField(label=_("Trials in all"), min_value=1, max_value=1000, required=False)
    setting = forms.ChoiceField(label=_("Setting"), choices=DataPoint.Setting.choices)
    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False)
    late_reason = forms.CharField(
        label=_("Why it is entered late"),
        max_length=300,
        required=False,
        help_text=_(
            "Needed only when the data are entered more than %(n)s school days after the "
            "day they were collected."
        ),
    )
    collected_by: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Collected by"),
        empty_label=_("Me"),
        help_text=_(
            "Who took these data, if someone else did (you are recorded as the one who entered them)."
        ),
    )
    return_to = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        goal: Goal,
        default_setting: str = DataPoint.Setting.SPECIAL_ED,
        collectors: Any = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("date", timezone.localdate())
        kwargs["initial"].setdefault("setting", default_setting)
        super().__init__(*args, **kwargs)
        self.goal = goal
        self.fields["late_reason"].help_text = str(self.fields["late_reason"].help_text) % {
            "n": settings.EVIDENCE_LATE_AFTER_SCHOOL_DAYS
        }
        # Entering someone else's data sheet: only on the data-point page, among the goal's
        # other collectors.
        if collectors is None:
            del self.fields["collected_by"]
        else:
            self.fields["collected_by"].queryset = collectors  # type: ignore[attr-defined]
        if goal.is_trials:
            del self.fields["value"]
            self.fields["correct"].required = True
            self.fields["total"].required = True
        else:
            del self.fields["correct"]
            del self.fields["total"]
            self.fields["value"].required = True
            self.fields["value"].label = goal.value_label


class DataRequestForm(forms.Form):
    teachers: forms.ModelMultipleChoiceField[User] = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Ask"),
    )
    due_on = BoundedDateField(label=_("Data needed by"), widget=DATE)
    message = forms.CharField(label=_("Message (optional)"), max_length=300, required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("due_on", timezone.localdate() + dt.timedelta(days=7))
        super().__init__(*args, **kwargs)
        self.fields["teachers"].queryset = people  # type: ignore[attr-defined]


class ReviewRequestForm(forms.Form):
    """Ask the teachers who carry out a student's supports to review them before a report."""

    school_days = forms.IntegerField(
        label=_("School days before the report is due"), min_value=1, max_value=30, initial=5,
        error_messages={"required": _("Say how many school days before the report you need the reviews."),
                        "min_value": _("Choose from 1 to 30 school days."),
                        "max_value": _("Choose from 1 to 30 school days.")},
    )
    message = forms.CharField(label=_("Message (optional)"), max_length=300, required=False)


class ReportEntryForm(forms.Form):
    code = forms.ChoiceField(label=_("Progress"), choices=ProgressReport.Code.choices)
    narrative = forms.CharField(
        label=_("Narrative for the family"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReportSentForm(forms.Form):
    sent_on = BoundedDateField(label=_("Sent on"), widget=DATE)
    how = forms.ChoiceField(label=_("How"), choices=ProgressReport.SentHow.choices)
    language = forms.ChoiceField(label=_("Language"), choices=family_languages)
    untranslated_acknowledged = forms.BooleanField(
        label=_("Send it with the untranslated parts in English (the family's copy marks them)"),
        required=False,
    )


class TranslationsForm(forms.Form):
    """One text box per staff text of a period's report (progress.views.translations)."""

    def __init__(self, *args: Any, texts: list[tuple[str, str, str]], **kwargs: Any) -> None:
        """`texts`: (field name, label, the English) in the copy's order."""
        super().__init__(*args, **kwargs)
        for name, label, english in texts:
            rows = 2 if len(english) < 120 else 5
            self.fields[name] = forms.CharField(
                label=label, required=False, max_length=5000,
                widget=forms.Textarea(attrs={"rows": rows}),
            )
            self.fields[name].english = english  # type: ignore[attr-defined]


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ReportingSchedule
        fields = ["reports_per_year"]


class GoalDecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Decision"), choices=GoalDecision.Kind.choices, widget=forms.RadioSelect)
    decided_on = BoundedDateField(label=_("Decided on"), widget=DATE)
    changes = forms.MultipleChoiceField(
        label=_("What changed (for a change of instruction)"),
        choices=[(name, GoalDecision.change_label(name)) for name in GoalDecision.CHANGE_FIELDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    label = forms.CharField(
        label=_("Phase label (for a change of instruction)"), max_length=60, required=False,
        help_text=_("A few words drawn at the phase line, e.g. “Group of 3, repeated reading”."),
    )
    detail = forms.CharField(label=_("What was decided, in words"), widget=forms.Textarea(attrs={"rows": 2}),
                             required=False)
    consulted = forms.CharField(label=_("Who was consulted"), max_length=300, required=False)
