"""Meeting and documentation pages. Every fetch goes through meetings.access (built on
students.access).

Anyone who sees the student reads its meetings; writes need `manage_iep` (the case manager,
a district admin); a follow-up can also be closed by its owner. A meeting that does not
belong to the student answers 404, as a missing one does.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.views.decorators.http import require_POST

from iep_portal.downloads import attachment
from iep_portal.form_errors import add_errors
from iep_portal.panels import NextAction
from iep_portal.submissions import AlreadySaved, already_saved, keyed_form, once
from meetings import notice_text
from meetings.access import get_follow_up_for_user, get_meeting_for_user, iep_or_404
from meetings.actions import (
    AlreadyScheduled,
    consent_record,
    eligible_invitees,
    follow_up_add,
    follow_up_complete,
    meeting_attendance_record,
    meeting_cancel,
    meeting_notice_record,
    meeting_schedule,
    meeting_update,
    propose_annual_review_date,
    transition_plan_record,
)
from meetings.family_copy import notice_words, untranslated
from meetings.forms import (
    AttendanceForm,
    ConsentForm,
    FollowUpForm,
    MeetingForm,
    NoticeForm,
    TransitionPlanForm,
    family_formset,
    family_invites,
)
from meetings.ics import meeting_calendar
from meetings.models import FollowUp, Meeting
from students import checklist
from students.access import StudentAccess, get_student_for_user, get_student_for_user_rw
from students.models import Student

MANAGE = "manage_iep"


def documentation(request: HttpRequest) -> HttpResponse:
    """The case manager's caseload: IEPs with the most missing first, then soonest deadline."""
    today = timezone.localdate()
    statuses = checklist.caseload_documentation(request.user, today)  # type: ignore[arg-type]
    return render(
        request,
        "meetings/documentation.html",
        {
            "today": today,
            "statuses": statuses,
            "items": checklist.enabled_items(),
        },
    )


def student_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_student_for_user(request, pk)
    iep = iep_or_404(access)
    today = timezone.localdate()
    meetings = list(
        Meeting.objects.filter(iep__student=access.student).select_related("iep").prefetch_related("invitees")
    )
    can_manage = access.can(MANAGE)
    context: dict[str, Any] = {
        "access": access,
        "student": access.student,
        "iep": iep,
        "today": today,
        "upcoming": [
            m for m in reversed(meetings) if m.date >= today and m.status == Meeting.Status.SCHEDULED
        ],
        "past": [m for m in meetings if m.date < today or m.status != Meeting.Status.SCHEDULED],
        "can_manage": can_manage,
    }
    if access.can("view_full"):
        context["lines"] = checklist.checklist_for([iep], today)[iep.pk]
    if can_manage:
        context["consent_form"] = ConsentForm(prefix="consent")
        context["plan_form"] = TransitionPlanForm(prefix="plan")
    return render(request, "meetings/student.html", context)


def _meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting_detail", args=[meeting.iep.student_id, meeting.pk])


@keyed_form
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, pk, capability=MANAGE)
    iep = iep_or_404(access)
    today = timezone.localdate()
    proposed = propose_annual_review_date(iep=iep, today=today)
    choices = eligible_invitees(iep)
    existing: Meeting | None = None
    if request.method == "POST":
        form = MeetingForm(request.POST, invitee_choices=choices)
        family = family_formset(request.POST)
        if form.is_valid() and family.is_valid():
            data = form.cleaned_data
            try:
                with once(request) as claim:
                    meeting = meeting_schedule(
                        iep=iep,
                        by=request.user,  # type: ignore[arg-type]
                        family=family_invites(family),
                        **{k: data[k] for k in MeetingForm.Meta.fields},
                    )
                    claim.saved(
                        meeting,
                        url=_meeting_url(meeting),
                        summary=(
                            f"{meeting.get_kind_display()} meeting for {access.student} on "
                            f"{meeting.date:%b %-d, %Y}"
                        ),
                    )
            except AlreadySaved as saved:
                return already_saved(request, saved.submission)
            except AlreadyScheduled as exc:
                existing = exc.meeting
                add_errors(form, exc)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Meeting scheduled; the team has been sent the invitation.")
                for warning in meeting.warnings(today):
                    messages.warning(request, warning)
                return redirect("meetings:meeting_detail", pk=pk, meeting_pk=meeting.pk)
    else:
        kind = request.GET.get("kind", Meeting.Kind.ANNUAL_REVIEW)
        initial = {
            "kind": kind,
            "start_time": "15:30",
            "duration_minutes": 60,
            "invitees": list(choices.values_list("pk", flat=True)),
        }
        if kind == Meeting.Kind.ANNUAL_REVIEW:
            initial["date"] = proposed
            initial["purpose"] = "Review this year's IEP and write the IEP for the coming year."
        elif kind == Meeting.Kind.MANIFESTATION:
            initial["purpose"] = (
                "Decide together whether the behavior that led to the removals was caused by, or "
                "directly and substantially related to, your child's disability, or was the direct "
                "result of the school not carrying out the IEP."
            )
        form = MeetingForm(initial=initial, invitee_choices=choices)
        family = family_formset()
    return render(
        request,
        "meetings/form.html",
        {
            "access": access,
            "student": access.student,
            "iep": iep,
            "form": form,
            "family": family,
            "proposed": proposed,
            "meeting": None,
            "existing": existing,
            "rules": {
                "annual_review_due": iep.annual_review_due.isoformat(),
                "proposed": proposed.isoformat(),
                "notice_lead_days": checklist_lead_days(),
                "today": today.isoformat(),
            },
        },
    )


def checklist_lead_days() -> int:
    from meetings.models import notice_lead_days

    return notice_lead_days()


def meeting_edit(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, pk, meeting_pk, capability=MANAGE)
    iep = iep_or_404(access)
    if meeting.status != Meeting.Status.SCHEDULED:
        messages.error(request, "Only a scheduled meeting can be changed.")
        return redirect("meetings:meeting_detail", pk=pk, meeting_pk=meeting.pk)
    choices = eligible_invitees(iep)
    today = timezone.localdate()
    existing: Meeting | None = None
    if request.method == "POST":
        # The form validates a copy; meeting_update re-reads the row under a lock.
        form = MeetingForm(request.POST, instance=_copy(meeting), invitee_choices=choices)
        family = family_formset(request.POST)
        if form.is_valid() and family.is_valid():
            data = form.cleaned_data
            fields = {k: data[k] for k in MeetingForm.Meta.fields if k != "invitees"}
            try:
                meeting = meeting_update(
                    meeting=meeting,
                    by=request.user,  # type: ignore[arg-type]
                    invitees=data["invitees"],
                    family=family_invites(family),
                    **fields,
                )
            except AlreadyScheduled as exc:
                existing = exc.meeting
                add_errors(form, exc)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Meeting updated; invitees have been sent the change.")
                for warning in meeting.warnings(today):
                    messages.warning(request, warning)
                return redirect("meetings:meeting_detail", pk=pk, meeting_pk=meeting.pk)
    else:
        form = MeetingForm(instance=meeting, invitee_choices=choices)
        family = family_formset(
            initial=[
                {
                    "name": m.name,
                    "relationship": m.relationship,
                    "preferred_language": m.preferred_language,
                    "contact": m.contact,
                }
                for m in meeting.family_members.all()
            ]
        )
    proposed = propose_annual_review_date(iep=iep, today=today)
    return render(
        request,
        "meetings/form.html",
        {
            "access": access,
            "student": access.student,
            "iep": iep,
            "form": form,
            "family": family,
            "proposed": proposed,
            "meeting": meeting,
            "existing": existing,
            "rules": {
                "annual_review_due": iep.annual_review_due.isoformat(),
                "proposed": proposed.isoformat(),
                "notice_lead_days": checklist_lead_days(),
                "today": today.isoformat(),
            },
        },
    )


def meeting_detail(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, pk, meeting_pk)
    today = timezone.localdate()
    can_manage = access.can(MANAGE)
    staff = [u for u in meeting.invitees.all() if u.pk != meeting.iep.case_manager_id]
    family = list(meeting.family_members.all())
    follow_ups = list(meeting.follow_ups.select_related("owner", "done_by"))
    context: dict[str, Any] = {
        "access": access,
        "student": access.student,
        "meeting": meeting,
        "today": today,
        "warnings": meeting.warnings(today),
        "staff": staff,
        "family": family,
        "attendance": list(meeting.attendance.all()),
        "follow_ups": follow_ups,
        "can_manage": can_manage,
        "languages": notice_text.LANGUAGES,
    }
    if can_manage:
        context["notice_form"] = NoticeForm(prefix="notice")
        if meeting.status != Meeting.Status.CANCELLED and meeting.date <= today:
            context["attendance_form"] = AttendanceForm(
                meeting=meeting, staff=[meeting.iep.case_manager, *staff], family=family
            )
        if meeting.status != Meeting.Status.CANCELLED:
            context["follow_up_form"] = FollowUpForm(owner_choices=eligible_invitees(meeting.iep))
    return render(request, "meetings/detail.html", context)


@require_POST
def meeting_cancel_view(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    _access, meeting = get_meeting_for_user(request, pk, meeting_pk, capability=MANAGE)
    try:
        meeting_cancel(meeting=meeting, by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Meeting cancelled; invitees have been told.")
    return redirect("meetings:meeting_detail", pk=pk, meeting_pk=meeting.pk)


@require_POST
def meeting_notice(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    _access, meeting = get_meeting_for_user(request, pk, meeting_pk, capability=MANAGE)
    form = NoticeForm(request.POST, prefix="notice")
    if form.is_valid():
        try:
            meeting_notice_record(meeting=meeting, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Family notice recorded.")
            for warning in meeting.warnings(timezone.localdate()):
                messages.warning(request, warning)
    else:
        messages.error(request, "Give the date the notice was sent and how.")
    return redirect("meetings:meeting_detail", pk=pk, meeting_pk=meeting.pk)


def meeting_notice_print(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """The printable family notice, in the family's language (or ?lang=en|es)."""
    access, meeting = get_meeting_for_user(request, pk, meeting_pk)
    family = list(meeting.family_members.all())
    default = family[0].preferred_language if family else access.student.family_language
    lang = request.GET.get("lang", default)
    if lang not in notice_text.LANGUAGES:
        lang = "en"
    text = notice_text.text_for(lang)
    cm = meeting.iep.case_manager
    contact = f" ({cm.email}{', ' + cm.phone if cm.phone else ''})"
    family_names = ", ".join(m.name for m in family) or str(access.student)
    return render(
        request,
        "meetings/notice_print.html",
        {
            "student": access.student,
            "meeting": meeting,
            "lang": lang,
            "t": text,
            "greeting": text["greeting"].format(family=family_names),
            "intro": text["intro"].format(student=access.student.first_name),
            "kind": text[f"kind_{meeting.kind}"],
            "day": notice_text.format_day(meeting.date, lang),
            "time": notice_text.format_time(meeting.start_time, lang),
            "length": text["minutes"].format(n=meeting.duration_minutes),
            "staff": [u for u in meeting.invitees.all() if u.pk != cm.pk],
            "family": family,
            "interpreter": text["interpreter"].format(language=meeting.interpreter_language)
            if meeting.interpreter_needed
            else "",
            "contact": text["contact"].format(name=cm, contact=contact),
            "sent": text["sent"].format(day=notice_text.format_day(meeting.notice_sent_on, lang))
            if meeting.notice_sent_on
            else "",
            "languages": notice_text.LANGUAGES,
            "words": notice_words(meeting, lang),
            "untranslated": untranslated(meeting, lang),
        },
    )


def meeting_ics(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    _access, meeting = get_meeting_for_user(request, pk, meeting_pk)
    method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "PUBLISH"
    response = HttpResponse(meeting_calendar(meeting, method=method), content_type="text/calendar")
    response["Content-Disposition"] = attachment(f"iep-meeting-{meeting.date}.ics")
    return response


@require_POST
def meeting_attendance(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    _access, meeting = get_meeting_for_user(request, pk, meeting_pk, capability=MANAGE)
    staff = [
        meeting.iep.case_manager,
        *(u for u in meeting.invitees.all() if u.pk != meeting.iep.case_manager_id),
    ]
    form = AttendanceForm(
        request.POST, meeting=meeting, staff=staff, family=list(meeting.family_members.all())
    )
    if form.is_valid():
        try:
            meeting_attendance_record(
                meeting=meeting,
                by=request.user,  # type: ignore[arg-type]
                rows=form.rows(),
                outcome=form.cleaned_data["outcome"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Attendance and outcome recorded.")
    else:
        messages.error(request, "Choose an outcome and a status for everyone listed.")
    return redirect("meetings:meeting_detail", pk=pk, meeting_pk=meeting.pk)


@require_POST
@keyed_form
def follow_up_add_view(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    _access, meeting = get_meeting_for_user(request, pk, meeting_pk, capability=MANAGE)
    form = FollowUpForm(request.POST, owner_choices=eligible_invitees(meeting.iep))
    if form.is_valid():
        try:
            with once(request) as claim:
                follow_up = follow_up_add(meeting=meeting, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
                claim.saved(
                    follow_up,
                    url=_meeting_url(meeting) + "#followups-heading",
                    summary=f"Follow-up for {follow_up.owner}: {follow_up.description}",
                )
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Follow-up added; it is on its owner's My day until done.")
    else:
        messages.error(request, "Say what needs doing, who owns it and when it is due.")
    return redirect("meetings:meeting_detail", pk=pk, meeting_pk=meeting.pk)


@require_POST
def follow_up_done(request: HttpRequest, pk: int, follow_up_pk: int) -> HttpResponse:
    """The owner, or whoever manages the IEP, marks a follow-up done."""
    access, follow_up = get_follow_up_for_user(request, pk, follow_up_pk)
    if follow_up.owner_id != request.user.pk and not access.can(MANAGE):
        raise PermissionDenied("Only the follow-up's owner or the case manager can close it.")
    follow_up_complete(follow_up=follow_up, by=request.user)  # type: ignore[arg-type]
    messages.success(request, f"Done: {follow_up.description}")
    next_url = request.POST.get("next", "")
    if next_url == "home":
        return redirect("home")
    return redirect("meetings:meeting_detail", pk=pk, meeting_pk=follow_up.meeting_id)


@require_POST
@keyed_form
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, pk, capability=MANAGE)
    form = ConsentForm(request.POST, prefix="consent")
    if form.is_valid():
        try:
            with once(request) as claim:
                consent = consent_record(student=access.student, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
                claim.saved(
                    consent,
                    url=reverse("meetings:meetings", args=[pk]),
                    summary=f"Consent ({consent.get_kind_display()}) from {consent.given_by}, "
                    f"received {consent.received_on:%b %-d, %Y}",
                )
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Consent recorded.")
    else:
        messages.error(request, "Give the date the consent was received and who signed it.")
    return redirect("meetings:meetings", pk=pk)


@require_POST
@keyed_form
def transition_plan_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, pk, capability=MANAGE)
    iep = iep_or_404(access)
    form = TransitionPlanForm(request.POST, prefix="plan")
    if form.is_valid():
        try:
            with once(request) as claim:
                plan = transition_plan_record(iep=iep, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
                claim.saved(
                    plan,
                    url=reverse("meetings:meetings", args=[pk]),
                    summary=f"Transition plan completed {plan.completed_on:%b %-d, %Y}",
                )
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Transition plan recorded.")
    else:
        messages.error(request, "Give the date the plan was completed.")
    return redirect("meetings:meetings", pk=pk)


def _copy(meeting: Meeting) -> Meeting:
    clone = Meeting(**{f.attname: getattr(meeting, f.attname) for f in Meeting._meta.concrete_fields})
    clone.iep = meeting.iep
    return clone




# --- panels (registered in StudentsConfig.ready) ---------------------------------------------

UPCOMING_DAYS = 60


def my_day_panel(user: Any, today: Any, caseload: Any) -> dict[str, Any] | None:
    """Your next meetings and the follow-ups you own. Queries: meetings (1), follow-ups (1)."""
    import datetime as dt

    # Only students the user still sees: an invitation outlives a team change, the interest does not.
    seen = Student.objects.visible_to(user)
    meetings = list(
        Meeting.objects.for_user(user)
        .filter(iep__student__in=seen)
        .upcoming(today)
        .filter(date__lte=today + dt.timedelta(days=UPCOMING_DAYS))
        .select_related("iep__student")
        .order_by("date", "start_time")[:20]
    )
    follow_ups = list(
        FollowUp.objects.open()
        .filter(owner=user, meeting__iep__student__in=seen)
        .select_related("meeting__iep__student")
        .order_by("due_on", "pk")[:50]
    )
    if not meetings and not follow_ups:
        return None
    soon = today + dt.timedelta(days=SOON_DAYS)
    actions = [
        NextAction(f"{m.get_kind_display()} for {m.iep.student}, {m.date:%a %b} {m.date.day} at "
                   f"{time_format(m.start_time)}",
                   reverse("meetings:meeting_detail", args=[m.iep.student_id, m.pk]), due=m.date,
                   detail=m.location)
        for m in meetings if m.date <= soon
    ] + [
        NextAction(f"{fu.description} ({fu.meeting.iep.student})",
                   reverse("meetings:meeting_detail", args=[fu.meeting.iep.student_id, fu.meeting_id]),
                   due=fu.due_on, overdue=fu.due_on < today,
                   done_url=reverse("meetings:follow_up_done", args=[fu.meeting.iep.student_id, fu.pk]))
        for fu in follow_ups
    ]
    return {"meetings": [m for m in meetings if m.date > soon], "follow_ups": follow_ups, "today": today,
            "actions": actions}


# Meetings this close are next actions on My day; later ones are listed in the panel.
SOON_DAYS = 7


def student_panel(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """Meetings and the documentation checklist on the student page.

    Queries: meetings (1), open follow-ups (1), the checklist (one per enabled item).
    """
    if access.iep is None:
        return None
    iep = access.iep
    iep.student = access.student
    today = timezone.localdate()
    meetings = list(Meeting.objects.current().filter(iep__student=access.student)[:8])
    follow_ups = list(
        FollowUp.objects.open().filter(meeting__iep=iep).select_related("owner", "meeting")[:20]
    )
    return {
        "student": access.student,
        "upcoming": [
            m for m in reversed(meetings) if m.date >= today and m.status == Meeting.Status.SCHEDULED
        ],
        "past": [m for m in meetings if m.date < today or m.status != Meeting.Status.SCHEDULED][:4],
        "follow_ups": follow_ups,
        "lines": checklist.checklist_for([iep], today)[iep.pk] if access.can("view_full") else None,
        "can_manage": access.can(MANAGE),
        "today": today,
    }
