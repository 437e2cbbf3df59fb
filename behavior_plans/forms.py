from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from behavior_plans.models import BehaviorRecord, Function, PlanStrategy, TargetBehavior
from behavior_plans.revision import target_field
from iep_portal.bounds import BoundedDateField
from iep_portal.models import User

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"})


class RecordedForm(forms.Form):
    """What every behavior-data form asks: which behavior, where, and when."""

    target = forms.TypedChoiceField(coerce=int, label=_("Behavior"))
    setting = forms.ChoiceField(choices=BehaviorRecord.Setting.choices, label=_("Where"))
    date = BoundedDateField(widget=DATE, label=_("Day it happened"))
    time = forms.TimeField(widget=TIME, required=False, label=_("Time (optional)"))
    late_reason = forms.CharField(
        max_length=300, required=False, label=_("Why it is entered late (only if it is)"),
        help_text=_("Needed when the day it happened is more than a few school days ago."))

    def __init__(self, *args: Any, targets: list[TargetBehavior], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The BIP's targets, already read by the page: the choices cost no query.
        self.targets = {t.pk: t for t in targets}
        self.fields["target"].choices = [(t.pk, t.name) for t in targets]  # type: ignore[attr-defined]
        self.fields["date"].initial = timezone.localdate()

    def clean_target(self) -> TargetBehavior:
        return self.targets[self.cleaned_data["target"]]


class DurationForm(RecordedForm):
    minutes = forms.IntegerField(min_value=0, max_value=600, label=_("Minutes"))
    seconds = forms.IntegerField(min_value=0, max_value=59, required=False, initial=0, label=_("Seconds"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        total = (data.get("minutes") or 0) * 60 + (data.get("seconds") or 0)
        if "minutes" in data and total <= 0:
            raise forms.ValidationError(_("Enter how long the behavior lasted."))
        data["total_seconds"] = total
        return data


class IntervalForm(RecordedForm):
    intervals_observed = forms.IntegerField(min_value=1, max_value=500, label=_("Intervals observed"))
    intervals_with = forms.IntegerField(min_value=0, max_value=500, label=_("Intervals with the behavior"))


class IncidentForm(RecordedForm):
    antecedent = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                                 label=_("Antecedent: what happened just before"))
    behavior = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                               label=_("Behavior: what the student did"))
    consequence = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                                  label=_("Consequence: what happened just after"))


class StrategyForm(forms.Form):
    part = forms.ChoiceField(choices=PlanStrategy.Part.choices, label=_("Part of the plan"))
    text = forms.CharField(max_length=300, label=_("Strategy"),
                           help_text=_("What every adult does, in words a teacher can act on."))
    how_to = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             label=_("How to"))


class PlanForm(forms.Form):
    """The FBA (with its first target behavior) and the BIP written from it, on one page."""

    conducted_on = BoundedDateField(widget=DATE, label=_("FBA completed on"))
    conducted_by = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Conducted by"))
    function = forms.ChoiceField(choices=Function.choices, widget=forms.RadioSelect,
                                 label=_("Hypothesized function"))
    function_note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                                    label=_("What the data show"))
    name = forms.CharField(max_length=120, label=_("Target behavior"), help_text=_("e.g. Calling out"))
    definition = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                                 label=_("Operational definition"),
                                 help_text=_("Observable and countable, with what is not it."))
    measure = forms.ChoiceField(choices=TargetBehavior.Measure.choices, label=_("Measured as"))
    baseline = forms.DecimalField(max_digits=7, decimal_places=1, min_value=0, label=_("Baseline"))
    goal = forms.DecimalField(max_digits=7, decimal_places=1, min_value=0, label=_("Goal by the review"))
    replacement_behavior = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                                           label=_("Replacement behavior"))
    crisis_steps = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False,
                                   label=_("Crisis steps (if needed)"))
    start_date = BoundedDateField(widget=DATE, label=_("BIP starts"))
    review_date = BoundedDateField(widget=DATE, label=_("BIP review"))

    def __init__(self, *args: Any, team: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conducted_by"].queryset = team.order_by("last_name", "first_name")  # type: ignore[attr-defined]
        self.fields["start_date"].initial = timezone.localdate()


class TargetForm(forms.Form):
    """A target behavior, as the FBA names it: added to a BIP already written."""

    name = forms.CharField(max_length=120, label=_("Target behavior"), help_text=_("e.g. Leaving the room"))
    definition = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                                 label=_("Operational definition"),
                                 help_text=_("Observable and countable, with what is not it."))
    measure = forms.ChoiceField(choices=TargetBehavior.Measure.choices, label=_("Measured as"))
    baseline = forms.DecimalField(max_digits=7, decimal_places=1, min_value=0, label=_("Baseline"))
    goal = forms.DecimalField(max_digits=7, decimal_places=1, min_value=0, label=_("Goal by the review"))


class RevisionForm(forms.Form):
    """The FBA, each of its target behaviors (definition, baseline, goal) and the BIP, opened on
    one version (`opened`, the revision stamp) and saved with what the team decided."""

    opened = forms.CharField(widget=forms.HiddenInput)
    conducted_on = BoundedDateField(widget=DATE, label=_("FBA completed on"))
    conducted_by = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Conducted by"))
    function = forms.ChoiceField(choices=Function.choices, widget=forms.RadioSelect,
                                 label=_("Hypothesized function"))
    function_note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                                    label=_("What the data show"))
    replacement_behavior = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                                           label=_("Replacement behavior"))
    crisis_steps = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False,
                                   label=_("Crisis steps (if needed)"))
    start_date = BoundedDateField(widget=DATE, label=_("BIP starts"))
    review_date = BoundedDateField(widget=DATE, label=_("BIP review"))
    reason = forms.CharField(
        max_length=300, label=_("What the team decided, and why"),
        help_text=_("Kept in the plan's history, e.g. “Review meeting Feb 3: the behavior now happens "
                    "mostly at transitions”."))

    def __init__(self, *args: Any, team: QuerySet[User], targets: list[TargetBehavior],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conducted_by"].queryset = team.order_by("last_name", "first_name")  # type: ignore[attr-defined]
        self.target_groups: list[tuple[TargetBehavior, list[str]]] = []
        for t in targets:
            names = [target_field(t.pk, n) for n in ("definition", "baseline", "goal")]
            self.fields[names[0]] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                label=_("“%(name)s”: operational definition") % {"name": t.name})
            self.fields[names[1]] = forms.DecimalField(
                max_digits=7, decimal_places=1, min_value=0,
                label=_("“%(name)s”: baseline (%(unit)s)") % {"name": t.name, "unit": t.unit.lower()})
            self.fields[names[2]] = forms.DecimalField(
                max_digits=7, decimal_places=1, min_value=0,
                label=_("“%(name)s”: goal by the review") % {"name": t.name})
            self.target_groups.append((t, names))
        # The FBA, then its targets, then the BIP, then why.
        fba = ["opened", "conducted_on", "conducted_by", "function", "function_note"]
        self.order_fields([*fba, *(n for _t, names in self.target_groups for n in names)])

    def labels(self) -> dict[str, str]:
        return {name: str(field.label) for name, field in self.fields.items()}

    def values(self) -> dict[str, Any]:
        """The submitted values, as the revision compares them (people as their keys)."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("opened", "reason")}
        data["conducted_by"] = sorted(u.pk for u in data.get("conducted_by", []))
        return data
