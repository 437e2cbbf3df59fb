"""The amendment page's forms: when and how it was agreed, each change, the notice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from accommodations.models import Support
from amendments.models import Amendment, PriorWrittenNotice
from iep_portal.bounds import BoundedDateField
from iep_portal.models import User
from progress.models import Goal
from services.models import ServiceRequirement
from students.models import IEP, TeamMember


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def providers_for(iep: IEP) -> QuerySet[User]:
    """Who may deliver a line: the case manager, or a provider or co-teacher on the team."""
    on_team = TeamMember.objects.filter(
        iep=iep, role__in=[TeamMember.Role.PROVIDER, TeamMember.Role.CO_TEACHER]
    ).values("user_id")
    return User.objects.filter(Q(pk=iep.case_manager_id) | Q(pk__in=on_team)).order_by(
        "last_name", "first_name"
    )


class DetailsForm(forms.ModelForm):
    effective_on = BoundedDateField(label="Takes effect on", widget=_date())
    agreed_how = forms.ChoiceField(
        label="How it was agreed", choices=Amendment.AgreedHow.choices, widget=forms.RadioSelect
    )
    meeting_on = BoundedDateField(label="Meeting date", widget=_date(), required=False)
    agreement_on = BoundedDateField(
        label="Date of the family's written agreement",
        widget=_date(),
        required=False,
        help_text="34 CFR 300.324(a)(4): the parent and the "
        "school agree in writing to amend without a meeting. Keep the signed copy.",
    )

    class Meta:
        model = Amendment
        fields = ["effective_on", "agreed_how", "meeting_on", "agreement_on"]


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(choices=ServiceRequirement.Kind.choices, label="Kind")
    area = forms.CharField(max_length=80, label="Service", help_text="e.g. Speech-language, Reading, OT")
    minutes = forms.IntegerField(min_value=1, max_value=3000, label="Minutes")
    sessions = forms.IntegerField(min_value=1, max_value=50, initial=1, label="Sessions")
    period = forms.ChoiceField(
        choices=ServiceRequirement.Period.choices, label="Per", initial=ServiceRequirement.Period.WEEK
    )
    setting = forms.ChoiceField(choices=ServiceRequirement.Setting.choices, label="Setting")
    provider = forms.ModelChoiceField(queryset=User.objects.none(), label="Provider")

    def __init__(self, *args: Any, iep: IEP, line: ServiceRequirement | None = None, **kwargs: Any) -> None:
        if line is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": line.kind,
                    "area": line.area,
                    "minutes": line.minutes,
                    "sessions": line.sessions,
                    "period": line.period,
                    "setting": line.setting,
                    "provider": line.provider_id,
                },
            )
            kwargs.setdefault("auto_id", f"line-{line.pk}-%s")
        else:
            kwargs.setdefault("auto_id", "new-line-%s")
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers_for(iep)  # type: ignore[attr-defined]
        if line is not None:  # a changed line stays the same service: only how much, where, who
            del self.fields["kind"], self.fields["area"]

    def becomes(self, line: ServiceRequirement | None = None) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["provider"] = data["provider"].pk
        if line is not None:
            data.update(kind=line.kind, area=line.area)
        return data


class SupportForm(forms.Form):
    kind = forms.ChoiceField(choices=Support.Kind.choices, label="Kind")
    category = forms.ChoiceField(
        choices=[("", "—"), *Support.Category.choices],
        required=False,
        label="Category",
        help_text="For accommodations and modifications.",
    )
    text = forms.CharField(max_length=300, label="What the student gets")
    frequency = forms.ChoiceField(choices=Support.Frequency.choices, label="Expected")

    def __init__(self, *args: Any, support: Support | None = None, **kwargs: Any) -> None:
        if support is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": support.kind,
                    "category": support.category,
                    "text": support.text,
                    "frequency": support.frequency,
                },
            )
            kwargs.setdefault("auto_id", f"support-{support.pk}-%s")
        else:
            kwargs.setdefault("auto_id", "new-support-%s")
        super().__init__(*args, **kwargs)

    def becomes(self, support: Support | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {"how_to": "", "scope": Support.Scope.ALL_CLASSES, "subjects": []}
        if support is not None:
            data.update(how_to=support.how_to, scope=support.scope, subjects=list(support.subjects))
        data.update(self.cleaned_data)
        return data


class GoalForm(forms.Form):
    area = forms.CharField(max_length=80, label="Area")
    annual_goal = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Annual goal")
    measure = forms.ChoiceField(
        choices=[c for c in Goal.Measure.choices if c[0] != Goal.Measure.RUBRIC], label="Measure"
    )
    unit = forms.CharField(max_length=40, required=False, label="Unit")
    baseline_value = forms.DecimalField(max_digits=8, decimal_places=2, min_value=0, label="Baseline")
    baseline_date = BoundedDateField(widget=_date(), label="Baseline date")
    target_value = forms.DecimalField(max_digits=8, decimal_places=2, min_value=0, label="Target")
    target_date = BoundedDateField(widget=_date(), label="Target date")
    collectors = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), label="Who collects data", widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, people: QuerySet[User], goal: Goal | None = None, **kwargs: Any) -> None:
        if goal is not None:
            kwargs.setdefault(
                "initial",
                {
                    "area": goal.area,
                    "annual_goal": goal.annual_goal,
                    "measure": goal.measure,
                    "unit": goal.unit,
                    "baseline_value": goal.baseline_value,
                    "baseline_date": goal.baseline_date,
                    "target_value": goal.target_value,
                    "target_date": goal.target_date,
                    "collectors": [u.pk for u in goal.collectors.all()],
                },
            )
            kwargs.setdefault("auto_id", f"goal-{goal.pk}-%s")
        else:
            kwargs.setdefault("auto_id", "new-goal-%s")
        super().__init__(*args, **kwargs)
        self.fields["collectors"].queryset = people  # type: ignore[attr-defined]

    def becomes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["collectors"] = [u.pk for u in data["collectors"]]
        for name in ("baseline_value", "target_value"):
            data[name] = str(data[name])
        for name in ("baseline_date", "target_date"):
            data[name] = data[name].isoformat()
        return data


class NoticeForm(forms.ModelForm):
    class Meta:
        model = PriorWrittenNotice
        fields = ["proposes", "action", "reasons", "options_considered", "data_used", "other_factors"]
        labels = {
            "proposes": "The school",
            "action": "What the school proposes or refuses to do",
            "reasons": "Why",
            "options_considered": "Other options the team considered, and why it rejected them",
            "data_used": "Each evaluation, assessment, record or report used",
            "other_factors": "Other factors relevant to the decision (optional)",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ["action", "reasons", "options_considered", "data_used", "other_factors"]
        }
        help_texts = {
            "action": "In plain words the family will read as written; "
            "the changes themselves are listed on the notice for you."
        }
