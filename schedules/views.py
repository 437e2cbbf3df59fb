"""School calendars for administrators: the schools' years, a year's month grids, the forms
for its dates, closures, early releases and day letters, and the import with its preview.

Every fetch goes through schedules.access (a school administrator keeps their own schools'
calendars; anyone else gets 404). Create forms are keyed: Back, a retry or a second tab
saves once. An import is read and previewed first; only Confirm writes it."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from iep_portal.access import require_admin
from iep_portal.models import User
from iep_portal.submissions import AlreadySaved, already_saved, keyed_form, once
from schedules import actions, calendar_import, forms
from schedules.access import get_calendar_for_user, get_school_for_user, schools_for
from schedules.models import DayOverride, EarlyRelease, GradingPeriod
from schedules.year import preview, year_view
from students.calendar import school_year_label, school_year_of
from students.models import Closure, SchoolCalendar

CLOSURE, EARLY, LETTER = "closure", "early-release", "letter"
ENTRY_NAMES = {CLOSURE: "closure", EARLY: "early release", LETTER: "day letter"}


def _day(day: dt.date) -> str:
    return f"{day:%a %b} {day.day}"


def index(request: HttpRequest) -> HttpResponse:
    """The schools the administrator keeps, each with its calendars. Queries: schools (1),
    calendars (1)."""
    user = require_admin(request)
    schools = list(schools_for(user).prefetch_related(
        Prefetch("calendars", queryset=SchoolCalendar.objects.order_by("-start_date"))))
    return render(request, "schedules/index.html", {"schools": schools})


@keyed_form
def calendar_new(request: HttpRequest, school_pk: int) -> HttpResponse:
    school = get_school_for_user(request, school_pk)
    user = cast(User, request.user)
    year = request.GET.get("year", "")
    initial: dict[str, Any] = {}
    if year.isdigit() and 1900 < int(year) < 2100:
        initial = {"name": school_year_label(int(year)), "start_date": dt.date(int(year), 8, 20),
                   "end_date": dt.date(int(year) + 1, 6, 5)}
    form = forms.CalendarForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with once(request) as claim:
                calendar = actions.calendar_create(school=school, by=user, **form.cleaned_data)
                url = reverse("schedules:calendar", args=[calendar.pk])
                claim.saved(calendar, url=url, summary=f"{school}: {calendar.name} calendar")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Saved the {calendar.name} calendar. Every weekday is a school day "
                                      "until you add closures or import the district's calendar.")
            return redirect(url)
    return render(request, "schedules/calendar_new.html", {"form": form, "school": school},
                  status=400 if request.method == "POST" else 200)


def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The year's month grids with its closures, early releases and day letters. Queries:
    the calendar (1), as `year_view` (5), the grading periods (1), the latest edits (1); the
    session and user add theirs."""
    cal = get_calendar_for_user(request, pk)
    view = year_view(cal)
    edits = list(cal.edits.select_related("changed_by").order_by("-changed_at")[:5])
    return render(request, "schedules/calendar.html", {
        "cal": cal, "view": view, "edits": edits, "grading": list(GradingPeriod.objects.filter(calendar=cal)),
        "dates_form": forms.DatesForm(initial={"start_date": cal.start_date, "end_date": cal.end_date}),
        "letters": view.pattern.letters if view.pattern and view.pattern.kind == "rotation" else [],
    })


def calendar_dates(request: HttpRequest, pk: int) -> HttpResponse:
    cal = get_calendar_for_user(request, pk)
    form = forms.DatesForm(request.POST or None,
                           initial={"start_date": cal.start_date, "end_date": cal.end_date})
    if request.method == "POST" and form.is_valid():
        try:
            actions.calendar_dates_set(calendar=cal, by=cast(User, request.user), **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"The {cal.name} school year now runs {_day(cal.start_date)} to "
                                      f"{_day(cal.end_date)}.")
            return redirect("schedules:calendar", pk=cal.pk)
    return render(request, "schedules/entry_form.html", {
        "cal": cal, "form": form, "title": "First and last day of school", "entry": None,
    }, status=400 if request.method == "POST" else 200)


def _entry_form(kind: str, cal: SchoolCalendar, data: Any, initial: dict[str, Any] | None = None) -> Any:
    if kind == CLOSURE:
        return forms.ClosureForm(data, initial=initial)
    if kind == EARLY:
        return forms.EarlyReleaseForm(data, initial=initial)
    letters = actions.year_of(cal).letters
    if not letters:
        raise Http404("This school's days are all alike: they have no letters.")
    return forms.OverrideForm(data, initial=initial, letters=letters)


def _get_entry(kind: str, cal: SchoolCalendar, entry_pk: int) -> Closure | EarlyRelease | DayOverride:
    model = {CLOSURE: Closure, EARLY: EarlyRelease, LETTER: DayOverride}[kind]
    entry = model.objects.filter(calendar=cal, pk=entry_pk).first()  # type: ignore[attr-defined]
    if entry is None:
        raise Http404("No such day on this calendar.")
    return cast(Closure | EarlyRelease | DayOverride, entry)


def _check_kind(kind: str) -> None:
    if kind not in ENTRY_NAMES:
        raise Http404("Not found.")


@keyed_form
def entry_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    _check_kind(kind)
    cal = get_calendar_for_user(request, pk)
    user = cast(User, request.user)
    day = request.GET.get("day", "")
    form = _entry_form(kind, cal, request.POST or None, {"date": day, "day": day} if day else None)
    if request.method == "POST" and form.is_valid() and kind == CLOSURE and "preview" in request.POST:
        return render(request, "schedules/entry_form.html", {
            "cal": cal, "form": form, "title": "Add a closure", "entry": None, "kind": kind,
            "preview": _closure_preview(cal, form.cleaned_data["date"]),
        })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with once(request) as claim:
                record: Closure | EarlyRelease | DayOverride
                if kind == CLOSURE:
                    record = actions.closure_add(calendar=cal, by=user, date=data["date"], kind=data["kind"],
                                                 reason=data["reason"])
                    said = f"Closed {_day(record.date)}: nothing is expected of that day."
                elif kind == EARLY:
                    record = actions.early_release_add(calendar=cal, by=user, date=data["date"],
                                                       minutes=data["minutes"], reason=data["reason"])
                    said = f"{_day(record.date)} is an early release ({record.minutes} min early)."
                else:
                    record = actions.day_override_add(calendar=cal, by=user, day=data["day"],
                                                      letter=data["letter"], reason=data["reason"])
                    said = f"{_day(record.day)} is a {record.letter} day."
                url = reverse("schedules:calendar", args=[cal.pk])
                claim.saved(record, url=url, summary=f"{cal}: {said}")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, said)
            return redirect(url)
    return render(request, "schedules/entry_form.html", {
        "cal": cal, "form": form, "title": f"Add a{'n' if kind == EARLY else ''} {ENTRY_NAMES[kind]}",
        "entry": None, "kind": kind,
    }, status=400 if request.method == "POST" else 200)


def _closure_preview(cal: SchoolCalendar, day: dt.date) -> Any:
    """What closing `day` would change (nothing written); None for a day it cannot close."""
    if not (cal.start_date <= day <= cal.end_date) or day.weekday() >= 5:
        return None
    state = actions.calendar_state(cal)
    if day in state.closures:
        return None
    row = calendar_import.Row(0, day, calendar_import.CLOSURE)
    return preview(cal, state, calendar_import.plan([row], state))


def entry_edit(request: HttpRequest, pk: int, kind: str, entry_pk: int) -> HttpResponse:
    _check_kind(kind)
    cal = get_calendar_for_user(request, pk)
    user = cast(User, request.user)
    entry = _get_entry(kind, cal, entry_pk)
    initial = {f: getattr(entry, f) for f in ("date", "day", "kind", "reason", "minutes", "letter")
               if hasattr(entry, f)}
    form = _entry_form(kind, cal, request.POST or None, initial)
    # The day itself is not edited: remove the entry and add one on the other day.
    form.fields["date" if kind != LETTER else "day"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if isinstance(entry, Closure):
                actions.closure_update(closure=entry, by=user, kind=data["kind"], reason=data["reason"])
            elif isinstance(entry, EarlyRelease):
                actions.early_release_update(early=entry, by=user, minutes=data["minutes"],
                                             reason=data["reason"])
            else:
                actions.day_override_update(override=entry, by=user, letter=data["letter"],
                                            reason=data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            day = initial.get("date") or initial["day"]
            messages.success(request, f"Saved the {ENTRY_NAMES[kind]} of {_day(day)}.")
            return redirect("schedules:calendar", pk=cal.pk)
    return render(request, "schedules/entry_form.html", {
        "cal": cal, "form": form, "title": f"Edit the {ENTRY_NAMES[kind]}", "entry": entry, "kind": kind,
    }, status=400 if request.method == "POST" else 200)


@require_POST
def entry_remove(request: HttpRequest, pk: int, kind: str, entry_pk: int) -> HttpResponse:
    """Remove a closure, an early release or a day letter. A second click (Back, a retry)
    finds it gone and says so."""
    _check_kind(kind)
    cal = get_calendar_for_user(request, pk)
    user = cast(User, request.user)
    model = {CLOSURE: Closure, EARLY: EarlyRelease, LETTER: DayOverride}[kind]
    entry = model.objects.filter(calendar=cal, pk=entry_pk).first()  # type: ignore[attr-defined]
    if entry is None:
        messages.info(request, f"That {ENTRY_NAMES[kind]} was already removed.")
    elif isinstance(entry, Closure):
        actions.closure_remove(closure=entry, by=user)
        messages.success(request, f"{_day(entry.date)} is a school day again.")
    elif isinstance(entry, EarlyRelease):
        actions.early_release_remove(early=entry, by=user)
        messages.success(request, f"{_day(entry.date)} is a full day again.")
    else:
        actions.day_override_remove(override=entry, by=user)
        messages.success(request, f"{_day(entry.day)} takes the rotation's letter again.")
    return redirect("schedules:calendar", pk=cal.pk)


def _parse(cal: SchoolCalendar, name: str, content: str, default_kind: str,
           default_minutes: int) -> calendar_import.Parsed:
    year = actions.year_of(cal)
    if name.lower().endswith(".ics") or content.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        return calendar_import.parse_ics(content.encode(), year, default_kind=default_kind,
                                         default_minutes=default_minutes)
    return calendar_import.parse_csv(content, year)


@keyed_form
def calendar_import_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a file; on POST, read it and show what it would change. Nothing is written."""
    cal = get_calendar_for_user(request, pk)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"cal": cal, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", "The file is not text (save it as CSV UTF-8, or export the "
                                   "calendar as .ics).")
            return render(request, "schedules/import.html", context, status=400)
        parsed = _parse(cal, upload.name, content, form.cleaned_data["default_kind"],
                        form.cleaned_data["default_minutes"])
        context.update(_preview_context(cal, parsed, upload.name, content, form.cleaned_data))
        return render(request, "schedules/import.html", context,
                      status=400 if context["problems"] else 200)
    return render(request, "schedules/import.html", context, status=400 if request.method == "POST" else 200)


def _preview_context(cal: SchoolCalendar, parsed: calendar_import.Parsed, name: str, content: str,
                     options: dict[str, Any]) -> dict[str, Any]:
    problems = list(parsed.problems)
    state = actions.calendar_state(cal)
    plan = calendar_import.plan(parsed.rows, state)
    problems.extend(plan.problems)
    problems.sort(key=lambda p: p.line)
    found: dict[str, Any] = {"problems": problems, "source": name, "parsed": parsed}
    if not problems:
        found.update({
            "preview": preview(cal, state, plan), "content": content,
            "default_kind": options["default_kind"], "default_minutes": options["default_minutes"],
        })
    return found


@require_POST
@keyed_form
def calendar_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the previewed file, read again from the preview's form: all of it or nothing."""
    cal = get_calendar_for_user(request, pk)
    user = cast(User, request.user)
    name = request.POST.get("source", "")[:200] or "a file"
    content = request.POST.get("content", "")
    kind = request.POST.get("default_kind", calendar_import.SKIP)
    minutes = request.POST.get("default_minutes", "")
    parsed = _parse(cal, name, content, kind, int(minutes) if minutes.isdigit() else 120)
    problems = [str(p) for p in parsed.problems]
    if not problems and calendar_import.plan(parsed.rows, actions.calendar_state(cal)).empty:
        messages.info(request, f"Nothing to import: the calendar already says everything in {name}.")
        return redirect("schedules:calendar", pk=cal.pk)
    if not problems:
        try:
            with once(request) as claim:
                edit = actions.calendar_import_apply(calendar=cal, by=user, rows=parsed.rows, source=name)
                url = reverse("schedules:calendar", args=[cal.pk])
                claim.saved(edit, url=url, summary=edit.summary)
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(request, edit.summary + ".")
            return redirect(url)
    messages.error(request, "Nothing was imported: " + " ".join(problems))
    return redirect("schedules:import", pk=cal.pk)


def calendar_for_gap(request: HttpRequest, school_pk: int, year: int) -> HttpResponse:
    """A school's calendar for a school year: the year's page, or what to do when it has none
    (My day's "No 2027-28 calendar" links here)."""
    school = get_school_for_user(request, school_pk)
    if not 1900 < year < 2100:
        raise Http404("No such school year.")
    start, end = dt.date(year, 7, 1), dt.date(year + 1, 6, 30)
    cal = SchoolCalendar.objects.filter(school=school, start_date__gte=start, start_date__lte=end).first()
    if cal is not None and school_year_of(cal.start_date) == year:
        return redirect("schedules:calendar", pk=cal.pk)
    return render(request, "schedules/missing.html", {
        "school": school, "label": school_year_label(year),
        "new_url": reverse("schedules:calendar_new", args=[school.pk]) + f"?year={year}",
    })


@keyed_form
def grading_periods(request: HttpRequest, pk: int) -> HttpResponse:
    """The school year's report-card calendar: its grading periods, and a form to add one.
    Progress reports fall due with them when an IEP reports as often as there are periods.
    Back, a retry or a second tab finds the period already saved and adds nothing."""
    cal = get_calendar_for_user(request, pk)
    user = cast(User, request.user)
    form = forms.GradingPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        url = reverse("schedules:grading_periods", args=[cal.pk])
        try:
            with once(request) as claim:
                period = actions.grading_period_add(calendar=cal, by=user, **data)
                claim.saved(period, url=url, summary=f"{cal}: grading period {period.name}")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Saved {period.name}: {_day(period.start_date)} to "
                                      f"{_day(period.end_date)}.")
            return redirect(url)
    periods = list(GradingPeriod.objects.filter(calendar=cal).select_related("created_by"))
    return render(request, "schedules/grading_periods.html", {
        "cal": cal, "form": form, "periods": periods,
    }, status=400 if request.method == "POST" else 200)


@require_POST
def grading_period_remove(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """Remove a grading period. A second click (Back, a retry) finds it gone and says so."""
    cal = get_calendar_for_user(request, pk)
    period = GradingPeriod.objects.filter(calendar=cal, pk=entry_pk).first()
    if period is None:
        messages.info(request, "That grading period was already removed.")
    else:
        actions.grading_period_remove(period=period, by=cast(User, request.user))
        messages.success(request, f"Removed {period.name}.")
    return redirect("schedules:grading_periods", pk=cal.pk)
