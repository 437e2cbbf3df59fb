"""Importing a school calendar from a CSV or an iCalendar file: preview, then confirm."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schedules.models import CalendarEdit, DayOverride, DayPattern, EarlyRelease, RotationAnchor
from students.models import Closure
from tests import factories as f
from tests.services.factories import ServiceRequirementFactory

D = dt.date

CSV = """date,kind,label,minutes,letter
2026-11-26,closure,Thanksgiving,,
11/27/2026,closure,Thanksgiving break,,
2026-11-25,early release,Thanksgiving eve,120,
2026-12-01,instructional,,,
"""

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Lincoln USD//Calendar//EN
BEGIN:VEVENT
UID:winter@lincoln
DTSTART;VALUE=DATE:20261221
DTEND;VALUE=DATE:20261226
SUMMARY:Winter Break - No School
END:VEVENT
BEGIN:VEVENT
UID:conf@lincoln
DTSTART;VALUE=DATE:20261120
SUMMARY:Early Release 90 min - Conferences
END:VEVENT
BEGIN:VEVENT
UID:picture@lincoln
DTSTART;VALUE=DATE:20261015
SUMMARY:Picture day
END:VEVENT
BEGIN:VEVENT
UID:old@lincoln
DTSTART;VALUE=DATE:20251124
SUMMARY:No school
END:VEVENT
END:VCALENDAR
"""


def _upload(client: Any, calendar: Any, name: str, content: str, **extra: Any) -> Any:
    url = reverse("schedules:import", args=[calendar.pk]) + f"?k={uuid.uuid4()}"
    data = {"file": SimpleUploadedFile(name, content.encode()), "default_kind": "skip",
            "default_minutes": "120", **extra}
    return client.post(url, data)


def _confirm(client: Any, calendar: Any, preview: Any, key: str | None = None) -> Any:
    ctx = preview.context
    return client.post(reverse("schedules:import_confirm", args=[calendar.pk]), {
        "k": key or str(preview.wsgi_request.form_key), "content": ctx["content"], "source": ctx["source"],
        "default_kind": ctx["default_kind"], "default_minutes": ctx["default_minutes"],
    })


@pytest.fixture
def speech_line(iep):  # noqa: ANN001, ANN201
    """60 minutes a week: each weekday closed takes 12 expected minutes off it."""
    return ServiceRequirementFactory(iep=iep, minutes=60, period="week")


def test_a_csv_preview_lists_the_changes_and_writes_nothing(login, school_admin, calendar, speech_line) -> None:  # noqa: ANN001
    f.ClosureFactory(calendar=calendar, date=D(2026, 12, 1), reason="Snow day")
    response = _upload(login(school_admin), calendar, "calendar.csv", CSV)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.days.removed == (D(2026, 11, 26), D(2026, 11, 27))
    assert preview.days.added == (D(2026, 12, 1),)
    assert [r.date for r in preview.plan.early_releases_set] == [D(2026, 11, 25)]
    (effect,) = preview.effects
    # Two days closed, one reopened: one weekday less of a 60-minute weekly line.
    assert (effect.label, effect.change) == ("Expected service minutes", -12)
    assert effect.detail == "1 of 1 active service line change"
    body = response.content.decode()
    assert "Confirm: save these changes" in body and "(<strong>-12</strong>)" in body
    # Nothing written yet.
    assert list(Closure.objects.filter(calendar=calendar).values_list("date", flat=True)) == [D(2026, 12, 1)]
    assert not EarlyRelease.objects.exists()
    assert not CalendarEdit.objects.exists()


def test_confirming_a_csv_writes_it_once(login, school_admin, calendar) -> None:  # noqa: ANN001
    f.ClosureFactory(calendar=calendar, date=D(2026, 12, 1))
    client = login(school_admin)
    preview = _upload(client, calendar, "calendar.csv", CSV)
    response = _confirm(client, calendar, preview)
    assert response.status_code == 302
    assert sorted(Closure.objects.filter(calendar=calendar).values_list("date", "reason")) == [
        (D(2026, 11, 26), "Thanksgiving"), (D(2026, 11, 27), "Thanksgiving break"),
    ]
    assert EarlyRelease.objects.get().created_by == school_admin
    edit = CalendarEdit.objects.get()
    assert (edit.changed_by, edit.summary) == (
        school_admin, "Imported calendar.csv: 2 closures added, 1 closure removed, 1 early release set")
    # Back and Confirm again: the same key saves nothing more.
    again = _confirm(client, calendar, preview)
    assert again.status_code == 200 and "already saved" in again.content.decode().lower()
    assert CalendarEdit.objects.count() == 1
    assert Closure.objects.filter(calendar=calendar).count() == 2


def test_cancel_writes_nothing(login, school_admin, calendar) -> None:  # noqa: ANN001
    client = login(school_admin)
    preview = _upload(client, calendar, "calendar.csv", CSV)
    cancel = reverse("schedules:calendar", args=[calendar.pk])
    assert f'href="{cancel}" role="button" class="secondary outline">Cancel' in preview.content.decode()
    assert client.get(cancel).status_code == 200
    assert not Closure.objects.exists() and not EarlyRelease.objects.exists()


def test_it_reports_each_problem_with_its_line_and_writes_nothing(login, school_admin, calendar) -> None:  # noqa: ANN001
    bad = """date,kind,label,minutes
2026-11-26,closure,Thanksgiving,
2026-13-01,closure,,
2027-07-04,closure,Independence Day,
2026-11-26,early release,,60
2026-12-18,early release,Winter break begins,
2026-12-05,closure,Saturday,
2026-12-07,holiday,,
2026-12-08,letter,,
"""
    response = _upload(login(school_admin), calendar, "bad.csv", bad)
    assert response.status_code == 400
    lines = [(p.line, p.message) for p in response.context["problems"]]
    assert [n for n, _ in lines] == [3, 4, 5, 6, 7, 8, 9]
    said = dict(lines)
    assert "“2026-13-01” is not a date" in said[3]
    assert "outside the school year" in said[4]
    assert "already on line 2" in said[5]
    assert "needs its minutes" in said[6]
    assert "weekend day" in said[7]
    assert "“holiday” is not a kind of day" in said[8]
    assert "not one of the school's day letters" in said[9]
    body = response.content.decode()
    assert "<strong>Line 3:</strong>" in body and "nothing was imported" in body
    assert "Confirm" not in body
    assert not Closure.objects.exists()


def test_a_file_without_its_header_says_which_columns_it_needs(login, school_admin, calendar) -> None:  # noqa: ANN001
    response = _upload(login(school_admin), calendar, "calendar.csv", "2026-11-26,closure\n")
    assert response.context["problems"][0].line == 1
    assert "names the columns" in response.context["problems"][0].message


def test_an_ics_preview_reads_closures_and_early_releases_from_summaries(login, school_admin, calendar,  # noqa: ANN001
                                                                          speech_line) -> None:  # noqa: ANN001
    client = login(school_admin)
    response = _upload(client, calendar, "district.ics", ICS)
    assert response.status_code == 200
    preview = response.context["preview"]
    # Winter break: Mon Dec 21 to Fri Dec 25 (DTEND is the day after).
    assert preview.days.removed == tuple(D(2026, 12, d) for d in (21, 22, 23, 24, 25))
    (early,) = preview.plan.early_releases_set
    assert (early.date, early.minutes) == (D(2026, 11, 20), 90)
    # Picture day says neither and the default leaves it out; last year's event is outside.
    assert response.context["parsed"].left_out == 2
    assert preview.effects[0].change == -60
    assert _confirm(client, calendar, response).status_code == 302
    assert Closure.objects.filter(calendar=calendar).count() == 5
    assert set(Closure.objects.values_list("kind", flat=True)) == {"holiday"}
    assert EarlyRelease.objects.get().reason == "Early Release 90 min - Conferences"


def test_an_ics_event_of_no_kind_takes_the_chosen_default(login, school_admin, calendar) -> None:  # noqa: ANN001
    response = _upload(login(school_admin), calendar, "district.ics", ICS, default_kind="early_release",
                       default_minutes="45")
    early = {r.date: r.minutes for r in response.context["preview"].plan.early_releases_set}
    assert early == {D(2026, 11, 20): 90, D(2026, 10, 15): 45}


def test_an_ics_problem_names_the_line_its_event_starts_on(login, school_admin, calendar) -> None:  # noqa: ANN001
    ics = ICS.replace("SUMMARY:Early Release 90 min - Conferences", "SUMMARY:Early Release 900 min")
    response = _upload(login(school_admin), calendar, "district.ics", ics)
    assert response.status_code == 400
    (problem,) = response.context["problems"]
    assert problem.line == 10  # BEGIN:VEVENT of the conference day
    assert not Closure.objects.exists()


def test_the_preview_shows_the_rotation_letters_a_closure_shifts(login, school_admin, school, calendar) -> None:  # noqa: ANN001
    DayPattern.objects.create(school=school, kind=DayPattern.Kind.ROTATION, letters=["1", "2", "3", "4", "5", "6"])
    RotationAnchor.objects.create(calendar=calendar, day=D(2026, 11, 16), letter="1")
    RotationAnchor.objects.create(calendar=calendar, day=D(2026, 12, 7), letter="1")
    csv = "date,kind,label\n2026-12-02,closure,Water main break\n"
    client = login(school_admin)
    shifts = _upload(client, calendar, "snow.csv", csv).context["preview"].shifts
    # Dec 2 was day 1 (Nov 16 + 12 school days); Dec 3 and 4 take days 1 and 2 instead of 2
    # and 3, and Monday Dec 7's anchor restarts the count.
    assert [(s.date, s.before, s.after) for s in shifts] == [
        (D(2026, 12, 3), "2", "1"), (D(2026, 12, 4), "3", "2"),
    ]
    DayPattern.objects.filter(school=school).update(closures=DayPattern.Closures.CONSUME)
    assert _upload(client, calendar, "snow.csv", csv).context["preview"].shifts == []


def test_it_imports_day_letters(login, school_admin, school, calendar) -> None:  # noqa: ANN001
    DayPattern.objects.create(school=school, kind=DayPattern.Kind.ROTATION, letters=["A", "B"])
    client = login(school_admin)
    csv = "date,kind,letter\n2026-12-08,letter,B\n2026-11-26,closure,\n2026-11-26,letter,A\n"
    response = _upload(client, calendar, "letters.csv", csv)
    assert [p.line for p in response.context["problems"]] == [4]
    response = _upload(client, calendar, "letters.csv", "date,kind,letter\n2026-12-08,letter,B\n")
    assert _confirm(client, calendar, response).status_code == 302
    assert DayOverride.objects.get().letter == "B"


def test_a_school_admin_cannot_import_into_another_schools_calendar(login, other_school_admin, calendar) -> None:  # noqa: ANN001
    client = login(other_school_admin)
    assert _upload(client, calendar, "calendar.csv", CSV).status_code == 404
    response = client.post(reverse("schedules:import_confirm", args=[calendar.pk]),
                           {"k": str(uuid.uuid4()), "content": CSV, "source": "calendar.csv"})
    assert response.status_code == 404
    assert not Closure.objects.exists()


def test_confirming_a_file_that_changes_nothing_records_nothing(login, school_admin, calendar) -> None:  # noqa: ANN001
    f.ClosureFactory(calendar=calendar, date=D(2026, 11, 26))
    response = login(school_admin).post(reverse("schedules:import_confirm", args=[calendar.pk]), {
        "k": str(uuid.uuid4()), "content": "date,kind\n2026-11-26,closure\n", "source": "same.csv",
    }, follow=True)
    assert "Nothing to import" in response.content.decode()
    assert not CalendarEdit.objects.exists()
