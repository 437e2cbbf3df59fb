"""Families: the staff's pages for a student's guardians (list, add, change, invite, log a
contact with one), and the family portal (a guardian's read-only view of their own child).

Staff pages go through students.access (the record's relationship; changes need
`manage_guardians`, contacts `contact_family`); portal pages through families.access, in the
guardian's language.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from families import actions, portal
from families.access import ChildAccess, children_for, get_child_for_guardian, portal_user
from families.forms import GuardianContactForm, GuardianForm, PortalMessageForm
from families.models import Guardian, PortalMessage
from families.queries import get_guardian_for_user
from iep_portal.downloads import attachment
from iep_portal.form_errors import add_errors
from iep_portal.models import User
from iep_portal.submissions import AlreadySaved, already_saved, keyed_form, once
from meetings.ics import meeting_calendar
from progress.views import render_family_report
from students.access import get_student_for_user, get_student_for_user_rw


def _can_read_family(access: object) -> bool:
    return bool(access.can("view_full") or access.can("contact_family"))  # type: ignore[attr-defined]


# --- staff: the student's guardians ----------------------------------------------------------


def guardians(request: HttpRequest, student_pk: int) -> HttpResponse:
    """The student's parents, guardians and surrogate parents, and the family's messages."""
    access = get_student_for_user(request, student_pk)
    if not _can_read_family(access):
        raise Http404("No such page.")
    rows = list(Guardian.objects.filter(student=access.student).select_related("user"))
    sent = (PortalMessage.objects.filter(student=access.student)
            .select_related("guardian", "to").order_by("-sent_at")[:20])
    return render(request, "families/guardians.html", {
        "access": access, "student": access.student, "guardians": rows, "portal_messages": sent,
        "manages": access.can("manage_guardians"), "contacts": access.can("contact_family"),
    })


@keyed_form
def guardian_add(request: HttpRequest, student_pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, student_pk, capability="manage_guardians")
    form = GuardianForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with once(request) as claim:
                guardian = actions.guardian_add(student=access.student, by=cast(User, request.user),
                                                **form.cleaned_data)
                claim.saved(guardian, url=reverse("families:guardians", args=[student_pk]),
                            summary=f"{guardian} ({guardian.get_relationship_display()}) "
                                    f"added to {access.student}'s family")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{guardian} added.")
            return redirect("families:guardians", student_pk=student_pk)
    return render(request, "families/guardian_form.html",
                  {"access": access, "student": access.student, "form": form, "guardian": None},
                  status=400 if form.errors else 200)


def guardian_edit(request: HttpRequest, pk: int) -> HttpResponse:
    ga = get_guardian_for_user(request, pk, capability="manage_guardians")
    form = GuardianForm(request.POST or None, instance=Guardian.objects.get(pk=ga.guardian.pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.guardian_update(guardian=ga.guardian, by=cast(User, request.user), **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{ga.guardian} saved.")
            return redirect("families:guardians", student_pk=ga.access.student.pk)
    return render(request, "families/guardian_form.html",
                  {"access": ga.access, "student": ga.access.student, "form": form, "guardian": ga.guardian},
                  status=400 if form.errors else 200)


@require_POST
def guardian_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite a guardian with educational rights to the family portal (again: a new link)."""
    ga = get_guardian_for_user(request, pk, capability="manage_guardians")
    try:
        user = actions.guardian_invite(request=request, guardian=ga.guardian,
                                       invited_by=cast(User, request.user))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Family-portal invitation sent to {user.email}.")
    return redirect("families:guardians", student_pk=ga.access.student.pk)


@keyed_form
def contact_add(request: HttpRequest, student_pk: int) -> HttpResponse:
    """Log a family contact, choosing which guardian it was with."""
    access = get_student_for_user_rw(request, student_pk, capability="contact_family")
    form = GuardianContactForm(request.POST or None,
                               guardians=Guardian.objects.current().filter(student=access.student))
    if request.method == "POST" and form.is_valid():
        try:
            with once(request) as claim:
                contact = actions.guardian_contact_log(student=access.student, staff=cast(User, request.user),
                                                       **form.cleaned_data)
                claim.saved(contact, url=reverse("students:detail", args=[student_pk]) + "#contacts-heading",
                            summary=f"Family contact with {contact.family_member} on "
                                    f"{contact.contacted_on:%b %-d, %Y} ({contact.get_channel_display()})")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Family contact saved.")
            return redirect(reverse("students:detail", args=[student_pk]) + "#contacts-heading")
    return render(request, "families/contact_form.html",
                  {"access": access, "student": access.student, "form": form},
                  status=400 if form.errors else 200)


# --- the family portal -------------------------------------------------------------------


def _portal_render(request: HttpRequest, language: str, template: str, context: dict[str, object],
                   status: int = 200) -> HttpResponse:
    """A portal page, wholly in the guardian's language."""
    with translation.override(language):
        response = render(request, template, {**context, "portal_language": language}, status=status)
    response["Content-Language"] = language
    return response


def home(request: HttpRequest) -> HttpResponse:
    """The guardian's children; with one, straight to that child's page."""
    user = portal_user(request)
    rows = children_for(user)
    if len(rows) == 1:
        return redirect("families:child", student_pk=rows[0].student_id)
    language = rows[0].language if rows else "en"
    return _portal_render(request, language, "families/portal_home.html", {"children": rows})


def child(request: HttpRequest, student_pk: int) -> HttpResponse:
    """One child: supports in plain words, services delivered against what the IEP requires,
    progress reports, meetings with their calendar file, and a way to write to the case manager."""
    ca = get_child_for_guardian(request, student_pk)
    today = timezone.localdate()
    context: dict[str, object] = {"ca": ca, "student": ca.student, "iep": ca.iep,
                                  "others": len(children_for(ca.guardian.user)) > 1}  # type: ignore[arg-type]
    if ca.iep is not None:
        through, lines = portal.services(ca.iep, today)
        context.update(supports=portal.supports(ca.iep, today), services=lines, through=through,
                       reports=portal.reports(ca.iep), meetings=portal.meetings(ca.iep, today), today=today)
    return _portal_render(request, ca.guardian.language, "families/portal_child.html", context)


def report(request: HttpRequest, student_pk: int, number: int) -> HttpResponse:
    """A progress report sent home: the family copy, in the guardian's language (or ?lang=)."""
    ca = _with_iep(get_child_for_guardian(request, student_pk))
    if not any(r.number == number for r in portal.reports(ca.iep)):  # type: ignore[arg-type]
        raise Http404("No such report.")
    lang = request.GET.get("lang")
    if lang not in dict(Guardian.Language.choices):
        lang = ca.guardian.language
    back_url = reverse("families:child", args=[student_pk]) + "#reports-heading"
    response = render_family_report(request, student=ca.student, iep=ca.iep, number=number, lang=lang,
                                    back_url=back_url)
    response["Content-Language"] = lang
    return response


def meeting_ics(request: HttpRequest, student_pk: int, meeting_pk: int) -> HttpResponse:
    """A meeting the family was told of, as a calendar file."""
    ca = _with_iep(get_child_for_guardian(request, student_pk))
    meeting = portal.meeting_for(ca.iep, meeting_pk)  # type: ignore[arg-type]
    if meeting is None:
        raise Http404("No such meeting.")
    method = "CANCEL" if meeting.status == meeting.Status.CANCELLED else "PUBLISH"
    response = HttpResponse(meeting_calendar(meeting, method=method), content_type="text/calendar")
    response["Content-Disposition"] = attachment(f"iep-meeting-{meeting.date}.ics")
    return response


@keyed_form
def message(request: HttpRequest, student_pk: int) -> HttpResponse:
    """Write to the case manager: it reaches their notifications and the contact log."""
    ca = get_child_for_guardian(request, student_pk, action="change")
    form = PortalMessageForm(request.POST or None)
    with translation.override(ca.guardian.language):
        if request.method == "POST" and form.is_valid():
            try:
                with once(request) as claim:
                    sent = actions.portal_message_send(guardian=ca.guardian, sent_by=cast(User, request.user),
                                                       iep=ca.iep, **form.cleaned_data)
                    claim.saved(sent, url=reverse("families:child", args=[student_pk]),
                                summary=_("Your message “%(subject)s”") % {"subject": sent.subject})
            except AlreadySaved:
                messages.info(request, _("This message was already sent."))
                return redirect("families:child", student_pk=student_pk)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Your message was sent to %(name)s.") % {"name": sent.to})
                return redirect("families:child", student_pk=student_pk)
    return _portal_render(request, ca.guardian.language, "families/portal_message.html",
                          {"ca": ca, "student": ca.student, "iep": ca.iep, "form": form},
                          status=400 if form.errors else 200)


def _with_iep(ca: ChildAccess) -> ChildAccess:
    if ca.iep is None:
        raise Http404("No active plan.")
    return ca
