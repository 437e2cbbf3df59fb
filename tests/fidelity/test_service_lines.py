"""Service figures per line: capped, counted in lines, behind by the ledger's own answer,
through yesterday, and a week no school calendar covers shown as a data problem.

Nia (Lincoln, 2026-27 calendar, no closures) has an IEP from Mon Nov 2 2026 with two
weekly 60-minute lines from Pat (two 30-minute sessions a week, so a tolerance of 30 min).
Custom period Nov 2-13: 10 school days, 60 x 10/5 = 120 min required on each line.
- Speech: 240 delivered (over by 120): credited 120, 100%, not behind (ahead).
- Language: 40 delivered: credited 40, 33%, behind by 80 (> 30).
Capped: (120 + 40) / 240 = 66.7%, shown 67%. Uncapped it would read 280/240, 117%.
Lines at 90% or better: 1 of 2. Lines behind: 1 of 2.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse

from fidelity import evidence
from fidelity.figures import Period, fidelity_for, period_for
from students.models import Student
from tests import factories as f
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

D = dt.date
TODAY = D(2026, 11, 18)  # Wednesday (frozen in tests/conftest.py)
PERIOD = Period("custom", D(2026, 11, 2), D(2026, 11, 13))


@pytest.fixture
def nia(school, calendar, case_manager, provider):  # noqa: ANN001, ANN201
    student = f.StudentFactory(school=school, first_name="Nia", last_name="Okafor")
    iep = f.IEPFactory(student=student, case_manager=case_manager, start_date=D(2026, 11, 2))
    speech = ServiceRequirementFactory(iep=iep, provider=provider, area="Speech-language")
    language = ServiceRequirementFactory(iep=iep, provider=provider, area="Language")
    for day in (D(2026, 11, 3), D(2026, 11, 5), D(2026, 11, 10), D(2026, 11, 12)):
        ServiceSessionFactory(requirement=speech, date=day, minutes=60)
    ServiceSessionFactory(requirement=language, date=D(2026, 11, 4), minutes=40)
    return student, speech, language


def scope(student: Student):  # noqa: ANN201
    return Student.objects.filter(pk=student.pk)


def test_over_delivery_on_one_line_never_hides_anothers_shortfall(nia) -> None:  # noqa: ANN001
    student, _speech, _language = nia
    result = fidelity_for(scope(student), PERIOD, TODAY)
    minutes = result.figure("minutes")
    assert (minutes.ratio.num, minutes.ratio.den) == (160, 240)
    assert minutes.value == "67%" and minutes.detail == "160 of 240 min (capped per line)"


def test_the_headlines_count_lines(nia) -> None:  # noqa: ANN001
    student, _speech, language = nia
    result = fidelity_for(scope(student), PERIOD, TODAY)
    lines = result.figure("lines")
    assert lines.value == "1 of 2"
    assert f"{lines.value} {lines.detail}" == "1 of 2 service lines at 90% or better"
    behind = result.figure("behind")
    assert (behind.value, behind.detail) == ("1", "of 2 service lines")
    assert [ln.pk for ln in result.lines_behind] == [language.pk]
    assert result.lines_behind[0].shortfall == 80 and result.lines_behind[0].percent == 33


def test_no_on_track_beside_a_line_behind(nia) -> None:  # noqa: ANN001
    student, *_ = nia
    result = fidelity_for(scope(student), PERIOD, TODAY)
    for key in ("minutes", "lines", "behind"):
        assert result.figure(key).status_word == "1 line behind"
        assert result.figure(key).icon == "✗"
    provider_row = result.breakdowns["provider"][0]
    assert (
        provider_row.cell("behind").value == "1"
        and provider_row.cell("minutes").status_word == "1 line behind"
    )


def test_owed_counts_the_lines_that_owe(nia, provider) -> None:  # noqa: ANN001
    student, speech, _language = nia
    ServiceSessionFactory(requirement=speech, date=D(2026, 11, 6), minutes=30, status="provider_absent")
    result = fidelity_for(scope(student), PERIOD, TODAY)
    owed = result.figure("owed")
    assert (owed.value, owed.detail, owed.status_word) == ("30 min", "on 1 service line", "Minutes owed")


def test_every_figure_counts_through_yesterday(nia) -> None:  # noqa: ANN001
    student, speech, _language = nia
    ServiceSessionFactory(requirement=speech, date=D(2026, 11, 17), minutes=7)
    ServiceSessionFactory(requirement=speech, date=TODAY, minutes=1000)  # today: not yet
    period = period_for("year", TODAY)
    assert (period.start, period.end, period.through) == (
        D(2026, 7, 1),
        D(2026, 11, 17),
        "Figures through Tue, Nov 17",
    )
    line = fidelity_for(scope(student), period, TODAY).lines[speech.pk]
    # Nov 2-17: 12 school days, 60 x 12/5 = 144 required; 240 + 7 delivered, capped at 144.
    assert (line.credited, line.expected) == (144, 144)
    assert period_for("month", D(2026, 12, 1)) == Period("month", D(2026, 11, 1), D(2026, 11, 30))


def test_the_dashboard_states_the_cut_off(login, school_admin, nia) -> None:  # noqa: ANN001
    body = login(school_admin).get(reverse("fidelity:dashboard")).content.decode()
    assert "Figures through Tue, Nov 17" in body
    assert "Service lines at 90% or better" in body and "Service lines behind" in body
    assert "Okafor" in body.split('id="behind-heading"')[1].split("</section>")[0]


# --- weeks no school calendar covers ------------------------------------------------------------


@pytest.fixture
def ivy(school, calendar, case_manager, provider):  # noqa: ANN001, ANN201
    """An IEP from Mon Mar 2 2026, when Lincoln had no calendar imported (2025-26), to Fri
    Feb 26 2027: weekly 60 minutes from the start."""
    student = f.StudentFactory(school=school, first_name="Ivy", last_name="Chen")
    iep = f.IEPFactory(
        student=student, case_manager=case_manager, start_date=D(2026, 3, 2), end_date=D(2027, 2, 26)
    )
    line = ServiceRequirementFactory(iep=iep, provider=provider, area="Occupational therapy")
    ServiceSessionFactory(requirement=line, date=D(2026, 3, 4), minutes=30)
    return student, line


def test_the_dashboard_counts_lines_without_a_calendar_and_says_what_to_import(ivy, school) -> None:  # noqa: ANN001
    student, line = ivy
    # Counted whatever the period: the line's behind and owed (since it began) rest on it.
    result = fidelity_for(scope(student), period_for("year", TODAY), TODAY)
    assert result.figure("uncovered").value == "1"
    whole = fidelity_for(scope(student), Period("custom", D(2026, 3, 2), D(2026, 11, 17)), TODAY)
    uncovered = whole.figure("uncovered")
    assert (uncovered.value, uncovered.status_word) == ("1", "Calendar missing")
    # Mar 2 to Jun 30 2026: 87 weekdays.
    assert whole.lines[line.pk].uncovered == 87
    (gap,) = whole.calendar_gaps
    assert gap.fix == "Import the 2025-26 calendar for Lincoln Middle School"
    assert gap.now and gap.students == ["Ivy Chen"] and gap.lines == 1


def test_the_district_admin_sees_which_calendar_to_import(login, district_admin, ivy, nia) -> None:  # noqa: ANN001
    body = login(district_admin).get(
        reverse("fidelity:dashboard"), {"period": "custom", "start": "2026-03-02", "end": "2026-11-17"}
    )
    text = body.content.decode()
    gaps = text.split('id="gaps-heading"')[1].split("</section>")[0]
    assert "Import the 2025-26 calendar for Lincoln Middle School" in gaps and "Ivy Chen" in gaps
    # Nia's IEP runs to Aug 31 2027, into 2027-28: needed ahead, not yet affecting figures.
    assert "Import the 2027-28 calendar for Lincoln Middle School" in gaps
    assert "Needed before 2027-28 begins" in gaps and "Figures affected now" in gaps
    assert reverse("rostering:imports") in gaps  # the imports page, whose form uploads the file
    # The week of Mon Jun 28 2027 holds Jul 1-2 (2027-28): it never asks for 2026-27, which exists.
    assert "2026-27" not in gaps


def test_the_students_services_show_the_uncovered_weeks(login, case_manager, ivy) -> None:  # noqa: ANN001
    student, _line = ivy
    body = login(case_manager).get(reverse("services:student", args=[student.pk])).content.decode()
    assert 'Week of Mar 2: <strong class="calendar-gap">no school calendar covers this week' in body
    assert "No school calendar covers 87 weekdays of this service" in body
    assert "minutes owed cannot be computed for 18 weeks" in body
    panel = login(case_manager).get(reverse("students:detail", args=[student.pk])).content.decode()
    assert "No school calendar covers 87 weekdays" in panel


def test_the_evidence_packet_never_says_0_required_for_an_uncovered_week(ivy, school_admin) -> None:  # noqa: ANN001
    student, _line = ivy
    packet = evidence.build_packet(student, D(2026, 3, 2), D(2026, 11, 18), TODAY)
    weekly = packet.section("minutes_by_week")
    rows = {row[1]: row for row in weekly.rows}
    assert rows[D(2026, 3, 2)][2] == "no school calendar covers this week — minutes owed cannot be computed"
    assert rows[D(2026, 3, 2)][3] == 30  # what was delivered still shows
    uncovered = [r for r in weekly.rows if isinstance(r[2], str)]
    assert len(uncovered) == 18  # the weeks of Mar 2 .. Jun 29
    assert rows[D(2026, 11, 9)][2] == 60
    assert "has no school calendar for 2025-26" in weekly.note
    owed = packet.section("minutes_owed")
    assert owed.rows[0][-1] == 87
    archive = zipfile.ZipFile(io.BytesIO(evidence.zip_packet(packet)))
    assert "no school calendar covers this week" in archive.read("minutes_by_week.csv").decode()
