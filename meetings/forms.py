"""Forms for meetings, the family notice, attendance, follow-ups, consent and transition plans."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from iep_portal.bounds import BoundedDateField
from iep_portal.models import User
from meetings.actions import AttendanceRow, FamilyInvite
from meetings.models import ConsentRecord, Meeting, MeetingAttendance, MeetingFamilyMember


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj} ({obj.title or obj.get_role_display()})"


class MeetingForm(forms.ModelForm):
    invitees = StaffChoiceField(
        queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label="Invite from the team",
        help_text="Each person gets an email with a calendar file, and sees the meeting on My day.",
    )
    video_link = forms.URLField(label="Video link (optional)", required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = [
            "kind", "date", "start_time", "duration_minutes", "location", "video_link", "purpose",
            "invitees", "interpreter_needed", "interpreter_language",
        ]
        field_classes = {"date": BoundedDateField}
        labels = {
            "kind": "Kind of meeting", "start_time": "Starts at", "duration_minutes": "Length (minutes)",
            "location": "Place", "video_link": "Video link (optional)",
            "interpreter_needed": "An interpreter is needed",
        }
        help_texts = {
            "location": "Room and building, or leave blank for a video meeting.",
            "purpose": "Say it the way the family will read it in the notice.",
        }
        widgets = {
            "date": DateInput(), "start_time": TimeInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, invitee_choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["invitees"]).queryset = invitee_choices
        self.fields["date"].widget.attrs["min"] = timezone.localdate().isoformat()


class FamilyMemberForm(forms.ModelForm):
    class Meta:
        model = MeetingFamilyMember
        fields = ["name", "relationship", "preferred_language", "contact"]
        labels = {"name": "Family member's name"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A row is optional as a whole; name and relationship are needed once it is used.
        for name in ("name", "relationship"):
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what ModelForm.clean() returns
        if self.has_changed():
            for name, message in (("name", "Give the family member's name."),
                                  ("relationship", "Say how they are related to the student.")):
                if not (data.get(name) or "").strip():
                    self.add_error(name, message)
        return data

    def invite(self) -> FamilyInvite:
        data = self.cleaned_data
        return FamilyInvite(data["name"], data["relationship"], data["preferred_language"],
                            data.get("contact", ""))


def family_formset(data: Any = None, *, initial: list[dict[str, Any]] | None = None) -> Any:
    """Family members invited to a meeting: the ones on file plus two blank rows."""
    formset_class = forms.formset_factory(FamilyMemberForm, extra=2, max_num=6, absolute_max=6)
    return formset_class(data, initial=initial or [], prefix="family")


def family_invites(formset: Any) -> list[FamilyInvite]:
    return [form.invite() for form in formset.forms if form.has_changed() and form.cleaned_data]


class NoticeForm(forms.Form):
    sent_on = BoundedDateField(label="Date sent", widget=DateInput())
    method = forms.ChoiceField(label="How", choices=Meeting.NoticeMethod.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["sent_on"].initial = today
        self.fields["sent_on"].widget.attrs["max"] = today.isoformat()


class AttendanceForm(forms.Form):
    """One status (and, for staff, a role) per invited person, plus the outcome."""

    outcome = forms.ChoiceField(label="What the meeting decided", choices=Meeting.Outcome.choices,
                                widget=forms.RadioSelect)

    def __init__(self, *args: Any, meeting: Meeting, staff: list[User],
                 family: list[MeetingFamilyMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people: list[dict[str, Any]] = []
        recorded = {(a.user_id, a.family_member_id): a for a in meeting.attendance.all()}
        for user in staff:
            key = f"u{user.pk}"
            prior = recorded.get((user.pk, None))
            role = "Case manager" if user.pk == meeting.iep.case_manager_id else (
                user.title or user.get_role_display())
            self._add(key, str(user), role, prior, user=user, excusable=True)
        for member in family:
            key = f"f{member.pk}"
            prior = recorded.get((None, member.pk))
            self._add(key, member.name, member.relationship, prior, family_member=member, excusable=False)
        if meeting.outcome:
            self.fields["outcome"].initial = meeting.outcome

    def _add(self, key: str, name: str, role: str, prior: MeetingAttendance | None,
             *, excusable: bool, user: User | None = None,
             family_member: MeetingFamilyMember | None = None) -> None:
        choices = [c for c in MeetingAttendance.Status.choices
                   if excusable or c[0] != MeetingAttendance.Status.EXCUSED]
        self.fields[f"{key}_status"] = forms.ChoiceField(
            label=f"{name} ({role})", choices=choices,
            initial=prior.status if prior else MeetingAttendance.Status.ATTENDED,
        )
        self.fields[f"{key}_role"] = forms.CharField(
            label=f"Role of {name}", initial=prior.role if prior else role, max_length=80,
        )
        self.people.append({"key": key, "name": name, "user": user, "family_member": family_member,
                            "status": self[f"{key}_status"], "role": self[f"{key}_role"]})

    def rows(self) -> list[AttendanceRow]:
        return [
            AttendanceRow(
                name=p["name"], role=self.cleaned_data[f"{p['key']}_role"],
                status=self.cleaned_data[f"{p['key']}_status"], user=p["user"],
                family_member=p["family_member"],
            )
            for p in self.people
        ]


class FollowUpForm(forms.Form):
    description = forms.CharField(label="What needs doing", max_length=300)
    owner = forms.ModelChoiceField(queryset=User.objects.none(), label="Who owns it")
    due_on = BoundedDateField(label="Due", widget=DateInput())

    def __init__(self, *args: Any, owner_choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = owner_choices


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(choices=ConsentRecord.Kind.choices, initial=ConsentRecord.Kind.SERVICES)
    received_on = BoundedDateField(label="Received on", widget=DateInput())
    given_by = forms.CharField(label="Signed by (parent or guardian)", max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_on"].widget.attrs["max"] = timezone.localdate().isoformat()


class TransitionPlanForm(forms.Form):
    completed_on = BoundedDateField(label="Plan completed on", widget=DateInput())
    summary = forms.CharField(label="Postsecondary goals (short)", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
