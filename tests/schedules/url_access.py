from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

from django.urls import reverse

from schedules.models import DayPattern, GradingPeriod
from students.models import Closure
from tests.url_access import ADMINS, Rule

# A school's calendar is kept by its school's administrators and the district's; everyone
# else, the other school's administrator included, gets 404.
KEEPERS = ADMINS


def with_closure(w: SimpleNamespace) -> None:
    w.closure = Closure.objects.create(calendar=w.calendar, date=dt.date(2026, 11, 26), reason="Thanksgiving")


def with_letters(w: SimpleNamespace) -> None:
    DayPattern.objects.create(school=w.school, kind=DayPattern.Kind.ROTATION, letters=["A", "B"])


def with_grading_period(w: SimpleNamespace) -> None:
    w.grading_period = GradingPeriod.objects.create(
        calendar=w.calendar, name="Quarter 1", start_date=w.calendar.start_date,
        end_date=w.calendar.start_date + dt.timedelta(days=60), created_by=w.district_admin)


def _key(w: SimpleNamespace) -> dict[str, str]:
    return {"k": str(uuid.uuid4())}


URL_ACCESS = {
    # The list shows only the schools the administrator keeps (the other school's admin sees theirs).
    "schedules:calendars": Rule(url=lambda w: reverse("schedules:calendars"),
                                ok=ADMINS | {"other_school_admin"}),
    "schedules:calendar_new": Rule(url=lambda w: reverse("schedules:calendar_new", args=[w.school.pk]),
                                   data=_key, ok=KEEPERS),
    "schedules:calendar_for_year": Rule(
        url=lambda w: reverse("schedules:calendar_for_year", args=[w.school.pk, 2027]), ok=KEEPERS),
    "schedules:calendar": Rule(url=lambda w: reverse("schedules:calendar", args=[w.calendar.pk]), ok=KEEPERS),
    "schedules:calendar_dates": Rule(url=lambda w: reverse("schedules:calendar_dates", args=[w.calendar.pk]),
                                     ok=KEEPERS),
    "schedules:import": Rule(url=lambda w: reverse("schedules:import", args=[w.calendar.pk]), data=_key,
                             ok=KEEPERS),
    # Confirming with nothing to import writes nothing and sends the administrator back.
    "schedules:import_confirm": Rule(
        url=lambda w: reverse("schedules:import_confirm", args=[w.calendar.pk]), method="post",
        data=lambda w: {"k": str(uuid.uuid4()), "content": "date,kind\n", "source": "empty.csv"},
        ok=KEEPERS),
    "schedules:entry_add": Rule(
        url=lambda w: reverse("schedules:entry_add", args=[w.calendar.pk, "letter"]), data=_key,
        setup=with_letters, ok=KEEPERS),
    "schedules:entry_edit": Rule(
        url=lambda w: reverse("schedules:entry_edit", args=[w.calendar.pk, "closure", w.closure.pk]),
        setup=with_closure, ok=KEEPERS),
    "schedules:entry_remove": Rule(
        url=lambda w: reverse("schedules:entry_remove", args=[w.calendar.pk, "closure", w.closure.pk]),
        method="post", setup=with_closure, ok=KEEPERS),
    "schedules:grading_periods": Rule(
        url=lambda w: reverse("schedules:grading_periods", args=[w.calendar.pk]), data=_key, ok=KEEPERS),
    "schedules:grading_period_remove": Rule(
        url=lambda w: reverse("schedules:grading_period_remove", args=[w.calendar.pk, w.grading_period.pk]),
        method="post", setup=with_grading_period, ok=KEEPERS),
}
