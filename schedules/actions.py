"""Writes of school calendars: the year's dates, closures, early releases, day letters and
imports. Keyword-only, in one transaction, checked in full; each save adds a CalendarEdit
row (who, when, what) and runs inside a history context naming its author."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction

from schedules import calendar_import
from schedules.models import (
    CalendarEdit,
    DayOverride,
    DayPattern,
    EarlyRelease,
    GradingPeriod,
    RotationAnchor,
)
from students.calendar import REGULAR_WEEKDAYS
from students.models import Closure, School, SchoolCalendar

if TYPE_CHECKING:
    from iep_portal.models import User

Kind = CalendarEdit.Kind


def _day(day: dt.date) -> str:
    return f"{day:%a %b} {day.day}"


def _log(calendar: SchoolCalendar, by: User, kind: str, summary: str) -> CalendarEdit:
    return CalendarEdit.objects.create(calendar=calendar, kind=kind, summary=summary[:300], changed_by=by)


def _school_day(calendar: SchoolCalendar, day: dt.date, what: str) -> None:
    if not calendar.start_date <= day <= calendar.end_date:
        first, last = calendar.start_date, calendar.end_date
        raise ValidationError(f"{what} must fall inside the school year ({_day(first)}, {first.year} to "
                              f"{_day(last)}, {last.year}); {_day(day)}, {day.year} is outside it.")
    if day.weekday() not in REGULAR_WEEKDAYS:
        raise ValidationError(f"{_day(day)} is a weekend day: school does not meet then anyway.")


@transaction.atomic
def calendar_create(
    *, school: School, by: User, name: str, start_date: dt.date, end_date: dt.date,
) -> SchoolCalendar:
    """A new school year for `school`: every weekday from its first to its last day is
    instructional until closures are added."""
    with pghistory.context(user=by.pk, reason="calendar created"):
        calendar = SchoolCalendar(school=school, name=name.strip(), start_date=start_date, end_date=end_date)
        overlapping = SchoolCalendar.objects.filter(school=school, start_date__lte=end_date,
                                                    end_date__gte=start_date).first()
        if overlapping is not None:
            raise ValidationError(f"{school} already has a calendar for those days ({overlapping.name}).")
        calendar.full_clean()
        calendar.save()
        _log(calendar, by, Kind.CREATED, f"Calendar {calendar.name} created: {_day(start_date)}, "
                                         f"{start_date.year} to {_day(end_date)}, {end_date.year}")
    return calendar


@transaction.atomic
def calendar_dates_set(
    *, calendar: SchoolCalendar, by: User, start_date: dt.date, end_date: dt.date,
) -> SchoolCalendar:
    """Move the year's first and last days. Refused while a closure, an early release, an
    anchor or a day letter would fall outside them (remove those first)."""
    with pghistory.context(user=by.pk, reason="calendar dates changed"):
        old = (calendar.start_date, calendar.end_date)
        calendar.start_date, calendar.end_date = start_date, end_date
        calendar.full_clean()
        outside = sorted(
            list(Closure.objects.filter(calendar=calendar).values_list("date", flat=True))
            + list(EarlyRelease.objects.filter(calendar=calendar).values_list("date", flat=True))
            + list(DayOverride.objects.filter(calendar=calendar).values_list("day", flat=True))
            + list(RotationAnchor.objects.filter(calendar=calendar).values_list("day", flat=True))
        )
        outside = [d for d in outside if not start_date <= d <= end_date]
        if outside:
            calendar.start_date, calendar.end_date = old
            raise ValidationError(
                f"{len(outside)} closure{'s' if len(outside) != 1 else ''}, early "
                f"release{'s' if len(outside) != 1 else ''} or day letter{'s' if len(outside) != 1 else ''} "
                "would fall outside the new dates "
                f"(first: {_day(outside[0])}, {outside[0].year}): remove them first.")
        overlapping = (SchoolCalendar.objects.filter(school=calendar.school_id, start_date__lte=end_date,
                                                     end_date__gte=start_date).exclude(pk=calendar.pk).first())
        if overlapping is not None:
            calendar.start_date, calendar.end_date = old
            raise ValidationError(f"Those days overlap the school's {overlapping.name} calendar.")
        calendar.save(update_fields=["start_date", "end_date"])
        _log(calendar, by, Kind.DATES,
             f"School year now {_day(start_date)}, {start_date.year} to {_day(end_date)}, {end_date.year} "
             f"(was {_day(old[0])} to {_day(old[1])})")
    return calendar


def _free_day(calendar: SchoolCalendar, day: dt.date, *, allow: tuple[type, ...] = ()) -> None:
    """Refuse a day that already has a closure or an early release (one of each kind a day)."""
    if Closure not in allow and Closure.objects.filter(calendar=calendar, date=day).exists():
        raise ValidationError(f"{_day(day)} is already a closure: edit or remove that closure instead.")
    if EarlyRelease not in allow and EarlyRelease.objects.filter(calendar=calendar, date=day).exists():
        raise ValidationError(f"{_day(day)} is already an early release: edit or remove it instead.")


def _saved(obj: Closure | EarlyRelease | DayOverride | GradingPeriod, *, by: User, reason: str, kind: str,
           summary: str, update_fields: list[str] | None = None) -> None:
    """Check `obj` in full, save it and record the edit, all under one history context."""
    with pghistory.context(user=by.pk, reason=reason):
        obj.full_clean()
        obj.save(update_fields=update_fields)
        _log(obj.calendar, by, kind, summary)


def _removed(obj: Closure | EarlyRelease | DayOverride | GradingPeriod, *, by: User, reason: str, kind: str,
             summary: str) -> None:
    with pghistory.context(user=by.pk, reason=reason):
        _log(obj.calendar, by, kind, summary)
        obj.delete()


def _note(reason: str) -> str:
    return f": {reason}" if reason else ""


@transaction.atomic
def closure_add(*, calendar: SchoolCalendar, by: User, date: dt.date, kind: str, reason: str = "") -> Closure:
    """Close a day: it stops being instructional, so nothing is expected of it."""
    _school_day(calendar, date, "A closure")
    _free_day(calendar, date)
    if DayOverride.objects.filter(calendar=calendar, day=date).exists():
        raise ValidationError(f"{_day(date)} has a day letter set: remove it before closing the day.")
    closure = Closure(calendar=calendar, date=date, kind=kind, reason=reason.strip())
    _saved(closure, by=by, reason="closure added", kind=Kind.CLOSURE,
           summary=f"Closed {_day(date)}: {closure.reason or closure.get_kind_display()}")
    return closure


@transaction.atomic
def closure_update(*, closure: Closure, by: User, kind: str, reason: str = "") -> Closure:
    closure.kind, closure.reason = kind, reason.strip()
    _saved(closure, by=by, reason="closure changed", kind=Kind.CLOSURE, update_fields=["kind", "reason"],
           summary=f"Closure of {_day(closure.date)} now: {closure.reason or closure.get_kind_display()}")
    return closure


@transaction.atomic
def closure_remove(*, closure: Closure, by: User) -> None:
    """The day becomes instructional again."""
    _removed(closure, by=by, reason="closure removed", kind=Kind.CLOSURE,
             summary=f"Reopened {_day(closure.date)} "
                     f"(was closed: {closure.reason or closure.get_kind_display()})")


@transaction.atomic
def early_release_add(*, calendar: SchoolCalendar, by: User, date: dt.date, minutes: int,
                      reason: str = "") -> EarlyRelease:
    """A shortened day. It stays instructional: expected minutes do not change (see the model)."""
    _school_day(calendar, date, "An early release")
    _free_day(calendar, date)
    early = EarlyRelease(calendar=calendar, date=date, minutes=minutes, reason=reason.strip(), created_by=by)
    _saved(early, by=by, reason="early release added", kind=Kind.EARLY_RELEASE,
           summary=f"Early release {_day(date)}: {minutes} min early{_note(early.reason)}")
    return early


@transaction.atomic
def early_release_update(*, early: EarlyRelease, by: User, minutes: int, reason: str = "") -> EarlyRelease:
    early.minutes, early.reason = minutes, reason.strip()
    _saved(early, by=by, reason="early release changed", kind=Kind.EARLY_RELEASE,
           update_fields=["minutes", "reason"],
           summary=f"Early release {_day(early.date)} now {minutes} min early")
    return early


@transaction.atomic
def early_release_remove(*, early: EarlyRelease, by: User) -> None:
    _removed(early, by=by, reason="early release removed", kind=Kind.EARLY_RELEASE,
             summary=f"{_day(early.date)} is a full day again")


@transaction.atomic
def day_override_add(*, calendar: SchoolCalendar, by: User, day: dt.date, letter: str,
                     reason: str = "") -> DayOverride:
    """Name one day's letter; every other day keeps the letter the rotation gives it."""
    _school_day(calendar, day, "A day letter")
    if Closure.objects.filter(calendar=calendar, date=day).exists():
        raise ValidationError(f"{_day(day)} is a closure: a day school does not meet has no letter.")
    if DayOverride.objects.filter(calendar=calendar, day=day).exists():
        raise ValidationError(f"{_day(day)} already has its letter set: edit that one instead.")
    override = DayOverride(calendar=calendar, day=day, letter=letter.strip(), reason=reason.strip())
    _saved(override, by=by, reason="day letter set", kind=Kind.OVERRIDE,
           summary=f"{_day(day)} is a {override.letter} day{_note(override.reason)}")
    return override


@transaction.atomic
def day_override_update(*, override: DayOverride, by: User, letter: str, reason: str = "") -> DayOverride:
    override.letter, override.reason = letter.strip(), reason.strip()
    _saved(override, by=by, reason="day letter changed", kind=Kind.OVERRIDE,
           update_fields=["letter", "reason"],
           summary=f"{_day(override.day)} is now a {override.letter} day")
    return override


@transaction.atomic
def day_override_remove(*, override: DayOverride, by: User) -> None:
    _removed(override, by=by, reason="day letter removed", kind=Kind.OVERRIDE,
             summary=f"{_day(override.day)} takes the rotation's letter again (was {override.letter})")


def calendar_state(calendar: SchoolCalendar) -> calendar_import.CalendarState:
    """The calendar's closures, early releases and day letters. Queries: 3."""
    return calendar_import.CalendarState(
        closures=dict(Closure.objects.filter(calendar=calendar).values_list("date", "reason")),
        early_releases=dict(EarlyRelease.objects.filter(calendar=calendar).values_list("date", "minutes")),
        overrides=dict(DayOverride.objects.filter(calendar=calendar).values_list("day", "letter")),
    )


def year_of(calendar: SchoolCalendar) -> calendar_import.Year:
    pattern = DayPattern.objects.filter(school=calendar.school_id).first()
    letters = tuple(pattern.letters) if pattern and pattern.kind == DayPattern.Kind.ROTATION else ()
    return calendar_import.Year(calendar.start_date, calendar.end_date, letters)


@transaction.atomic
def calendar_import_apply(*, calendar: SchoolCalendar, by: User, rows: list[calendar_import.Row],
                          source: str) -> CalendarEdit:
    """Write what an imported file says, all or nothing. The plan is made again here against
    the calendar as it is now (someone may have changed it since the preview), and a
    problem refuses the whole file."""
    with pghistory.context(user=by.pk, reason=f"calendar imported from {source}"):
        # Lock the calendar so two confirmations of one file do not interleave.
        SchoolCalendar.objects.select_for_update().filter(pk=calendar.pk).first()
        plan = calendar_import.plan(rows, calendar_state(calendar))
        if plan.problems:
            raise ValidationError([str(p) for p in plan.problems])
        Closure.objects.filter(calendar=calendar, date__in=plan.closures_removed).delete()
        EarlyRelease.objects.filter(
            calendar=calendar,
            date__in=plan.early_releases_removed + [r.date for r in plan.early_releases_set],
        ).delete()
        closures = [Closure(calendar=calendar, date=r.date, kind=calendar_import.closure_kind(r.label),
                            reason=r.label) for r in plan.closures_added]
        early = [EarlyRelease(calendar=calendar, date=r.date, minutes=r.minutes or 0, reason=r.label,
                              created_by=by) for r in plan.early_releases_set]
        DayOverride.objects.filter(calendar=calendar, day__in=[r.date for r in plan.letters_set]).delete()
        overrides = [DayOverride(calendar=calendar, day=r.date, letter=r.letter,
                                 reason=f"Imported from {source}"[:200]) for r in plan.letters_set]
        # Every row was checked against the year and the letters when the file was read;
        # the database's unique and check constraints hold the rest.
        Closure.objects.bulk_create(closures)
        EarlyRelease.objects.bulk_create(early)
        DayOverride.objects.bulk_create(overrides)
        return _log(calendar, by, Kind.IMPORT, f"Imported {source}: {plan.summary()}")


@transaction.atomic
def grading_period_add(*, calendar: SchoolCalendar, by: User, name: str, start_date: dt.date,
                       end_date: dt.date) -> GradingPeriod:
    """A marking period of the report-card calendar; progress reports follow its last day."""
    period = GradingPeriod(calendar=calendar, name=name.strip(), start_date=start_date, end_date=end_date,
                           created_by=by)
    _saved(period, by=by, reason="grading period added", kind=Kind.GRADING_PERIOD,
           summary=f"Grading period {period.name}: {_day(start_date)} to {_day(end_date)}")
    return period


@transaction.atomic
def grading_period_remove(*, period: GradingPeriod, by: User) -> None:
    _removed(period, by=by, reason="grading period removed", kind=Kind.GRADING_PERIOD,
             summary=f"Grading period {period.name} removed")
