"""Disciplinary removals: a student's removals this school year and before, and recording one."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from behavior.actions import Recorded, pattern_determine, removals_record
from behavior.forms import PatternForm, RemovalForm
from behavior.manifestation import placement_of
from behavior.models import PatternDetermination, Removal
from behavior.panels import standing
from behavior.removal_days import school_year_bounds
from iep_portal.form_errors import add_errors
from iep_portal.models import User
from iep_portal.submissions import AlreadySaved, already_saved, keyed_form, once
from students.access import get_student_for_user, get_student_for_user_rw
from students.school_days import school_days_for


def _days(days: list[dt.date]) -> str:
    return ", ".join(f"{d:%a %b} {d.day}" for d in days)


def removals(request: HttpRequest, pk: int) -> HttpResponse:
    """The student's removals, newest first, with who recorded each and when, and where the
    count stands, with the pattern determinations. Queries after access: the standing (up to
    9), the removals (1), calendars and closures (2), the determinations (1): fixed however
    many removals."""
    access = get_student_for_user(request, pk)
    if access.limited:
        raise PermissionDenied(_("Disciplinary removals are for the student's team and administrators."))
    rows = list(Removal.objects.filter(student=access.student).select_related("recorded_by")
                .order_by("-date", "-pk"))
    days = school_days_for({access.student.school_id})[access.student.school_id] if rows else None
    today = timezone.localdate()
    first, _last = school_year_bounds(today)
    for row in rows:
        row.school_day = days is not None and days.is_instructional(row.date)  # type: ignore[attr-defined]
    determinations = list(PatternDetermination.objects.filter(student=access.student, removal_day__gte=first)
                          .select_related("determined_by").order_by("-recorded_at", "-pk"))
    return render(request, "behavior/removals.html", {
        "determinations": determinations,
        "access": access, "student": access.student, "iep": access.iep, "panel": standing(access),
        "this_year": [r for r in rows if r.date >= first], "earlier": [r for r in rows if r.date < first],
        "ahead": len({r.date for r in rows if r.date > today}),
    })


def _saved_message(request: HttpRequest, recorded: Recorded) -> None:
    span = recorded.span
    text = ngettext("Removal recorded for %(n)s school day: %(days)s.",
                    "Removal recorded for %(n)s school days: %(days)s.", len(span.days)) % {
        "n": len(span.days), "days": _days(span.days)}
    if span.weekends or span.closed:
        text += " " + _("Not school days, so not recorded: %(days)s.") % {
            "days": _days(sorted(span.weekends + span.closed))}
    messages.success(request, text)
    if recorded.already:
        messages.warning(request, _(
            "A removal was already recorded on %(days)s: each school day counts once, however many "
            "removals it has.") % {"days": _days(recorded.already)})


@keyed_form
def removal_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a removal: one row per school day it covers; Back, a retry or a second tab
    record nothing more."""
    access = get_student_for_user_rw(request, pk, capability="record_removal")
    form = RemovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with once(request) as claim:
                recorded = removals_record(student=access.student, by=cast(User, request.user), **data)
                first = recorded.rows[0]
                claim.saved(first, url=reverse("behavior:removals", args=[pk]), summary=ngettext(
                    "%(setting)s, %(n)s school day from %(day)s, for %(student)s",
                    "%(setting)s, %(n)s school days from %(day)s, for %(student)s",
                    len(recorded.rows)) % {
                        "setting": first.get_setting_display(), "n": len(recorded.rows),
                        "day": f"{first.date:%b} {first.date.day}, {first.date.year}",
                        "student": access.student})
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            _saved_message(request, recorded)
            return redirect("behavior:removals", pk=pk)
    return render(request, "behavior/removal_form.html", {
        "access": access, "student": access.student, "form": form,
    }, status=400 if form.errors else 200)


@keyed_form
def pattern_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record whether a short removal past 10 school days forms a pattern with the earlier ones
    (34 CFR 300.536(a)(2)): the plan's manager or an administrator. `day` names the removal."""
    access = get_student_for_user_rw(request, pk, capability="determine_pattern")
    today = timezone.localdate()
    found = placement_of(access.student, today)
    day: dt.date | None
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = found.determination_needed.first if found.determination_needed else None
    run = next((r for r in found.runs if r.first == day and not r.consecutive), None)
    if run is None:
        messages.info(request, _("No removal asks for a pattern determination now."))
        return redirect("behavior:removals", pk=pk)
    form = PatternForm(request.POST or None, initial={"determined_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            with once(request) as claim:
                row = pattern_determine(student=access.student, by=cast(User, request.user),
                                        removal_day=run.first, **form.cleaned_data)
                claim.saved(row, url=reverse("behavior:removals", args=[pk]), summary=_(
                    "%(outcome)s: the removal from %(day)s, for %(student)s") % {
                        "outcome": row.get_outcome_display(), "day": f"{run.first:%b} {run.first.day}",
                        "student": access.student})
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if row.outcome == PatternDetermination.Outcome.PATTERN:
                messages.success(request, _(
                    "Recorded: a pattern, so a change of placement. The manifestation determination is "
                    "due by %(due)s.") % {"due": f"{run.due_by:%a %b} {run.due_by.day}, {run.due_by.year}"})
            else:
                messages.success(request, _("Recorded: not a pattern. A later removal asks again."))
            return redirect("behavior:removals", pk=pk)
    first, _last = school_year_bounds(today)
    earlier = list(Removal.objects.filter(student=access.student, date__gte=first, date__lte=run.last)
                   .order_by("date", "pk"))
    return render(request, "behavior/pattern_form.html", {
        "access": access, "student": access.student, "form": form, "run": run, "earlier": earlier,
    }, status=400 if form.errors else 200)
