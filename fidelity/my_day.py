"""An administrator's My day: overdue legal deadlines, the schools and staff furthest behind,
and the data problems to fix, each line a link to the page where it is dealt with, worst
first, a few lines each.

Deadlines are `fidelity.deadlines.overdue_for_ieps` (students.checklist.deadlines_for, the
one function the deadlines list and the reminders call); who is behind is read from the
dashboard's stored figures for this school year (`fidelity_for_page`: computed only when
nothing is stored yet); data problems are the school calendars missing (from the same
figures), late entries waiting for approval (every registered kind) and, for the district
administrator, the last roster and IEP-data imports that failed or left rows with problems.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from fidelity.deadlines import overdue_by_kind, overdue_for_ieps
from fidelity.figures import Cell, GroupRow, fidelity_for_page, period_for
from iep_portal.approvals import approval_kinds
from iep_portal.models import User
from rostering.models import ImportRun
from students.models import IEP, Student

SHOWN = 5  # lines per section; the page linked from "all ..." has the rest

ROLE_WORDS = {"case_manager": "case manager", "provider": "provider", "teacher": "gen-ed teacher"}


@dataclass(frozen=True)
class Line:
    text: str
    url: str
    detail: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    lines: list[Line]
    total: int  # lines found, of which SHOWN at most are listed
    more_url: str
    more_text: str
    none_text: str


def _flag(cell: Cell) -> str | None:
    """A cell an administrator should look at, in a few words; None when it is fine."""
    key, ratio = cell.metric.key, cell.ratio
    if key == "behind" and ratio.num:
        return f"{ratio.num:,.0f} service line{'s' if ratio.num != 1 else ''} behind"
    if key == "owed" and ratio.num:
        return f"{ratio.num:,.0f} min owed"
    if key == "uncovered" and ratio.num:
        return f"{ratio.num:,.0f} line{'s' if ratio.num != 1 else ''} without a calendar"
    if key == "acks" and ratio.num:
        return f"{ratio.num:,.0f} acknowledgement{'s' if ratio.num != 1 else ''} outstanding"
    if key in ("minutes", "lines") or cell.status != "concern":
        return None
    words = {"accommodations": "check-offs provided", "goals": "goal data current",
             "reports": "reports on time", "contacts": "family contact current",
             "decisions": "decisions on time"}
    # A figure added later and not worded here still shows, by its own label.
    return f"{words.get(key, cell.metric.label.lower())} {cell.ratio.percent}%"


def _behind_lines(rows: list[GroupRow], period_query: str) -> list[tuple[int, Line]]:
    found = []
    for row in rows:
        flags = [(cell, text) for cell in row.cells if (text := _flag(cell))][:3]  # keep a line short
        if not flags:
            continue
        worst = flags[0][0].metric.key
        name = row.name if row.dimension == "school" else f"{row.name} ({ROLE_WORDS[row.dimension]})"
        url = (f"{reverse('fidelity:students')}?dim={row.dimension}&id={row.pk}&metric={worst}"
               f"&{period_query}")
        weight = sum(3 if c.status == "concern" else 1 for c, _ in flags)
        found.append((weight, Line(name, url, " · ".join(text for _, text in flags),
                                   urgent=any(c.metric.key in ("behind", "owed") for c, _ in flags))))
    found.sort(key=lambda pair: (-pair[0], pair[1].text))
    return found


def _section(key: str, heading: str, lines: list[Line], more_url: str, more_text: str,
             none_text: str) -> Section:
    return Section(key, heading, lines[:SHOWN], len(lines), more_url, more_text, none_text)


def admin_day(user: User, today: dt.date, caseload: Any) -> dict[str, Any] | None:
    """Queries: overdue deadlines (the IEPs and deadlines_for's), the stored figures (1, the
    administrator's schools 1 for a school administrator), each approval kind's waiting
    entries (1 each), the last imports (1, district administrator)."""
    if not user.is_admin_role:
        return None
    students = Student.objects.visible_to(user)
    ieps = IEP.objects.active().filter(student__in=students, student__active=True)
    deadlines = overdue_for_ieps(ieps, today)
    url = reverse("fidelity:deadlines")
    groups = overdue_by_kind(deadlines) if user.is_district_admin else deadlines
    if user.is_district_admin and len({g.school_id for g in deadlines}) <= 1:
        groups = deadlines  # one school: its name says more than "in 1 school"
    overdue = [Line(g.title, f"{url}?{g.query}", g.detail, urgent=True) for g in groups]

    school_ids = None if user.is_district_admin else list(user.schools.values_list("pk", flat=True))
    period = period_for("year", today)
    figures, computed_at, _stale = fidelity_for_page(students, school_ids, period, today)
    period_query = "period=year"
    dashboard = reverse("fidelity:dashboard")
    schools = [line for _, line in _behind_lines(figures.breakdowns.get("school", []), period_query)]
    staff = sorted(
        (pair for dim in ("case_manager", "provider", "teacher")
         for pair in _behind_lines(figures.breakdowns.get(dim, []), period_query)),
        key=lambda pair: (-pair[0], pair[1].text),
    )
    behind = schools if len(schools) > 1 or not user.is_district_admin else []
    behind_lines = behind[:3] + [line for _, line in staff]

    problems: list[Line] = []
    if user.is_district_admin:
        for run in (ImportRun.objects.defer("upload", "problems").filter(dry_run=False)
                    .order_by("kind", "-created_at").distinct("kind")):
            detail_url = reverse("rostering:import_detail", args=[run.pk])
            when = f"{run.created_at:%b} {run.created_at.day}"
            if run.status == ImportRun.Status.FAILED:
                problems.append(Line(f"The last {run.get_kind_display()} import failed ({when})",
                                     detail_url, run.message[:120], urgent=True))
            elif run.status == ImportRun.Status.DONE and run.problem_count:
                problems.append(Line(
                    f"The last {run.get_kind_display()} import left {run.problem_count} row"
                    f"{'s' if run.problem_count != 1 else ''} with problems ({when})", detail_url,
                    "Fix them in the source system and import again."))
    for gap in figures.calendar_gaps:
        # The school's page for that year: create it there, or import the district's file.
        fix_url = reverse("schedules:calendar_for_year", args=[gap.school_id, gap.year])
        problems.append(Line(f"No {gap.label} calendar for {gap.school}", fix_url,
                             f"{gap.lines} service line{'s' if gap.lines != 1 else ''} cannot count "
                             "minutes owed",
                             urgent=gap.now))
    waiting = sum(len(kind.waiting(user)) for kind in approval_kinds())
    if waiting:
        entries = "late entries wait" if waiting != 1 else "late entry waits"
        problems.append(Line(f"{waiting} {entries} for your approval",
                             reverse("approvals:index"), "They do not count until approved."))

    return {
        "computed_at": computed_at,
        "sections": [
            _section("deadlines", "Overdue legal deadlines", overdue, url, "All deadlines",
                     "No legal deadline is overdue."),
            _section("behind", "Schools and staff behind", behind_lines, dashboard, "Fidelity dashboard",
                     "No school or staff member is behind this school year." if computed_at else
                     "This year's figures are being computed for the first time: back in a minute or two."),
            _section("problems", "Data to fix", problems, dashboard, "Fidelity dashboard",
                     "No data problem is waiting."),
        ],
    }
