"""One truth for every compliance figure: the pages, the exports and the reminders agree.

Each question has one function:
- is this progress report owed, sent, late? `progress.reports.report_statuses` (rules in
  `progress.due`);
- is this acknowledgement outstanding? `accommodations.acknowledgements.acknowledgement_status`;
- is this deadline met? the checklist registry (`students.checklist.checklist_for`,
  `deadlines_for`, `iep_deadlines`, `reevaluation_due`).

These tests read what people read — the reports page, the student's checklist, the caseload's
"next" deadline, the deadlines CSV, the evidence packet's CSV, the reminders the sweeps would
send and have sent — and compare each with the function's answer, so a page that computed its
own answer would fail here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter, defaultdict
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accommodations.acknowledgements import acknowledgement_status
from accommodations.reminders import acknowledgements_sweep
from fidelity.deadlines import KINDS
from iep_portal.models import User
from meetings.models import Meeting
from meetings.reminders import notice_sweep
from notifications.models import Notification
from progress.due import LATE, REPORT_STATUS_LABELS, IEPReports
from progress.models import Goal
from progress.reminders import report_sweep
from progress.reports import report_statuses
from students.checklist import checklist_for, deadlines_for, reevaluation_due
from students.models import IEP
from students.reminders import deadline_sweep
from tests.conftest import FROZEN_TODAY, with_mfa
from tests.progress.factories import GoalFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db
D = dt.date
CHICAGO = ZoneInfo("America/Chicago")


# --- reading what people read ------------------------------------------------------------------


def _checklist_page(client: Any, student_pk: int) -> dict[str, dict[str, str]]:
    """The student's documentation checklist as shown: item -> {status, due}."""
    body = client.get(reverse("meetings:meetings", args=[student_pk])).content.decode()
    found = {}
    for attrs in re.findall(r'<li (data-item="[^>]*)>', body):
        values = dict(re.findall(r'data-([a-z]+)="([^"]*)"', attrs))
        found[values.pop("item")] = values
    return found


def _period_page(client: Any, student_pk: int, number: int) -> tuple[str, str]:
    """The reports page for one period: (the period's status, the page's text)."""
    response = client.get(reverse("progress:reports_period", args=[student_pk, number]))
    assert response.status_code == 200
    body = response.content.decode()
    found = re.search(r'data-period-status="([a-z_]+)"', body)
    assert found, "the reports page states the period's status"
    return found.group(1), body


def _csv_rows(content: bytes | str) -> list[dict[str, str]]:
    text = content.decode() if isinstance(content, bytes) else content
    return list(csv.DictReader(io.StringIO(text)))


def _deadlines_csv(client: Any) -> list[dict[str, str]]:
    response = client.get(reverse("fidelity:deadlines"), {"within": 180, "format": "csv"})
    assert response.status_code == 200
    return _csv_rows(response.content)


def _packet(client: Any, student_pk: int, start: D, end: D) -> zipfile.ZipFile:
    response = client.get(
        reverse("fidelity:evidence_download", args=[student_pk]),
        {"start": start.isoformat(), "end": end.isoformat()},
    )
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def _when(due: D, today: D) -> str:
    n = (due - today).days
    if n < 0:
        return f"{-n} day{'s' if n != -1 else ''} overdue"
    return "due today" if n == 0 else f"in {n} day{'s' if n != 1 else ''}"


def _expected_report_item(reports: IEPReports) -> tuple[str, str]:
    """The checklist item's status and due date, from report_statuses."""
    chase = reports.first_unsent
    due = chase.due_on.isoformat() if chase else ""
    if not reports.goals or not reports.ended:
        return "not_applicable", due
    return ("missing" if any(p.unsent for p in reports.ended) else "done"), due


# --- the fault, reproduced -----------------------------------------------------------------------


def test_a_goal_entered_late_gets_one_answer_everywhere(
    login,
    iep: IEP,
    calendar,
    case_manager: User,
    school_admin: User,  # noqa: ANN001
) -> None:
    """Two goals in the IEP since Sep 8, typed into the portal on Nov 10, after period 1 (Aug 17
    to Oct 28) ended. Reading's report went home Nov 3; Math's was written but never sent. Its
    due date was Nov 4 (a week's grace), so today, Nov 18, period 1 is 14 days overdue.

    Before: the reports page said "Sent" (one goal's report was), the checklist said nothing was
    owed yet (it counted from the rows' creation), the deadlines list said overdue, the packet
    said not sent, and the sweep sent nothing (it treated the period as sent)."""
    student = iep.student
    reading = GoalFactory(iep=iep, area="Reading fluency", baseline_date=D(2026, 9, 8))
    math = GoalFactory(iep=iep, area="Math computation", baseline_date=D(2026, 9, 8))
    Goal.objects.filter(pk__in=[reading.pk, math.pk]).update(
        created_at=dt.datetime(2026, 11, 10, 9, tzinfo=CHICAGO)
    )
    period_1 = {"period_number": 1, "period_start": D(2026, 8, 17), "period_end": D(2026, 10, 28)}
    ProgressReportFactory(
        goal=reading, sent_on=D(2026, 11, 3), sent_how="paper", sent_language="en", **period_1
    )
    ProgressReportFactory(goal=math, **period_1)  # written, not sent

    client = login(case_manager)
    status, body = _period_page(client, student.pk, 1)
    assert status == LATE
    assert "1 of 2 goal reports not sent to the family yet" in body
    assert "Overdue since Nov 4" in body
    assert "Every goal&#x27;s report was sent" not in body and "Every goal's report was sent" not in body

    item = _checklist_page(client, student.pk)["progress_reports"]
    assert (item["status"], item["due"]) == ("missing", "2026-11-04")

    docs = client.get(reverse("meetings:documentation")).content.decode()
    assert 'data-next="progress_reports" data-due="2026-11-04"' in docs

    client = login(school_admin)
    [row] = [r for r in _deadlines_csv(client) if r["deadline"] == "Progress reports"]
    assert (row["due"], row["status"]) == ("2026-11-04", "14 days overdue")
    assert row["note"] == "Period 1 of 4 (Aug 17 to Oct 28): 1 of 2 goal reports not sent."

    packet = _packet(client, student.pk, D(2026, 9, 8), FROZEN_TODAY)
    reports = {(r["goal"], r["period"]): r for r in _csv_rows(packet.read("progress_reports.csv"))}
    assert (reports[("Reading fluency", "1")]["status"], reports[("Reading fluency", "1")]["sent on"]) == (
        "Sent",
        "2026-11-03",
    )
    assert (reports[("Math computation", "1")]["status"], reports[("Math computation", "1")]["sent on"]) == (
        "Overdue",
        "not sent",
    )

    reminders = {r.key: r for r in report_sweep(FROZEN_TODAY)}
    key = f"progress-report:{iep.pk}:2026-08-17:overdue"
    assert reminders[key].user_id == case_manager.pk and reminders[key].urgent
    assert not any(":admin:" in k for k in reminders)  # administrators: fidelity.reminders


# --- over a seeded district ------------------------------------------------------------------------


@pytest.fixture
def district(db: None) -> dict[str, Any]:
    call_command("seed_district", students=12, seed=5, stdout=StringIO())
    director = with_mfa(User.objects.get(email="director@bench5.test"))
    ieps = list(
        IEP.objects.active()
        .filter(student__active=True)
        .select_related("student", "student__school", "case_manager")
        .order_by("pk")
    )
    return {"director": director, "ieps": ieps, "today": timezone.localdate()}


def test_every_page_export_and_reminder_agrees_over_a_seeded_district(login, district) -> None:  # noqa: ANN001, C901, PLR0912, PLR0915
    today: D = district["today"]
    HORIZON = today + dt.timedelta(days=180)  # noqa: N806 (the deadlines list's widest window)
    ieps: list[IEP] = district["ieps"]
    truth = report_statuses(ieps, today)
    lines = checklist_for(ieps, today)
    statuses = {s.iep.pk: s for s in deadlines_for(ieps, today)}
    # The compliance list asks for its kinds alone; it gets exactly those of the full answer.
    for status in deadlines_for(ieps, today, only=KINDS):
        assert status.deadlines == [d for d in statuses[status.iep.pk].deadlines if d.key in KINDS]
    acks: dict[int, list[Any]] = defaultdict(list)
    for due in acknowledgement_status(ieps, today=today):
        acks[due.iep.pk].append(due)

    # The seed enters every goal today, months after the IEPs began: the fault's very shape.
    assert any(r.late for r in truth.values()), "some IEP has a late report in the seeded district"
    assert any(row.sent for r in truth.values() for p in r.owed for row in p.rows)

    would_send = {r.key: r for r in report_sweep(today)}
    have_sent = set(
        Notification.objects.filter(
            kind=Notification.Kind.DEADLINE, dedupe_key__startswith="progress-report:"
        ).values_list("dedupe_key", flat=True)
    )
    ack_reminders = {r.key for r in acknowledgements_sweep(today)}
    deadline_reminders = {r.key for r in deadline_sweep(today)}

    director = district["director"]
    csv_rows: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in _deadlines_csv(login(director)):
        csv_rows[(row["student id"], row["deadline"])].append(row)

    for iep in ieps:
        student = iep.student
        reports = truth[iep.pk]
        what = f"{student} (IEP {iep.pk})"

        # The checklist (the function's own answer, then the page).
        item = {line.key: line.result for line in lines[iep.pk]}
        expected_status, expected_due = _expected_report_item(reports)
        assert item["progress_reports"].status == expected_status, what
        page = _checklist_page(login(iep.case_manager), student.pk)
        assert page["progress_reports"].get("status") == expected_status, what
        assert page["progress_reports"].get("due", "") == expected_due, what
        assert page["reevaluation"].get("due", "") == (
            reevaluation_due(iep).isoformat() if reevaluation_due(iep) else ""
        ), what  # type: ignore[union-attr]
        outstanding = [d for d in acks[iep.pk] if d.outstanding]
        if "support_acknowledgements" in page:
            assert page["support_acknowledgements"]["status"] == (
                "missing" if outstanding else ("done" if acks[iep.pk] else "not_applicable")
            ), what

        # The reports page, period by period.
        client = login(iep.case_manager)
        for period in reports.periods:
            owed = reports.for_period(period)
            shown, _body = _period_page(client, student.pk, period.number)
            assert shown == (owed.status if owed else "not_owed"), f"{what}, period {period.number}"

        # The deadlines list (CSV): progress reports, annual review, reevaluation.
        chase = reports.first_unsent
        rows = csv_rows[(student.student_number, "Progress reports")]
        if chase is not None and chase.due_on <= HORIZON:
            assert [(r["due"], r["status"]) for r in rows] == [
                (chase.due_on.isoformat(), _when(chase.due_on, today))
            ], what
            assert rows[0]["note"] == item["progress_reports"].note, what  # the checklist's words
            if expected_status == "missing":
                assert rows[0]["note"] == chase.describe(), what
        else:
            assert rows == [], what
        reeval = reevaluation_due(iep)
        assert [r["due"] for r in csv_rows[(student.student_number, "Reevaluation")]] == (
            [reeval.isoformat()] if reeval and reeval <= HORIZON else []
        ), what
        assert [r["due"] for r in csv_rows[(student.student_number, "Annual review")]] == (
            [iep.annual_review_due.isoformat()] if iep.annual_review_due <= HORIZON else []
        ), what
        transition = item.get("transition_plan")
        if transition is not None:
            assert [r["due"] for r in csv_rows[(student.student_number, "Transition plan (age 16)")]] == (
                [transition.due.isoformat()] if transition.status == "missing" and transition.due else []
            ), what

        # The family notice: the checklist and the deadlines give the same date for it.
        notice = item.get("family_notice")
        notice_deadlines = [d for d in statuses[iep.pk].deadlines if d.key == "notice"]
        if notice_deadlines and notice is not None:
            assert notice.status == "missing" and notice.due == notice_deadlines[0].due, what

        # The caseload page's "next" is the soonest of the same deadlines.
        status = statuses[iep.pk]
        if chase is not None:
            assert status.next_deadline is not None and status.next_deadline.due <= chase.due_on, what

        # The reminders: every late period is overdue in the sweep (would send) and in the
        # notifications the seed's sweep already wrote (has sent); nothing else is overdue.
        late = {p.period.start.isoformat() for p in reports.late}
        prefix = f"progress-report:{iep.pk}:"
        overdue_keys = {k for k in would_send if k.startswith(prefix) and k.endswith(":overdue")}
        assert overdue_keys == {f"{prefix}{start}:overdue" for start in late}, what
        assert {k for k in have_sent if k.startswith(prefix) and k.endswith(":overdue")} == overdue_keys, what
        for key in would_send:
            if key.startswith(prefix) and not key.endswith(":overdue") and ":admin:" not in key:
                start = key.split(":")[2]
                assert any(
                    p.period.start.isoformat() == start and p.unsent and p.status != LATE
                    for p in reports.owed
                ), what
        remind_after = settings.IEP_ACKNOWLEDGE_REMIND_DAYS
        for due in outstanding:
            since = timezone.localdate(due.since)
            key = f"unacknowledged:{iep.pk}:{due.user.pk}:{since.isoformat()}"
            assert (key in ack_reminders) == ((today - since).days >= remind_after), what
        mine = {
            k
            for k in ack_reminders
            if k.startswith(f"unacknowledged:{iep.pk}:") and not k.endswith(":case-manager")
        }
        assert len(mine) <= len(outstanding), what
        if reeval is not None and reeval < today:
            assert f"deadline:reevaluation:{iep.pk}:{reeval.isoformat()}:overdue" in deadline_reminders, what
        assert not any(
            k.startswith(f"deadline:reevaluation:{iep.pk}:") and reeval and reeval.isoformat() not in k
            for k in deadline_reminders
        ), what

    # A family-notice reminder is only ever for a notice the checklist shows as missing.
    for reminder in notice_sweep(today):
        meeting = Meeting.objects.get(pk=int(reminder.key.split(":")[1]))
        item = {line.key: line.result for line in lines[meeting.iep_id]}["family_notice"]
        assert (item.status, item.due) == ("missing", meeting.notice_due_by), reminder.key

    # The evidence packet, for a few students (the packet is the slowest page).
    for iep in ieps[:4]:
        reports = truth[iep.pk]
        packet = _packet(login(director), iep.student.pk, iep.start_date, today)
        rows = _csv_rows(packet.read("progress_reports.csv"))
        owed_in_range = Counter(
            (str(p.period.number), row.due_on.isoformat(), REPORT_STATUS_LABELS[row.status])
            for p in reports.owed
            if p.period.end >= iep.start_date and p.period.start <= today
            for row in p.rows
        )
        shown = Counter(
            (r["period"], r["due by"], r["status"])
            for r in rows
            if any(p.period.start.isoformat() == r["from"] for p in reports.owed)
        )
        assert shown == owed_in_range, f"{iep.student}"
        summary = packet.read("summary.html").decode()
        outstanding = [d for d in acks[iep.pk] if d.outstanding]
        if outstanding:
            for due in outstanding:
                assert (due.user.get_full_name() or due.user.email) in summary
        else:
            assert "Nobody has an outstanding acknowledgement today." in summary
