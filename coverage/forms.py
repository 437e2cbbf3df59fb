from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone

from iep_portal.bounds import BoundedDateField
from iep_portal.models import User
from students.models import IEP, Section, Student

DateInput = forms.DateInput(attrs={"type": "date"})


class AssignForm(forms.Form):
    """Assign a paraprofessional to a student or to a class (the choices are what the
    signed-in user may assign)."""

    para = forms.ModelChoiceField(queryset=User.objects.none(), label="Paraprofessional")
    student = forms.ModelChoiceField(queryset=Student.objects.none(), required=False)
    section = forms.ModelChoiceField(queryset=Section.objects.none(), required=False, label="Or a class")
    starts_on = BoundedDateField(label="First day", widget=DateInput)
    ends_on = BoundedDateField(label="Last day", widget=DateInput)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("starts_on", timezone.localdate())
        if user.is_district_admin:
            students, sections = Student.objects.filter(active=True), Section.objects.filter(active=True)
            schools = None
        elif user.is_school_admin:
            schools = user.schools.values("pk")
            students = Student.objects.filter(active=True, school__in=schools)
            sections = Section.objects.filter(active=True, school__in=schools)
        else:
            students = Student.objects.filter(active=True, ieps__status=IEP.Status.ACTIVE,
                                              ieps__case_manager=user)
            sections = Section.objects.none()
            schools = user.schools.values("pk")
        paras = User.objects.filter(role=User.Role.PARAPROFESSIONAL, is_active=True)
        if schools is not None:
            paras = paras.filter(schools__in=schools).distinct()
        cast(forms.ModelChoiceField, self.fields["para"]).queryset = paras.order_by("last_name")
        cast(forms.ModelChoiceField, self.fields["student"]).queryset = students.order_by(
            "last_name", "first_name")
        cast(forms.ModelChoiceField, self.fields["section"]).queryset = sections.order_by("period", "name")
        if not sections.exists():
            del self.fields["section"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("student")) == bool(data.get("section")):
            raise forms.ValidationError("Choose a student or a class, not both.")
        return data


class GrantForm(forms.Form):
    """Grant a substitute a teacher's classes for some days: an existing account, or an
    email and name to invite."""

    teacher = forms.ModelChoiceField(queryset=User.objects.none(), label="Teacher covered")
    substitute = forms.ModelChoiceField(queryset=User.objects.none(), required=False,
                                        label="Substitute with an account")
    email = forms.EmailField(required=False, label="Or invite by email")
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    starts_on = BoundedDateField(label="First day", widget=DateInput)
    ends_on = BoundedDateField(label="Last day", widget=DateInput)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("starts_on", timezone.localdate())
        self.initial.setdefault("ends_on", timezone.localdate())
        if user.is_district_admin:
            teachers = User.objects.filter(sections__active=True)
            schools = None
        elif user.is_school_admin:
            schools = user.schools.values("pk")
            teachers = User.objects.filter(sections__active=True, sections__school__in=schools)
        else:
            teachers = User.objects.filter(pk=user.pk)
            schools = user.schools.values("pk")
            self.initial.setdefault("teacher", user.pk)
        subs = User.objects.filter(is_active=True).filter(
            Q(role=User.Role.SUBSTITUTE) | Q(role=User.Role.GEN_ED_TEACHER)
            | Q(role=User.Role.CASE_MANAGER)).exclude(pk=user.pk)
        if schools is not None:
            subs = subs.filter(schools__in=schools)
        cast(forms.ModelChoiceField, self.fields["teacher"]).queryset = teachers.distinct().order_by(
            "last_name", "first_name")
        cast(forms.ModelChoiceField, self.fields["substitute"]).queryset = subs.distinct().order_by(
            "role", "last_name", "first_name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("substitute") is None:
            if not data.get("email"):
                raise forms.ValidationError("Choose a substitute, or give the email of one to invite.")
            if not (data.get("first_name", "").strip() and data.get("last_name", "").strip()):
                raise forms.ValidationError("Give the substitute's first and last name for the invitation.")
        return data


class MinutesForm(forms.Form):
    """A paraprofessional's minutes on a line that names them co-provider."""

    requirement = forms.ModelChoiceField(queryset=Section.objects.none(), label="Service")
    date = BoundedDateField(widget=DateInput)
    minutes = forms.IntegerField(min_value=1, max_value=480)
    note = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    late_reason = forms.CharField(max_length=300, required=False, label="Why it is recorded late")

    def __init__(self, *args: Any, lines: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())
        field = cast(forms.ModelChoiceField, self.fields["requirement"])
        if lines:
            field.queryset = type(lines[0]).objects.filter(pk__in=[line.pk for line in lines])
            field.label_from_instance = lambda r: f"{r.area} with {r.provider}"  # type: ignore[assignment]
            if len(lines) == 1:
                self.initial.setdefault("requirement", lines[0].pk)
