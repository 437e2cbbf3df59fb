"""One truth for every service line: over a seeded district, "behind", the minutes owed and
the fidelity percent are the same on My day, the fidelity dashboard (computed and stored),
the student's service ledger, the evidence packet and the minutes reminders.

All of them count through `students.calendar.figures_through(today)` (yesterday) and ask
`services.ledger_queries.ledgers_for`, i.e. `services.ledger.ledger`, for the answer.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fidelity import evidence
from fidelity.figures import cached_fidelity, period_for
from iep_portal.models import User
from services import panels
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement
from services.reminders import BEHIND_PREFIX, minutes_sweep
from students.calendar import figures_through
from students.models import IEP, SchoolCalendar, Student
from tests.conftest import signed_in, with_mfa

Status = tuple[bool, int, int, int]  # behind, owed, percent, uncovered weekdays


@pytest.fixture
def district(db: None) -> None:
    call_command("seed_district", students=40, seed=7, stdout=StringIO())


def _lines() -> list[ServiceRequirement]:
    return list(
        ServiceRequirement.objects.filter(
            iep__status=IEP.Status.ACTIVE, iep__student__active=True, start_date__lte=timezone.localdate()
        )
        .select_related("iep", "iep__student", "provider")
        .order_by("pk")
    )


def test_every_service_line_has_one_status_on_every_page(district, client) -> None:  # noqa: ANN001
    today = timezone.localdate()
    through = figures_through(today)
    lines = _lines()
    assert len(lines) > 40  # every student has at least one service line
    truth: dict[int, Status] = {}
    for pk, entry in ledgers_for(lines, through).items():
        led = entry.ledger
        truth[pk] = (led.behind, led.owed, led.percent, len(led.uncovered_days))
    assert any(s[0] for s in truth.values()) and not all(s[0] for s in truth.values())
    assert any(s[1] for s in truth.values())  # some lines owe minutes

    # My day: each provider's panel.
    on_my_day: dict[int, Status] = {}
    for provider in User.objects.filter(pk__in={r.provider_id for r in lines}):
        built = panels.my_day(provider, today, [])
        for row in (built or {}).get("rows", []):
            led = row["ledger"]
            on_my_day[row["requirement"].pk] = (led.behind, led.owed, led.percent, len(led.uncovered_days))
    current = {r.pk for r in lines if r.as_service().end >= today}
    assert set(on_my_day) == current
    assert on_my_day == {pk: truth[pk] for pk in current}

    # The fidelity dashboard, as computed and as stored and read back.
    period = period_for("year", today)
    computed, _ = cached_fidelity(Student.objects.all(), None, period, today, refresh=True)
    stored, _ = cached_fidelity(Student.objects.all(), None, period, today)
    for figures in (computed, stored):
        board = {pk: (ln.behind, ln.owed, ln.percent, ln.uncovered) for pk, ln in figures.lines.items()}
        assert {pk: board[pk] for pk in truth} == truth
        assert figures.totals["behind"].num == sum(1 for s in truth.values() if s[0])
        assert figures.totals["owed"].num == sum(s[1] for s in truth.values())

    # The student's service ledger page.
    signed_in(client, with_mfa(User.objects.get(role=User.Role.DISTRICT_ADMIN)))
    on_page: dict[int, Status] = {}
    for student_id in {r.iep.student_id for r in lines}:
        response = client.get(reverse("services:student", args=[student_id]))
        assert response.status_code == 200
        for item in response.context["services"]:
            led = item["ledger"]
            on_page[item["requirement"].pk] = (led.behind, led.owed, led.percent, len(led.uncovered_days))
    assert {pk: on_page[pk] for pk in truth} == truth

    # The evidence packet: minutes owed, one row per service line in the packet's order.
    in_packet: dict[int, Status] = {}
    for student in Student.objects.filter(pk__in={r.iep.student_id for r in lines}):
        iep = IEP.objects.get(student=student, status=IEP.Status.ACTIVE)
        packet = evidence.build_packet(student, iep.start_date, today, today)
        ordered = list(
            ServiceRequirement.objects.filter(iep__student=student, iep__start_date__lte=today)
            .exclude(iep__status=IEP.Status.DRAFT)
            .filter(start_date__lte=today, end_date__gte=iep.start_date)
            .order_by("iep__start_date", "kind", "area")
        )
        rows = packet.section("minutes_owed").rows
        assert len(rows) == len(ordered)
        for r, row in zip(ordered, rows, strict=True):
            assert row[0] == r.area
            in_packet[r.pk] = (row[7] == "Behind", row[6], int(row[8].rstrip("%")), row[9])
    assert {pk: in_packet[pk] for pk in truth} == truth

    # The reminders: exactly the current lines behind are reminded.
    # Per line; the administrators' count per school (minutes-behind:school:...) names no line.
    reminded = {int(r.key.split(":")[1]) for r in minutes_sweep(today)
                if r.key.startswith(BEHIND_PREFIX) and not r.key.startswith(f"{BEHIND_PREFIX}:school:")}
    assert reminded == {pk for pk in current if truth[pk][0]}


def test_the_seeded_district_shows_its_missing_calendars(district) -> None:  # noqa: ANN001
    """Seeded IEPs began last school year; without that year's calendar the dashboard says
    which calendar to import instead of counting those weeks as nothing required."""
    today = timezone.localdate()
    school = Student.objects.order_by("pk").first().school  # type: ignore[union-attr]
    SchoolCalendar.objects.filter(school=school, start_date__year=today.year - 1).delete()
    figures, _ = cached_fidelity(Student.objects.all(), None, period_for("year", today), today, refresh=True)
    gaps = figures.calendar_gaps
    assert gaps and all(g.fix.startswith("Import the ") for g in gaps)
    assert {g.fix for g in gaps} >= {f"Import the {today.year - 1}-{today.year % 100:02d} calendar for {school.name}"}
    uncovered = [ln for ln in figures.lines.values() if ln.uncovered]
    assert figures.totals["uncovered"].num == len(uncovered) > 0
    assert dt.date(2026, 11, 17) == figures.period.end
