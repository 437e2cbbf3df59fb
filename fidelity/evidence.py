"""The evidence packet: for one student and a date range, everything a district hands a
hearing officer or a state monitor, as a ZIP of CSV files, goal graphs (SVG) and a printable
summary (HTML, one file with its styles inside, so it opens anywhere).

Sections (each a CSV and a heading in the summary, in this order):
services (the IEP's service lines), supports (accommodations, modifications, strategies),
minutes_by_week (required vs delivered, week by week, per service), sessions (every session
with its miss reason, makeups and amendments), minutes_owed (makeups and minutes owed per
service), accommodation_checks (every check, per teacher) with a per-teacher summary,
acknowledgements (with dates, and who is outstanding by accommodations.acknowledgements),
goals (graphs as SVG files), data_points (happened, recorded, by whom, late and approval
marks), progress_reports (every report owed, with its due date and its status by
progress.reports.report_statuses, and the sent dates), family_contacts, access_log.

The caller has already checked access through students/access.py (which logged the export).
Queries: a fixed number per packet, whatever the volume of sessions, checks or data points.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from accommodations.acknowledgements import acknowledgement_status
from accommodations.models import Acknowledgement, CheckChange, ImplementationCheck, Support
from accommodations.rates import counted_through, implementation_for
from iep_portal import csv_export
from iep_portal.models import AccessLog
from iep_portal.timefmt import iso_datetime, iso_local
from progress.decisions import current_phase
from progress.due import REPORT_STATUS_LABELS, report_due_on, report_grace_days, report_status
from progress.graph import build_graph
from progress.models import DataPoint, Goal, GoalDecision, ProgressReport
from progress.reports import report_statuses
from services import ledger
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement, ServiceSession
from students.calendar import figures_through, school_year_label, school_year_of
from students.models import IEP, ParentContact, Student
from students.school_days import school_days_for


@dataclass
class Section:
    key: str
    title: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""

    @property
    def filename(self) -> str:
        return f"{self.key}.csv"


@dataclass
class GoalGraph:
    goal: Goal
    svg: str
    filename: str
    description: str


@dataclass
class Packet:
    student: Student
    start: dt.date
    end: dt.date
    generated_at: dt.datetime
    ieps: list[IEP]
    sections: list[Section]
    graphs: list[GoalGraph]
    teacher_summary: list[list[Any]]

    @property
    def filename(self) -> str:
        """The download's name: the student ID with anything but letters, digits, dots and
        hyphens replaced, so no stored ID can break a file name."""
        number = re.sub(r"[^\w.-]+", "-", self.student.student_number).strip("-.") or "student"
        return f"evidence-{number}-{self.start.isoformat()}-{self.end.isoformat()}"

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def _person(user: Any) -> str:
    return (user.get_full_name() or user.email) if user else ""


UNCOVERED = "no school calendar covers this week — minutes owed cannot be computed"


def build_packet(student: Student, start: dt.date, end: dt.date, today: dt.date) -> Packet:
    as_of = min(end, figures_through(today))  # today is in progress: no figure counts it
    ieps = list(
        IEP.objects.filter(student=student, start_date__lte=end, end_date__gte=start)
        .exclude(status=IEP.Status.DRAFT).select_related("student", "case_manager").order_by("start_date")
    )
    sections: list[Section] = []

    requirements = list(
        ServiceRequirement.objects.regular_year()
        .filter(iep__in=ieps, start_date__lte=end, end_date__gte=start)
        .select_related("iep", "iep__student", "provider").order_by("iep__start_date", "kind", "area")
    )
    sections.append(Section("services", "Services in the IEP", [
        "IEP dates", "service", "kind", "minutes", "per", "sessions", "setting", "provider", "from", "to",
    ], [[f"{r.iep.start_date} to {r.iep.end_date}", r.area, r.get_kind_display(), r.minutes,
         r.get_period_display(), r.sessions, r.get_setting_display(), _person(r.provider),
         r.start_date, r.end_date] for r in requirements]))

    supports = list(Support.objects.filter(iep__in=ieps)
                    .order_by("iep__start_date", "kind", "category", "pk"))
    sections.append(Section("supports", "Supports: accommodations, modifications and strategies", [
        "kind", "category", "support", "applies to", "expected", "from", "to",
    ], [[s.get_kind_display(), s.get_category_display(), s.text,
         s.get_scope_display() + (f" ({', '.join(s.subjects)})" if s.subjects else ""),
         s.get_frequency_display(), s.start_date, s.end_date or ""] for s in supports]))

    # Minutes: the weekly ledger per service, every session, and what is owed.
    logged = ServiceSession.objects.filter(requirement__in=requirements, date__range=(start, end))
    sessions = list(
        logged.select_related("logged_by", "certified_by", "on_behalf_of", "amends", "approval",
                                "approval__decided_by")
        .prefetch_related("makes_up").order_by("date", "logged_at")
    )
    # The minutes count what ServiceSession.counted() counts: pending, rejected and
    # not-yet-approved entries are listed below but add no minutes.
    counted = set(logged.counted().values_list("pk", flat=True))
    effective = [s for s in sessions if s.pk in counted]
    days = school_days_for({student.school_id}) if requirements else {}
    by_requirement: dict[int, list[ServiceSession]] = defaultdict(list)
    for s in effective:
        by_requirement[s.requirement_id].append(s)
    weekly = Section("minutes_by_week", "Required and delivered minutes, week by week", [
        "service", "week of", "required", "delivered", "missed (student)", "missed (school)",
        "running balance", "sessions",
    ], note="Required minutes accrue on instructional days only; the balance counts from the "
            "start of the service.")
    missing_years: set[int] = set()
    for r in requirements:
        facts = [(s.as_fact(), s) for s in by_requirement[r.pk] if s.date <= as_of]
        for week in ledger.weeks(r.as_service(), days[student.school_id], facts, as_of):
            if week.start + dt.timedelta(days=6) < start or week.start > end:
                continue
            # A week no calendar covers is a data problem, never "0 required".
            required: Any = week.expected
            if week.uncovered:
                missing_years.update(school_year_of(d) for d in days[student.school_id].uncovered(
                    week.start, week.start + dt.timedelta(days=6)))
                required = UNCOVERED + (f" ({week.expected} min on the days a calendar covers)"
                                        if week.expected else "")
            balance: Any = "" if week.uncovered else week.balance  # unknowable while uncovered
            weekly.rows.append([r.area, week.start, required, week.delivered, week.missed_student,
                                week.missed_school, balance, len(week.sessions)])
    if missing_years:
        years = ", ".join(school_year_label(y) for y in sorted(missing_years))
        weekly.note += (f" {student.school} has no school calendar for {years}: the weeks marked so "
                        f"cannot say what was required until that calendar is imported.")
    sections.append(weekly)
    sections.append(Section("sessions", "Every session, with miss reasons and makeups", [
        "date", "start", "service", "minutes", "status", "reason", "makes up", "entry",
        "amendment reason", "group size", "note", "logged by", "recorded at", "late", "late reason",
        "certified", "on behalf of", "approval", "counts",
    ], [[s.date, iso_local(s.date, s.start_time) if s.start_time else "", _area(s, requirements), s.minutes,
         s.get_status_display(), s.reason,
         "; ".join(f"{m.date} ({m.minutes} min)" for m in s.makes_up.all()),
         s.get_entry_display(), s.amendment_reason, s.group_size, s.note, _person(s.logged_by),
         iso_datetime(s.logged_at), "late" if s.late else "", s.late_reason,
         f"{_person(s.certified_by)}, {iso_datetime(s.certified_at)}" if s.certified_by and s.certified_at
         else "pending",
         _person(s.on_behalf_of) if s.on_behalf_of else "", _session_approval(s),
         "yes" if s.pk in counted else "no"] for s in sessions],
        note="Date is when the session happened; recorded at is when it was entered. A late entry "
             "is marked with its reason; a pending entry (not certified by who delivered it) and an "
             "entry awaiting or refused an administrator's approval do not count."))
    ledgers = ledgers_for(requirements, as_of) if requirements else {}
    sections.append(Section("minutes_owed", "Makeups and minutes owed", [
        "service", "expected to date", "delivered to date", "missed (student)", "missed (school)",
        "made up", "owed", "pace", "fidelity to date", "weekdays without a school calendar",
    ], [[r.area, line.expected, line.delivered, line.missed_student, line.missed_school,
         line.made_up, line.owed, line.pace_label, f"{line.percent}%", len(line.uncovered_days)]
        for r in requirements if (line := ledgers[r.pk].ledger)],
        note=f"As of {as_of} (figures stop at the end of the day before the packet was made), "
             f"since each service started. Fidelity counts each line at most what it required."))

    checks = list(
        ImplementationCheck.objects.filter(student=student, date__range=(start, end))
        .select_related("teacher", "section", "support", "approved_by")
        .prefetch_related("changes__recorded_by", "changes__changed_by")
        .order_by("teacher__last_name", "date")
    )
    sections.append(Section("accommodation_checks", "Accommodation checks, by teacher", [
        "recorded by", "class", "class day", "recorded at", "support", "outcome", "note", "late",
        "late reason", "earlier outcomes", "approval",
    ], [[_person(c.teacher), str(c.section), c.date, c.recorded_at, c.support.text,
         c.get_outcome_display(), c.note, "late" if c.late else "", c.late_reason,
         "; ".join(_earlier(ch) for ch in c.changes.all()), _check_approval(c)]
        for c in checks],
        note="Class day is when the class met; recorded at is when the outcome shown was entered. "
             "Absent class meetings are left out of the rates. A check entered past the approval "
             "window counts only once approved."))
    implementation = implementation_for([student.pk], start, min(end, counted_through(today)))
    teacher_summary = [
        [_person(teacher), f.total, f.provided, f.not_provided, f.not_checked, f.not_needed,
         f.absent, "" if f.percent is None else f"{f.percent}%"]
        for teacher, f in ((t, tally.figure()) for t, tally in implementation.by_teacher())
    ]

    acknowledgements = list(
        Acknowledgement.objects.filter(iep__in=ieps).select_related("user").order_by("acknowledged_at")
    )
    ack = Section("acknowledgements", "Acknowledgements of the supports", [
        "who", "acknowledged at", "IEP dates",
    ], [[_person(a.user), a.acknowledged_at,
         _iep_dates(a.iep_id, ieps)] for a in acknowledgements])
    outstanding = [d for d in acknowledgement_status([i for i in ieps if i.is_active()], today=today)
                   if d.outstanding]
    ack.note = ("Outstanding today: " + "; ".join(
        f"{_person(d.user)} (due since {timezone.localtime(d.since):%Y-%m-%d}, {d.reason})"
        for d in outstanding
    )) if outstanding else "Nobody has an outstanding acknowledgement today."
    sections.append(ack)

    goals = list(Goal.objects.filter(iep__in=ieps).select_related("iep")
                 .order_by("iep__start_date", "area", "pk"))
    # Graphs and counts read the points that count; the data_points section lists every one,
    # with when it happened, when and by whom it was recorded, and its late and approval marks.
    points: dict[int, list[DataPoint]] = defaultdict(list)
    for p in DataPoint.objects.counting().filter(goal__in=goals, date__lte=end).order_by("date", "pk"):
        points[p.goal_id].append(p)
    every_point = list(
        DataPoint.objects.filter(goal__in=goals, date__range=(start, end))
        .select_related("goal", "collected_by", "recorded_by", "decided_by").order_by("date", "pk")
    )
    decided: dict[int, list[GoalDecision]] = defaultdict(list)
    for decision in GoalDecision.objects.filter(goal__in=goals, decided_on__lte=end).in_order():
        decided[decision.goal_id].append(decision)
    graphs = []
    goal_rows = []
    for i, goal in enumerate(goals, 1):
        analysis = goal.analyse(points[goal.pk], decided[goal.pk], until=end)
        phase = current_phase(points[goal.pk], decided[goal.pk], until=end)
        graph = build_graph(goal, points[goal.pk], analysis, phase.lines)
        markup = render_to_string("progress/_graph.html", {"graph": graph, "gid": f"p{goal.pk}"})
        found = re.search(r"<svg.*?</svg>", markup, re.S)
        svg = found.group(0) if found else ""
        graphs.append(GoalGraph(goal, svg, f"goal-{i}-{_slug(goal.area)}.svg", graph.description))
        in_range = [p for p in points[goal.pk] if p.date >= start]
        goal_rows.append([goal.area, goal.annual_goal, goal.get_measure_display(),
                          goal.baseline_value, goal.target_value, len(in_range),
                          in_range[-1].date if in_range else "", analysis.decision_text,
                          graphs[-1].filename])
    sections.append(Section("goals", "Goals and their graphs", [
        "area", "annual goal", "measure", "baseline", "target", "data points in range", "last data",
        "decision", "graph file",
    ], goal_rows))
    data_points = Section("data_points", "Every data point, with when it was recorded", [
        "goal", "happened on", "value", "setting", "collected by", "recorded at", "recorded by",
        "late", "why late", "approval", "decided by", "decided at", "counts",
    ], [[p.goal.area, p.date, p.display_value, p.get_setting_display(), _person(p.collected_by),
         p.recorded_at, _person(p.recorded_by), "late" if p.late else "", p.late_reason,
         p.get_approval_display() if p.late else "", _person(p.decided_by), p.decided_at or "",
         "yes" if p.counts else "no"] for p in every_point])
    late_points = [p for p in every_point if p.late]
    data_points.note = (
        f"{len(late_points)} entered late (more than {settings.EVIDENCE_LATE_AFTER_SCHOOL_DAYS} school "
        f"days after the day); {sum(not p.counts for p in every_point)} not counted (waiting for or "
        "refused an administrator's approval)." if every_point else ""
    )
    sections.append(data_points)

    sections.append(_progress_reports(ieps, goals, start, end, today))

    contacts = list(
        ParentContact.objects.filter(student=student, contacted_on__range=(start, end))
        .select_related("staff").order_by("contacted_on")
    )
    sections.append(Section("family_contacts", "Family contacts", [
        "date", "staff", "with", "how", "summary",
    ], [[c.contacted_on, _person(c.staff), c.family_member, c.get_channel_display(), c.summary]
        for c in contacts]))

    log = list(
        AccessLog.objects.filter(student=student, at__date__range=(start, end))
        .select_related("user").order_by("at")
    )
    sections.append(Section("access_log", "Who opened this student's record", [
        "when", "staff", "action", "page",
    ], [[a.at, _person(a.user), a.action, a.path]
        for a in log]))
    return Packet(student, start, end, timezone.now(), ieps, sections, graphs, teacher_summary)


REPORT_HEADER = ["goal", "period", "from", "to", "due by", "status", "progress", "sent on", "how",
                 "language", "written by"]


def _progress_reports(ieps: list[IEP], goals: list[Goal], start: dt.date, end: dt.date,
                      today: dt.date) -> Section:
    """Every report owed in the range, sent or not, with its status as every page shows it
    (progress.reports.report_statuses for the active IEP's school year), then reports on file
    from other periods (status by progress.due.report_status). Queries: 4 + 1."""
    owed = report_statuses([i for i in ieps if i.is_active()], today)
    on_file = {
        (r.goal_id, r.period_start): r
        for r in ProgressReport.objects.filter(goal__in=goals, period_end__gte=start, period_start__lte=end)
        .select_related("written_by")
    }
    area = {g.pk: g.area for g in goals}
    rows: list[list[Any]] = []
    listed: set[tuple[int, dt.date]] = set()
    for reports in owed.values():
        for period in reports.owed:
            if period.period.end < start or period.period.start > end:
                continue
            for due in period.rows:
                report = on_file.get((due.goal_id, period.period.start))
                listed.add((due.goal_id, period.period.start))
                rows.append(_report_row(area[due.goal_id], period.period.number, period.period.start,
                                        period.period.end, due.due_on, due.label, report))
    grace = report_grace_days()
    for key, report in on_file.items():
        if key in listed:
            continue
        status = report_status(period_end=report.period_end, sent_on=report.sent_on, today=today,
                               grace_days=grace)
        rows.append(_report_row(area.get(report.goal_id, ""), report.period_number, report.period_start,
                                report.period_end, report_due_on(report.period_end, grace),
                                REPORT_STATUS_LABELS[status], report))
    rows.sort(key=lambda r: (r[2], r[0]))
    return Section("progress_reports", "Progress reports to the family", REPORT_HEADER, rows,
                   note=f"A report is owed for each reporting period a goal was in effect, and due "
                        f"{grace} days after the period ends. Status as of {today}.")


def _report_row(area: str, number: int, start: dt.date, end: dt.date, due: dt.date, status: str,
                report: ProgressReport | None) -> list[Any]:
    if report is None:
        return [area, number, start, end, due, status, "not written", "not sent", "", "", ""]
    return [area, number, start, end, due, status, report.get_code_display(), report.sent_on or "not sent",
            report.get_sent_how_display(), report.get_sent_language_display(), _person(report.written_by)]


def _session_approval(session: ServiceSession) -> str:
    state = session.approval_state
    if state in ("approved", "rejected"):
        a = session.approval
        text = f"{state} by {_person(a.decided_by)}, {iso_datetime(a.decided_at)}"
        return f"{text}: {a.reason}" if a.reason else text
    return "awaiting approval" if state else ""


def _area(session: ServiceSession, requirements: list[ServiceRequirement]) -> str:
    return next((r.area for r in requirements if r.pk == session.requirement_id), "")


def _iep_dates(iep_id: int, ieps: list[IEP]) -> str:
    iep = next((i for i in ieps if i.pk == iep_id), None)
    return f"{iep.start_date} to {iep.end_date}" if iep else ""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "goal"


def _csv(section: Section) -> str:
    out = io.StringIO()
    writer = csv_export.writer(out)
    writer.writerow(section.header)
    # A moment is kept as a datetime so the summary writes it for people and the CSV in ISO.
    writer.writerows([[iso_datetime(v) if isinstance(v, dt.datetime) else v for v in row]
                      for row in section.rows])
    return out.getvalue()


TEACHER_HEADER = ["teacher", "expected", "provided", "not provided (or declined)", "not checked",
                  "not needed (left out)", "absent (left out)", "provided rate"]


def _earlier(change: CheckChange) -> str:
    """One earlier outcome of a check-off: what it said, who had recorded it and when, and the
    change (times with their offset, as everywhere in the packet's files)."""
    note = f" (“{change.note}”)" if change.note else ""
    return (f"{change.get_outcome_display()}{note}, recorded by {_person(change.recorded_by)} "
            f"{iso_datetime(change.recorded_at)}, changed by {_person(change.changed_by)} "
            f"{iso_datetime(change.changed_at)}")


def _check_approval(check: ImplementationCheck) -> str:
    if not check.approval:
        return ""
    who = f" by {_person(check.approved_by)} {iso_datetime(check.approved_at)}" if check.approved_by \
        and check.approved_at else ""
    reason = f": {check.rejection_reason}" if check.rejection_reason else ""
    return f"{check.get_approval_display()}{who}{reason}"


def summary_html(packet: Packet, *, standalone: bool = False) -> str:
    """The printable summary. Standalone (in the ZIP) it carries its own styles."""
    css = ""
    if standalone:
        from django.contrib.staticfiles import finders

        path = finders.find("css/fidelity.css")
        css = open(path, encoding="utf-8").read() if path else ""  # noqa: PTH123, SIM115
    return render_to_string("fidelity/evidence_summary.html", {
        "packet": packet, "standalone": standalone, "css": css, "teacher_header": TEACHER_HEADER,
    })


def zip_packet(packet: Packet) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("summary.html", summary_html(packet, standalone=True))
        for section in packet.sections:
            archive.writestr(section.filename, _csv(section))
        teachers = io.StringIO()
        writer = csv_export.writer(teachers)
        writer.writerow(TEACHER_HEADER)
        writer.writerows(packet.teacher_summary)
        archive.writestr("accommodation_rates_by_teacher.csv", teachers.getvalue())
        for graph in packet.graphs:
            archive.writestr(f"graphs/{graph.filename}", graph.svg)
    return buffer.getvalue()
