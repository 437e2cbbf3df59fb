from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from iep_portal.bounds import BoundedDateField
from iep_portal.models import User
from progress.models import Goal
from services.models import ServiceRequirement, ServiceSession
from services.note_guides import note_guide
from students.models import IEP, TeamMember

REASON_HELP = ("Needed when the student was unavailable (field trip, testing, refused) or the school "
               "cancelled (assembly, testing, provider reassigned, IEP meeting).")


def _today_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", "max": timezone.localdate().isoformat()})


def requirement_label(r: ServiceRequirement, delivers: bool = True) -> str:
    label = f"{r.iep.student} — {r.area}, {r.summary}"
    return label if delivers else f"{label} · on behalf of {r.provider} (stays pending until they confirm)"


def goal_label(g: Goal) -> str:
    return f"{g.iep.student} — {g.area}"


CERTIFY = "certify"
PENDING = "pending"


def missed_label(s: ServiceSession) -> str:
    status = s.get_status_display().lower()
    return f"{s.student} — {s.requirement.area}, {s.date:%a %b %-d}: {s.minutes} min, {status}"


class SessionFieldsMixin(forms.Form):
    date = BoundedDateField(label="Date")
    start_time = forms.TimeField(label="Start time", required=False,
                                 widget=forms.TimeInput(attrs={"type": "time"}),
                                 help_text="Optional; billing uses it when given.")
    minutes = forms.IntegerField(label="Minutes", min_value=1,
                                 widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    status = forms.ChoiceField(label="What happened", choices=ServiceSession.Status.choices,
                               initial=ServiceSession.Status.DELIVERED)
    status_reason = forms.CharField(label="Reason", required=False, max_length=200, help_text=REASON_HELP,
                                    widget=forms.TextInput(attrs={"list": "session-reasons"}))
    group_size = forms.IntegerField(label="Group size", required=False, min_value=1,
                                    help_text="Students in the session, including any you do not log for.")
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["date"].widget = _today_widget()
        guide = note_guide()
        if guide is not None:
            # An app above the log asks for a note of a certain shape (services.note_guides).
            self.fields["note"].help_text = guide.help_text
            self.fields["note"].widget.attrs["rows"] = 4
            if not self.is_bound and not self.initial.get("note"):
                self.fields["note"].initial = guide.outline


class SessionLogForm(SessionFieldsMixin):
    """Log one session, or one group session for several students."""

    field_order = ["requirements", "date", "late_reason", "minutes", "status", "status_reason", "makes_up",
                   "start_time", "group_size", "note", "goals", "certify"]

    requirements = forms.TypedMultipleChoiceField(
        label="Students", coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one student."},
    )
    makes_up = forms.TypedMultipleChoiceField(
        label="Missed sessions this makes up", coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goals = forms.TypedMultipleChoiceField(
        label="IEP goals worked on", coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Only the goals of the students you chose; each student's record links only "
                  "that student's own goals.",
    )
    late_reason = forms.CharField(
        label="Why is this entered late?", required=False, max_length=300,
        help_text="Needed for a session more than a week of school days ago, e.g. “paper log "
                  "entered after sick leave”. A session more than a month ago also needs an "
                  "administrator's approval before it counts.",
    )
    # No default: whoever saves says whether the entry is certified (counts now) or pending
    # (counts once the provider confirms), a miss as much as a delivered session.
    certify = forms.ChoiceField(
        label="Certify, or save as pending", widget=forms.RadioSelect,
        choices=[(CERTIFY, "I delivered this service as recorded (for a miss: it was missed as "
                           "recorded). Certify now: it counts, and only an amendment can correct it."),
                 (PENDING, "Save as pending: it does not count until the provider confirms it "
                           "(use this when you log for someone else, or will check it later).")],
        error_messages={"required": "Choose whether to certify this entry now or save it as pending."},
    )

    def __init__(self, *args: object, requirements: Sequence[ServiceRequirement],
                 missed: Sequence[ServiceSession], goals: Sequence[Goal] = (),
                 delivers: frozenset[int] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        requirement_field = cast(forms.ChoiceField, self.fields["requirements"])
        requirement_field.choices = [
            (r.pk, requirement_label(r, delivers is None or r.pk in delivers)) for r in requirements
        ]
        cast(forms.ChoiceField, self.fields["goals"]).choices = [(g.pk, goal_label(g)) for g in goals]
        self._iep_of_requirement = {r.pk: r.iep_id for r in requirements}
        self._goals = {g.pk: g for g in goals}
        cast(forms.ChoiceField, self.fields["makes_up"]).choices = [(s.pk, missed_label(s)) for s in missed]
        self.fields["date"].initial = timezone.localdate()
        late_after = settings.EVIDENCE_LATE_AFTER_SCHOOL_DAYS
        self.fields["late_reason"].widget.attrs["data-late-after-days"] = late_after
        # The server's today (the browser's clock may differ), for showing the field.
        self.fields["late_reason"].widget.attrs["data-today"] = timezone.localdate().isoformat()

    def clean_certify(self) -> bool:
        return bool(self.cleaned_data["certify"] == CERTIFY)

    def clean(self) -> dict[str, Any]:
        """A goal worked on must be a goal of a student chosen: a goal of someone else on the
        caseload (ticked, then the student unticked) is refused here, with everything typed kept."""
        data = super().clean() or {}
        chosen = {self._iep_of_requirement.get(pk) for pk in data.get("requirements") or ()}
        if not chosen:
            return data
        strays = [self._goals[pk] for pk in data.get("goals") or () if self._goals[pk].iep_id not in chosen]
        if strays:
            goal = strays[0]
            self.add_error("goals", (
                f"“{goal.area}” is {goal.iep.student}'s goal, and {goal.iep.student} is not among the "
                f"students you chose: choose {goal.iep.student} too, or untick the goal."))
        return data


class SessionAmendForm(SessionFieldsMixin):
    # The free text of entries logged before goals were chosen from the IEP; new entries name
    # the goals themselves (SessionLogForm.goals), and a correction keeps their links.
    goals_addressed = forms.CharField(label="Goals addressed (as written)", required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    amendment_reason = forms.CharField(label="Why are you correcting this entry?", max_length=300)

    @classmethod
    def for_session(cls, session: ServiceSession) -> SessionAmendForm:
        return cls(initial={
            "date": session.date, "start_time": session.start_time, "minutes": session.minutes,
            "status": session.status, "status_reason": session.reason, "group_size": session.group_size,
            "note": session.note, "goals_addressed": session.goals_addressed,
        })


class SessionVoidForm(forms.Form):
    reason = forms.CharField(label="Why void this entry?", max_length=300)


class ExportForm(forms.Form):
    start = BoundedDateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = BoundedDateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    school = forms.TypedChoiceField(label="School", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: object, schools: Sequence[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["school"]).choices = [("", "All my schools"), *schools]
        today = timezone.localdate()
        self.fields["start"].initial = today.replace(day=1)
        self.fields["end"].initial = today

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            if end < start:
                self.add_error("end", "The end date must be on or after the start date.")
            elif (end - start).days > 400:
                self.add_error("end", "Export at most about a year at a time.")
        return data


class RequirementForm(forms.Form):
    """A new service line on the IEP. The provider is chosen among the people who may
    deliver it: the case manager and the team's providers and co-teachers."""

    kind = forms.ChoiceField(choices=ServiceRequirement.Kind.choices, label="Kind of service")
    area = forms.CharField(max_length=80, help_text="e.g. Reading, Math, Speech-language, OT")
    minutes = forms.IntegerField(min_value=1, label="Minutes per period")
    sessions = forms.IntegerField(min_value=1, initial=1, label="Sessions per period")
    period = forms.ChoiceField(choices=ServiceRequirement.Period.choices, initial="week")
    setting = forms.ChoiceField(choices=ServiceRequirement.Setting.choices)
    provider = forms.ModelChoiceField(queryset=User.objects.none())
    start_date = BoundedDateField(widget=forms.DateInput(attrs={"type": "date"}))
    end_date = BoundedDateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, iep: IEP, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = TeamMember.objects.filter(
            iep=iep, role__in=[TeamMember.Role.PROVIDER, TeamMember.Role.CO_TEACHER]
        ).values("user")
        provider = cast(forms.ModelChoiceField, self.fields["provider"])
        provider.queryset = User.objects.filter(Q(pk=iep.case_manager_id) | Q(pk__in=team))
        self.fields["start_date"].initial = max(iep.start_date, timezone.localdate())
        self.fields["end_date"].initial = iep.end_date


class RequirementEndForm(forms.Form):
    end_date = BoundedDateField(widget=forms.DateInput(attrs={"type": "date"}),
                               label="Last day of the service")
    reason = forms.CharField(max_length=200, help_text="e.g. IEP amendment of March 3")


class CoProviderForm(forms.Form):
    """Name a co-provider: a team member who may provide (or the case manager)."""

    user = forms.ModelChoiceField(queryset=User.objects.none(), label="Co-provider")

    def __init__(self, *args: Any, requirement: ServiceRequirement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        iep = requirement.iep
        team = TeamMember.objects.filter(
            iep=iep, role__in=[TeamMember.Role.PROVIDER, TeamMember.Role.CO_TEACHER]
        ).values("user")
        field = cast(forms.ModelChoiceField, self.fields["user"])
        field.queryset = User.objects.filter(Q(pk=iep.case_manager_id) | Q(pk__in=team)).exclude(
            pk=requirement.provider_id).order_by("last_name", "first_name")
