"""Extended school year pages: a student's ESY (decision, history, ESY ledger), recording a
decision, adding an ESY line, and the ESY sessions (summer calendars)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from esy.access import session_schools, sessions_for
from esy.actions import esy_decision_record, esy_line_add, esy_session_add
from esy.calendar import esy_calendars, session_on, sessions_by_school
from esy.forms import DecisionForm, EsyLineForm, SessionForm
from esy.models import EsyDecision, EsySession
from esy.queries import esy_ledgers, esy_lines
from iep_portal.access import require_admin
from iep_portal.form_errors import add_errors
from iep_portal.models import User
from iep_portal.submissions import AlreadySaved, already_saved, keyed_form, once
from services import ledger
from services.models import ServiceSession
from students.access import get_student_for_user, get_student_for_user_rw
from students.calendar import describe_through, figures_through


def upcoming_session(sessions: list[EsySession], today: dt.date) -> EsySession | None:
    """The session in progress, else the next one, else the latest past one."""
    return (session_on(sessions, today) or next((s for s in sessions if s.start_date > today), None)
            or (sessions[-1] if sessions else None))


def student(request: HttpRequest, pk: int) -> HttpResponse:
    """The student's ESY: the decision in force and its history, the ESY session that serves
    the school, and each ESY line's ledger on that session's days, week by week.

    Queries after access (3): the school's ESY sessions (1), decisions (1), ESY lines (1),
    esy_ledgers (sessions, closures, minutes: 3), the calendar for the weeks (2), the lines'
    counted sessions (1): fixed however long the history.
    """
    access = get_student_for_user(request, pk)
    if access.limited:
        raise PermissionDenied("Extended school year is for the student's IEP team and administrators.")
    iep = access.iep
    today = timezone.localdate()
    through = figures_through(today)
    school_id = access.student.school_id
    sessions = sessions_by_school({school_id})[school_id]
    decisions = list(EsyDecision.objects.filter(iep=iep).select_related("recorded_by")) if iep else []
    lines = list(esy_lines([iep.pk])) if iep else []
    found = esy_ledgers(lines, through) if lines else {}
    items: list[dict[str, Any]] = []
    if lines:
        calendar = esy_calendars({school_id})[school_id]
        counted = list(ServiceSession.objects.counted().filter(requirement__in=[r.pk for r in lines],
                                                                date__lte=through).order_by("date", "pk"))
        for r in lines:
            weeks = ledger.weeks(r.as_service(days_per_week=calendar.days_per_week), calendar.days,
                                 [(s.as_fact(), s) for s in counted if s.requirement_id == r.pk], through)
            items.append({"requirement": r, "ledger": found[r.pk].ledger,
                          "weeks": [w for w in reversed(weeks) if w.expected or w.sessions or w.uncovered]})
    current = decisions[0] if decisions else None
    return render(request, "esy/student.html", {
        "access": access, "student": access.student, "iep": iep, "current": current,
        "earlier": decisions[1:], "sessions": sessions, "session": upcoming_session(sessions, today),
        "items": items, "through": describe_through(through), "today": today,
        "can_decide": iep is not None and access.can("decide_esy"),
        "can_add": iep is not None and access.can("manage_iep"),
    })


@keyed_form
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the IEP team's ESY decision: a new row; the earlier ones stay."""
    access = get_student_for_user_rw(request, pk, capability="decide_esy")
    if access.iep is None:
        raise Http404("This student has no active IEP.")
    current = EsyDecision.objects.current_for([access.iep.pk]).get(access.iep.pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with once(request) as claim:
                decision = esy_decision_record(iep=access.iep, by=cast(User, request.user),
                                               **form.cleaned_data)
                claim.saved(decision, url=reverse("esy:student", args=[pk]),
                            summary=_("ESY %(status)s for %(student)s, decided %(day)s") % {
                                "status": decision.get_status_display().lower(), "student": access.student,
                                "day": f"{decision.decided_on:%b %-d, %Y}"})
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("ESY decision recorded: %(status)s.") % {
                "status": decision.get_status_display().lower()})
            return redirect("esy:student", pk=pk)
    return render(request, "esy/decide.html", {
        "access": access, "student": access.student, "form": form, "current": current,
    }, status=400 if form.errors else 200)


@keyed_form
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an ESY service line; refused, with the reason, unless ESY is decided as needed."""
    access = get_student_for_user_rw(request, pk, capability="manage_iep")
    if access.iep is None:
        raise Http404("This student has no active IEP.")
    current = EsyDecision.objects.current_for([access.iep.pk]).get(access.iep.pk)
    school_id = access.student.school_id
    session = upcoming_session(sessions_by_school({school_id})[school_id], timezone.localdate())
    form = EsyLineForm(request.POST or None, iep=access.iep, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            with once(request) as claim:
                line = esy_line_add(iep=access.iep, by=cast(User, request.user), **form.cleaned_data)
                claim.saved(line, url=reverse("esy:student", args=[pk]) + f"#esy-{line.pk}",
                            summary=_("ESY %(area)s, %(summary)s, for %(student)s") % {
                                "area": line.area, "summary": line.summary, "student": access.student})
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("ESY service added."))
            return redirect("esy:student", pk=pk)
    return render(request, "esy/line_form.html", {
        "access": access, "student": access.student, "form": form, "current": current, "session": session,
    }, status=400 if form.errors else 200)


def sessions(request: HttpRequest) -> HttpResponse:
    """The ESY sessions an administrator sees, newest first, with their days off.
    Queries: sessions with their schools (1), closures (1), whatever the number."""
    user = require_admin(request)
    rows = list(sessions_for(user).select_related("school").prefetch_related("closures"))
    for s in rows:
        days = ledger_days(s)
        s.day_count = days  # type: ignore[attr-defined]
    return render(request, "esy/sessions.html", {
        "rows": rows, "can_add": user.is_district_admin or session_schools(user).exists()})


def ledger_days(session: EsySession) -> int:
    """How many days the session meets (its weekdays, less its days off)."""
    return session.instructional(c.date for c in session.closures.all()).count(session.start_date,
                                                                                session.end_date)


@keyed_form
def session_new(request: HttpRequest) -> HttpResponse:
    """Define an ESY session: the district's (district administrators) or a school's."""
    user = require_admin(request)
    form = SessionForm(request.POST or None, schools=list(session_schools(user)),
                       district=user.is_district_admin)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with once(request) as claim:
                session = esy_session_add(
                    school=data["school"], by=user, name=data["name"], start_date=data["start_date"],
                    end_date=data["end_date"], weekdays=data["weekdays"], closures=data["closure_days"])
                claim.saved(session, url=reverse("esy:sessions") + f"#session-{session.pk}",
                            summary=_("%(name)s, %(where)s") % {"name": session.name, "where": session.where})
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("ESY session saved: %(name)s.") % {"name": session.name})
            return redirect("esy:sessions")
    return render(request, "esy/session_form.html", {"form": form}, status=400 if form.errors else 200)
