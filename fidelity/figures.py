"""Implementation fidelity: the administrators' figures, for many students at once.

`fidelity_for(students, period, today)` answers, for a scoped Student queryset (always built
from `Student.objects.visible_to(user)`), seven figures over a period, each with a weekly
trend, and the same figures broken down by school, case manager, provider and gen-ed
teacher. It is set-based: a FIXED number of queries whatever the number of students,
sessions, checks or data points (pinned in tests/fidelity/test_dashboard.py):

- services: requirements (1), calendars (1), closures (1), `ledgers_for` as of the period's
  last day (calendars, closures, sessions: 3) and, when a line began before the period, as
  of the day before it (3), minutes by line, week and status (1);
- accommodations: `rates.implementation_for`'s eleven queries (the days each class meets
  through `schedules.queries.meetings_for`: seven), loaded once and reused for the period
  and each week (11);
- goals: goals with their latest data point (1), collectors (1), weekly currency (1);
- acknowledgements: `acknowledgement_status` (6), acknowledgements by week (1);
- progress reports: schedules (1), reports (1) (goals and calendars are reused);
- family contacts: IEPs with their last contact (1), weekly currency (1);
- decisions: goals (1), their points, decisions and school calendars (4);
- names: users (1), schools (1).

Definitions (what an administrator reads next to each figure):
- Every figure counts through `students.calendar.figures_through(today)` (the end of
  yesterday): the period never reaches into today.
- Minutes: per service line, the ledger's delivered and expected minutes inside the period
  (the ledger as of the last day less the ledger as of the day before the period), each line
  credited at most what it required (`ledger.fidelity_percent`); a group's figure is the SUM
  of its lines' credited minutes over the sum of their required minutes. Lines at 90% or
  better: lines, not minutes. Lines behind and minutes owed: the ledger's own answer
  (`Ledger.behind`, `Ledger.owed`) as of the period's last day, the same function My day,
  the student's ledger, the evidence packet and the reminders call. Lines without a school
  calendar: lines with a weekday up to the last day whose school year has no calendar
  (`Ledger.uncovered_days`).
- Accommodation check-offs: three numbers over the check-offs expected through yesterday,
  provided / not provided / not checked (accommodations.rates.Tally.figure: absent class
  meetings and "not needed today" left out of all three; a late entry awaiting approval is
  not checked). The percent (sorting, status, chart) is provided of the three.
- Goals with current data: active goals whose data are not past due on the period's last
  day (progress.models.GoalQuerySet.with_data_due's clock).
- Acknowledgements outstanding: today (a current state, not a period figure).
- Progress reports sent on time: reports due in the period (a reporting period's end plus
  FIDELITY_REPORT_GRACE_DAYS), sent by that day.
- Family contacts: active IEPs with a family contact within their interval on the last day
  (the family-contact reminder's rule).
- Decision rules answered on time: fires of a goal's decision rule in the period answered by a
  decision within PROGRESS_DECISION_DUE_SCHOOL_DAYS school days, of those answered or past
  their time by the last day (progress.decisions.tally and decision_overdue, the reminder's rule).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import F, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Greatest, TruncWeek

from accommodations import rates
from accommodations.acknowledgements import acknowledgement_status
from accommodations.models import Acknowledgement, ImplementationCheck, Support
from iep_portal.models import User
from iep_portal.sparkline import Spark, spark
from progress import decisions
from progress import periods as report_periods
from progress.due import SENT, report_status
from progress.models import DataPoint, Goal, GoalCollector, ProgressReport, ReportingSchedule
from progress.reports import SchoolYear, grading_periods_of_calendar
from schedules.queries import meetings_for
from services import ledger
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement, ServiceSession
from students.calendar import describe_through, figures_through, school_year_label, school_year_of, week_start
from students.models import IEP, Enrollment, ParentContact, School, SchoolCalendar, Student
from students.school_days import school_days_for

TREND_WEEKS = 12  # the sparkline shows the period's last twelve weeks at most


def report_grace_days() -> int:
    """Days after a reporting period ends by which the family's report counts as on time."""
    return int(getattr(settings, "FIDELITY_REPORT_GRACE_DAYS", 7))


# --- periods ---------------------------------------------------------------------------------

PERIOD_CHOICES = [
    ("year", "This school year to date"),
    ("month", "This month"),
    ("4weeks", "Last 4 weeks"),
    ("custom", "Custom dates"),
]


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return f"{_day(self.start)} to {_day(self.end)}"

    @property
    def checks_through(self) -> dt.date:
        """The last day the check-off figure counts (rates.counted_through: not today)."""
        from django.utils import timezone

        return min(self.end, rates.counted_through(timezone.localdate()))

    @property
    def through(self) -> str:
        """ "Figures through Tue, Dec 1": the cut-off every figure on the page shares."""
        return describe_through(self.end)


def _day(day: dt.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def school_year_start(today: dt.date) -> dt.date:
    """1 July of the school year containing today (calendars start mid-August)."""
    return dt.date(today.year if today.month >= 7 else today.year - 1, 7, 1)


def period_for(key: str, today: dt.date, start: dt.date | None = None,
               end: dt.date | None = None) -> Period:
    """The period's days, always ending by the cut-off (figures_through): today is excluded
    from every figure, minutes and check-offs alike. "This month" is the cut-off's month (on
    the 1st, the month just ended)."""
    last = figures_through(today)
    if key == "month":
        return Period(key, last.replace(day=1), last)
    if key == "4weeks":
        return Period(key, last - dt.timedelta(days=27), last)
    if key == "custom" and start and end and start <= min(end, last):
        return Period(key, start, min(end, last))
    return Period("year", school_year_start(last), last)


def trend_weeks(period: Period) -> list[dt.date]:
    last = week_start(period.end)
    first = max(week_start(period.start), last - dt.timedelta(weeks=TREND_WEEKS - 1))
    return [first + dt.timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


# --- the arithmetic --------------------------------------------------------------------------

@dataclass
class Ratio:
    """A figure as numerator over denominator; `percent` None when nothing was due."""

    num: float = 0
    den: float = 0
    # The check-off figure's other numbers: not provided, not checked, not needed, absent.
    parts: list[float] = field(default_factory=list)

    def add(self, num: float, den: float, parts: list[float] | None = None) -> None:
        self.num += num
        self.den += den
        if parts:
            self.parts = [a + b for a, b in zip(self.parts or [0] * len(parts), parts, strict=True)]

    @property
    def percent(self) -> int | None:
        return round(100 * self.num / self.den) if self.den else None


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    kind: str  # "percent" (higher is better) or "count" (lower is better)
    unit: str = ""
    help: str = ""


SERVICE_KEYS = frozenset({"minutes", "lines", "behind", "owed", "uncovered"})
LINE_TARGET = 90  # a line "at target" has at least this fidelity in the period

METRICS = [
    Metric("minutes", "Service minutes delivered", "percent",
           help="Required minutes delivered in the period, each service line counted at most "
                "what it required (the sum over lines), so extra minutes on one line never "
                "cover another's shortfall."),
    Metric("lines", f"Service lines at {LINE_TARGET}% or better", "lines",
           help=f"Lines with at least {LINE_TARGET}% of their required minutes in the period."),
    Metric("behind", "Service lines behind", "count",
           help="Lines behind pace on the last day by more than their tolerance (one session "
                "unless the district sets one): the service ledger's answer."),
    Metric("owed", "Minutes owed", "count", "min",
           "Compensatory minutes owed for misses the school caused, as of the last day."),
    Metric("uncovered", "Service lines without a school calendar", "count",
           help="Lines with school days up to the last day that no school calendar covers: "
                "minutes owed cannot be computed for those weeks."),
    Metric("accommodations", "Accommodation check-offs", "percent",
           help="Expected check-offs: provided, not provided (or declined), not checked (none "
                "recorded, or a late entry awaiting approval). Absent students are left out."),
    Metric("goals", "Goals with current data", "percent",
           help="Active goals whose data are not past due on the last day."),
    Metric("acks", "Acknowledgements outstanding", "count",
           help="Teachers and providers who have not acknowledged current supports (today)."),
    Metric("reports", "Progress reports sent on time", "percent",
           help="Reports due in the period, sent within the grace days after the reporting period."),
    Metric("contacts", "Family contact current", "percent",
           help="Active IEPs with a family contact within their interval on the last day."),
    Metric("decisions", "Decision rules answered on time", "percent",
           help="Times a goal's decision rule fired in the period that the case manager answered "
                "with a decision within the district's school days; a rule still unanswered counts "
                "once its time has run out."),
]
METRIC_BY_KEY = {m.key: m for m in METRICS}

ALL_KEYS = [m.key for m in METRICS]
DIMENSIONS = [
    ("school", "By school", [k for k in ALL_KEYS if k != "lines"]),
    ("case_manager", "By case manager", [k for k in ALL_KEYS if k not in ("lines", "uncovered")]),
    ("provider", "By provider", ["minutes", "lines", "behind", "owed", "goals", "acks"]),
    ("teacher", "By gen-ed teacher", ["accommodations", "goals", "acks"]),
]
DIMENSION_KEYS = [key for key, _, _ in DIMENSIONS]


def status_of(metric: Metric, ratio: Ratio, behind: Ratio | None = None) -> str:
    """good / watch / concern / none: shown as a word and an icon, never colour alone.

    The service figures take their status from the ledger's own answer for the same lines
    (`behind`: lines behind of lines), never from a threshold on a sum: no "On track" while
    a line is behind or minutes are owed.
    """
    if metric.key in SERVICE_KEYS:
        if metric.key in ("owed", "uncovered"):
            return "good" if ratio.num == 0 else "concern"
        if behind is None or behind.den == 0:
            return "none"
        return "good" if behind.num == 0 else "concern"
    if metric.kind == "count":
        return "good" if ratio.num == 0 else "concern" if metric.key == "owed" else "watch"
    pct = ratio.percent
    if pct is None:
        return "none"
    return "good" if pct >= 95 else "watch" if pct >= 80 else "concern"


STATUS_WORDS = {"good": "On track", "watch": "Watch", "concern": "Behind", "none": "Nothing due"}
STATUS_ICONS = {"good": "✓", "watch": "!", "concern": "✗", "none": "–"}


def checks_of(ratio: Ratio) -> rates.CheckFigure:
    """The check-off figure's three numbers (and what was left out), back from its ratio."""
    not_provided, not_checked, not_needed, absent = (ratio.parts or [0, ratio.den - ratio.num, 0, 0])
    return rates.CheckFigure(provided=int(ratio.num), not_provided=int(not_provided),
                             not_checked=int(not_checked), not_needed=int(not_needed), absent=int(absent))


def status_word(metric: Metric, status: str, behind: Ratio | None = None) -> str:
    """The words beside a figure; for service figures they name what the status counts."""
    if metric.key in SERVICE_KEYS and status == "concern":
        if metric.key == "owed":
            return "Minutes owed"
        if metric.key == "uncovered":
            return "Calendar missing"
        n = int(behind.num) if behind else 0
        return f"{n} {'line' if n == 1 else 'lines'} behind"
    if metric.key in SERVICE_KEYS and status == "none":
        return "Nothing required"
    if metric.key == "owed" and status == "good":
        return "None owed"
    if metric.key == "uncovered" and status == "good":
        return "All covered"
    return STATUS_WORDS[status]


def format_value(metric: Metric, ratio: Ratio) -> str:
    if metric.key == "accommodations":
        pct = ratio.percent
        return "—" if pct is None else f"{pct}% provided"
    if metric.kind == "lines":
        return f"{ratio.num:,.0f} of {ratio.den:,.0f}" if ratio.den else "—"
    if metric.kind == "count":
        return f"{ratio.num:,.0f}" + (f" {metric.unit}" if metric.unit else "")
    pct = ratio.percent
    return "—" if pct is None else f"{pct}%"


def format_detail(metric: Metric, ratio: Ratio) -> str:
    if metric.key == "minutes":
        return f"{ratio.num:,.0f} of {ratio.den:,.0f} min (capped per line)"
    if metric.key == "lines":
        return f"service lines at {LINE_TARGET}% or better" if ratio.den else "no minutes required"
    if metric.key in ("behind", "uncovered"):
        lines = "service line" if ratio.den == 1 else "service lines"
        return f"of {ratio.den:,.0f} {lines}"
    if metric.key == "owed":
        lines = "service line" if ratio.den == 1 else "service lines"
        return f"on {ratio.den:,.0f} {lines}" if ratio.den else ""
    if metric.key == "acks":
        return f"of {ratio.den:,.0f} needed"
    if metric.key == "accommodations":
        return str(checks_of(ratio))
    return f"{ratio.num:,.0f} of {ratio.den:,.0f}"


@dataclass
class Cell:
    """One figure for one row of a breakdown: its ratio, status word and icon."""

    metric: Metric
    ratio: Ratio
    behind: Ratio | None = None  # the same group's lines behind, for the service figures

    @property
    def status(self) -> str:
        return status_of(self.metric, self.ratio, self.behind)

    @property
    def status_word(self) -> str:
        return status_word(self.metric, self.status, self.behind)

    @property
    def icon(self) -> str:
        return STATUS_ICONS[self.status]

    @property
    def value(self) -> str:
        return format_value(self.metric, self.ratio)

    @property
    def detail(self) -> str:
        return format_detail(self.metric, self.ratio)

    @property
    def checks(self) -> rates.CheckFigure | None:
        """The three numbers, for the check-off figure only."""
        return checks_of(self.ratio) if self.metric.key == "accommodations" else None

    @property
    def sort_value(self) -> float:
        if self.metric.kind == "count":
            return self.ratio.num
        pct = self.ratio.percent
        return -1 if pct is None else pct


@dataclass
class Figure(Cell):
    """A headline figure: a cell of the whole scope, with its weekly chart."""

    chart: Spark | None = None


@dataclass(frozen=True)
class Line:
    """One service line's figures, as the dashboard stores them. `percent`, `behind`,
    `shortfall` and `owed` are the ledger's own (as of the period's last day); `credited`
    and `expected` are the period's minutes. Names are kept only for lines listed on the
    page (behind, owed, or without a calendar)."""

    pk: int
    school_id: int
    student_id: int
    credited: float
    expected: float
    percent: int
    behind: bool
    shortfall: int
    owed: int
    uncovered: int  # uncovered weekdays up to the last day
    missing_years: tuple[int, ...] = ()  # school years (start year) with no calendar, whole service
    student: str = ""
    area: str = ""
    provider: str = ""

    @property
    def listed(self) -> bool:
        return self.behind or self.owed > 0 or bool(self.missing_years)

    @property
    def missing_labels(self) -> list[str]:
        return [school_year_label(y) for y in self.missing_years]


@dataclass(frozen=True)
class CalendarGap:
    """A school whose students have service weeks in a school year it has no calendar for."""

    school_id: int
    school: str
    year: int
    lines: int
    students: list[str]
    now: bool  # the year has begun: figures up to the last day are affected

    @property
    def label(self) -> str:
        return school_year_label(self.year)

    @property
    def fix(self) -> str:
        return f"Import the {self.label} calendar for {self.school}"


@dataclass
class GroupRow:
    dimension: str
    pk: int
    name: str
    cells: list[Cell]

    def cell(self, key: str) -> Cell | None:
        return next((c for c in self.cells if c.metric.key == key), None)


@dataclass
class Fidelity:
    period: Period
    weeks: list[dt.date]
    figures: list[Figure]
    breakdowns: dict[str, list[GroupRow]] = field(default_factory=dict)
    # raw ratios, for tests and the CSV: figure key -> Ratio, and (dimension, pk, key) -> Ratio
    totals: dict[str, Ratio] = field(default_factory=dict)
    groups: dict[tuple[str, int, str], Ratio] = field(default_factory=dict)
    lines: dict[int, Line] = field(default_factory=dict)  # by service line (requirement) pk
    school_names: dict[int, str] = field(default_factory=dict)

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.metric.key == key)

    @property
    def lines_behind(self) -> list[Line]:
        return sorted((ln for ln in self.lines.values() if ln.behind),
                      key=lambda ln: (-ln.shortfall, ln.student))

    @property
    def calendar_gaps(self) -> list[CalendarGap]:
        """Per school and school year without a calendar: what to import, and for whom."""
        found: dict[tuple[int, int], list[Line]] = defaultdict(list)
        for ln in self.lines.values():
            for year in ln.missing_years:
                found[(ln.school_id, year)].append(ln)
        this_year = school_year_of(self.period.end)
        return [
            CalendarGap(school_id, self.school_names.get(school_id, ""), year, len(lines),
                        sorted({ln.student for ln in lines}), year <= this_year)
            for (school_id, year), lines in sorted(
                found.items(), key=lambda kv: (self.school_names.get(kv[0][0], ""), kv[0][1]))
        ]


class _Acc:
    """Accumulates a figure for the whole scope and for each group it belongs to."""

    def __init__(self, *, per_student: bool = False, focus: tuple[str, int] | None = None) -> None:
        self.totals: dict[str, Ratio] = defaultdict(Ratio)
        self.groups: dict[tuple[str, int, str], Ratio] = defaultdict(Ratio)
        self.weekly: dict[str, dict[dt.date, Ratio]] = defaultdict(lambda: defaultdict(Ratio))
        self.lines: dict[int, Line] = {}
        self.school_names: dict[int, str] = {}
        # The drill-down's figures per student, for the whole scope or one breakdown row
        # (`focus`): every addition belongs to one student, so they sum to the headline (or
        # the row). Never stored in a snapshot.
        self.per_student: dict[int, dict[str, Ratio]] | None = (
            defaultdict(lambda: defaultdict(Ratio)) if per_student else None)
        self.focus = focus
        self.focus_lines: set[int] = set()

    def add(self, key: str, num: float, den: float, groups: Iterable[tuple[str, int | None]],
            parts: list[float] | None = None, *, student: int | None = None) -> bool:
        """Add to the scope, each group and the student; True when it counts for the focus."""
        groups = list(groups)
        self.totals[key].add(num, den, parts)
        for dim, pk in groups:
            if pk is not None:
                self.groups[(dim, pk, key)].add(num, den, parts)
        focused = self.focus is None or self.focus in groups
        if self.per_student is not None and student is not None and focused:
            self.per_student[student][key].add(num, den, parts)
        return focused


# --- loading ---------------------------------------------------------------------------------

def fidelity_for(students: Any, period: Period, today: dt.date) -> Fidelity:
    """Every figure for `students` (a Student queryset, used as a subquery) over `period`."""
    weeks = trend_weeks(period)
    return _result(_compute(students, period, weeks, today), period, weeks)


@dataclass
class StudentFigures:
    """The drill-down: each student's share of every figure (summing to the scope's
    headline, or to one breakdown row's figures when `focus` names it) and the service
    lines behind them, with names."""

    period: Period
    totals: dict[str, Ratio]
    by_student: dict[int, dict[str, Ratio]]
    lines: list[Line]


def figures_by_student(students: Any, period: Period, today: dt.date,
                       focus: tuple[str, int] | None = None) -> StudentFigures:
    """`fidelity_for`'s computation (the same fixed queries) kept per student."""
    acc = _compute(students, period, [], today, per_student=True, focus=focus)
    assert acc.per_student is not None
    if focus is None:
        totals = dict(acc.totals)
    else:
        totals = {key: acc.groups.get((focus[0], focus[1], key), Ratio()) for key in ALL_KEYS}
    lines = sorted((acc.lines[pk] for pk in acc.focus_lines),
                   key=lambda ln: (-ln.owed, -ln.shortfall, ln.percent, ln.student))
    return StudentFigures(period, totals, {k: dict(v) for k, v in acc.per_student.items()}, lines)


def _compute(students: Any, period: Period, weeks: list[dt.date], today: dt.date, *,
             per_student: bool = False, focus: tuple[str, int] | None = None) -> _Acc:
    acc = _Acc(per_student=per_student, focus=focus)
    ieps = IEP.objects.filter(student__in=students, status=IEP.Status.ACTIVE)
    _services(acc, students, period, weeks)
    _accommodations(acc, students, period, weeks, today)
    goal_rows = _goals(acc, students, period, weeks)
    _acknowledgements(acc, ieps, weeks, today)
    _reports(acc, goal_rows, period, weeks, today)
    _contacts(acc, ieps, period, weeks)
    _decisions(acc, students, period, today)
    return acc


def _result(acc: _Acc, period: Period, weeks: list[dt.date]) -> Fidelity:
    figures = []
    for metric in METRICS:
        weekly = acc.weekly[metric.key]
        values: list[float | None] = [
            (weekly[w].percent if w in weekly else None) if metric.kind == "percent"
            else (weekly[w].num if w in weekly else 0)
            for w in weeks
        ]
        chart = None if metric.key in NO_TREND else spark(
            f"{metric.label}, week by week", weeks, values,
            unit="%" if metric.kind == "percent" else TREND_UNITS.get(metric.key, ""),
            fixed_max=100 if metric.kind == "percent" else None)
        behind = acc.totals["behind"] if metric.key in SERVICE_KEYS else None
        figures.append(Figure(metric, acc.totals[metric.key], behind, chart))
    result = Fidelity(period=period, weeks=weeks, figures=figures,
                      totals=dict(acc.totals), groups=dict(acc.groups), lines=dict(acc.lines),
                      school_names=dict(acc.school_names))
    result.breakdowns = _breakdowns(acc)
    return result


# --- computed once, read many times ----------------------------------------------------------

def cache_minutes() -> int:
    """How long computed figures are reused before the next visit recomputes them."""
    return int(getattr(settings, "FIDELITY_CACHE_MINUTES", 60))


def scope_key(school_ids: Iterable[int] | None, period: Period) -> str:
    """Admins of the same schools share figures: the scope is schools, never a person."""
    schools = "all" if school_ids is None else ",".join(str(pk) for pk in sorted(school_ids))
    return f"{schools}:{period.start.isoformat()}:{period.end.isoformat()}"


def cached_fidelity(
    students: Any, school_ids: Iterable[int] | None, period: Period, today: dt.date, *,
    refresh: bool = False,
) -> tuple[Fidelity, dt.datetime]:
    """The figures and when they were computed: from the snapshot table when fresh enough,
    else computed now and stored (one read, one upsert on top of the computation)."""
    from django.utils import timezone

    from fidelity.models import FidelitySnapshot

    weeks = trend_weeks(period)
    key = scope_key(school_ids, period)
    now = timezone.now()
    if not refresh:
        found = FidelitySnapshot.objects.filter(
            key=key, computed_at__gte=now - dt.timedelta(minutes=cache_minutes())
        ).first()
        if found is not None:
            return _result(_load(found.data), period, weeks), found.computed_at
    acc = _compute(students, period, weeks, today)
    FidelitySnapshot.objects.update_or_create(key=key, defaults={"computed_at": now, "data": _dump(acc)})
    return _result(acc, period, weeks), now


def fidelity_for_page(
    students: Any, school_ids: Iterable[int] | None, period: Period, today: dt.date, *,
    refresh: bool = False,
) -> tuple[Fidelity, dt.datetime | None, bool]:
    """What the dashboard shows: the stored figures even when stale — then a recomputation
    is queued (the third value says so) — and a computation in the request only when
    nothing is stored yet or the administrator asks for it, and the scope is small
    (FIDELITY_LIVE_MAX_STUDENTS). A district's figures take many seconds and hundreds of MB
    to compute: for a larger scope with nothing stored the computation is queued for the
    worker and the figures come back empty with no time (None), which pages show as "being
    computed"; no one waits for them in a web request."""
    from django.utils import timezone

    from fidelity.models import FidelitySnapshot

    if not refresh:
        found = FidelitySnapshot.objects.filter(key=scope_key(school_ids, period)).first()
        if found is not None:
            stale = found.computed_at < timezone.now() - dt.timedelta(minutes=cache_minutes())
            if stale:
                queue_refresh(school_ids, period)
            return _result(_load(found.data), period, trend_weeks(period)), found.computed_at, stale
    if students.count() > int(getattr(settings, "FIDELITY_LIVE_MAX_STUDENTS", 1000)):
        queue_refresh(school_ids, period)
        kept = FidelitySnapshot.objects.filter(key=scope_key(school_ids, period)).first() if refresh else None
        if kept is not None:  # "Recompute now" on a large scope: the worker does it
            return _result(_load(kept.data), period, trend_weeks(period)), kept.computed_at, True
        return _result(_Acc(), period, trend_weeks(period)), None, True
    figures, computed_at = cached_fidelity(students, school_ids, period, today, refresh=True)
    return figures, computed_at, False


REFRESH_TASK = "iep_portal.refresh_fidelity_scope"


def queue_refresh(school_ids: Iterable[int] | None, period: Period) -> None:
    """Record (once) that these figures should be recomputed; the outbox relay publishes it."""
    from notifications.models import OutboxMessage
    from notifications.outbox import enqueue

    schools = "all" if school_ids is None else ",".join(str(pk) for pk in sorted(school_ids))
    args = [schools, period.key, period.start.isoformat(), period.end.isoformat()]
    if not OutboxMessage.objects.filter(task=REFRESH_TASK, args=args, published_at__isnull=True).exists():
        enqueue(REFRESH_TASK, *args)


def refresh_scope(schools: str, key: str, start: str, end: str) -> None:
    """Recompute and store one scope's figures (the queued refresh)."""
    from django.utils import timezone

    from students.models import Student

    ids = None if schools == "all" else [int(pk) for pk in schools.split(",") if pk]
    students = Student.objects.all() if ids is None else Student.objects.filter(school__in=ids)
    period = Period(key, dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    cached_fidelity(students, ids, period, timezone.localdate(), refresh=True)


def _dump(acc: _Acc) -> dict[str, Any]:
    return {
        "totals": {k: [r.num, r.den, *r.parts] for k, r in acc.totals.items()},
        "groups": [[dim, pk, k, r.num, r.den, *r.parts] for (dim, pk, k), r in acc.groups.items()],
        "weekly": {k: {w.isoformat(): [r.num, r.den] for w, r in weeks.items()}
                   for k, weeks in acc.weekly.items()},
        "lines": [[ln.pk, ln.school_id, ln.student_id, ln.credited, ln.expected, ln.percent,
                   ln.behind, ln.shortfall, ln.owed, ln.uncovered, list(ln.missing_years),
                   ln.student, ln.area, ln.provider] for ln in acc.lines.values()],
        "schools": [[pk, name] for pk, name in acc.school_names.items()],
    }


def _load(data: dict[str, Any]) -> _Acc:
    acc = _Acc()
    for k, (num, den, *parts) in data["totals"].items():
        acc.totals[k] = Ratio(num, den, parts)
    for dim, pk, k, num, den, *parts in data["groups"]:
        acc.groups[(dim, pk, k)] = Ratio(num, den, parts)
    for k, weeks in data["weekly"].items():
        for w, (num, den) in weeks.items():
            acc.weekly[k][dt.date.fromisoformat(w)] = Ratio(num, den)
    for row in data.get("lines", []):  # figures stored before lines were kept have none
        pk, school_id, student_id, credited, expected, percent, behind, short, owed, gaps, years = row[:11]
        acc.lines[pk] = Line(pk, school_id, student_id, credited, expected, percent, behind, short, owed,
                             gaps, tuple(years), *row[11:])
    acc.school_names = dict(data.get("schools", []))
    return acc


# What the count figures' trends show (a balance or a backlog has no weekly history to
# replay cheaply, so the trend shows the flow that moves it).
TREND_UNITS = {"owed": "min missed (school)", "acks": "acknowledged"}
# Line counts are states of the ledger on the last day, with no weekly history kept.
# Whether a fired rule was answered in time is judged per fire, not replayed week by week.
NO_TREND = frozenset({"lines", "behind", "uncovered", "decisions"})


def _week_of(day: dt.date, weeks: list[dt.date]) -> dt.date | None:
    monday = week_start(day)
    return monday if weeks and weeks[0] <= monday <= weeks[-1] else None


def _services(acc: _Acc, students: Any, period: Period, weeks: list[dt.date]) -> None:
    requirements = list(
        ServiceRequirement.objects.regular_year().filter(
            iep__student__in=students, iep__status__in=[IEP.Status.ACTIVE, IEP.Status.ENDED],
            start_date__lte=period.end, end_date__gte=period.start,
            iep__start_date__lte=period.end, iep__end_date__gte=period.start,
        ).select_related("iep", "iep__student", "iep__student__school", "provider")
    )
    if not requirements:
        return
    days = school_days_for({r.iep.student.school_id for r in requirements})
    # The ledger is the one source: status as of the last day, and the period's minutes as
    # the ledger at the last day less the ledger the day before the period began.
    at_end = ledgers_for(requirements, period.end)
    earlier = [r for r in requirements if r.as_service().start < period.start]
    before = ledgers_for(earlier, period.start - dt.timedelta(days=1)) if earlier else {}
    # Expected minutes are linear in the minutes: compute each distinct (school, period,
    # dates) once for one minute and scale, so thousands of lines cost hundreds of calls.
    unit_cache: dict[tuple[Any, ...], Fraction] = {}

    def unit(r: ServiceRequirement, start: dt.date, end: dt.date) -> Fraction:
        service = r.as_service()
        key = (r.iep.student.school_id, service.period, service.start, service.end, start, end)
        if key not in unit_cache:
            one = ledger.Service(service.period, 1, 1, service.start, service.end)
            unit_cache[key] = ledger.expected_between(one, days[key[0]], start, end)
        return unit_cache[key]

    gap_cache: dict[tuple[int, dt.date, dt.date], tuple[int, ...]] = {}
    weekly: dict[tuple[int, dt.date], int] = defaultdict(int)
    if weeks:
        for requirement_id, monday, status, total in (
            ServiceSession.objects.counted()
            .filter(requirement__in=[r.pk for r in requirements],
                    date__range=(max(weeks[0], period.start), period.end))
            .annotate(week=TruncWeek("date")).values_list("requirement_id", "week", "status")
            .annotate(total=Sum("minutes")).order_by()
        ):
            monday = monday.date() if isinstance(monday, dt.datetime) else monday
            if status in ledger.DELIVERED_STATUSES:
                weekly[(requirement_id, monday)] += total
            if status in set(settings.SERVICES_OWED_STATUSES):
                acc.weekly["owed"][monday].add(total, 0)
    for r in requirements:
        line = at_end[r.pk].ledger
        prior = before[r.pk].ledger if r.pk in before else None
        expected = line.expected - (prior.expected if prior else 0)
        delivered = line.delivered - (prior.delivered if prior else 0)
        credited = ledger.credited(delivered, expected)
        school_id = r.iep.student.school_id
        acc.school_names[school_id] = r.iep.student.school.name
        service = r.as_service()
        key = (school_id, service.start, service.end)
        if key not in gap_cache:
            # By the uncovered days themselves: a week can straddle 30 June into a new year.
            gap_cache[key] = tuple(sorted({school_year_of(d) for d in days[school_id].uncovered(
                service.start, service.end)}))
        groups = [("school", school_id), ("case_manager", r.iep.case_manager_id),
                  ("provider", r.provider_id)]
        sid = r.iep.student_id
        if expected > 0:
            acc.add("minutes", credited, expected, groups, student=sid)
            percent = ledger.fidelity_percent(delivered, expected) or 0
            acc.add("lines", 1 if percent >= LINE_TARGET else 0, 1, groups, student=sid)
        acc.add("behind", 1 if line.behind else 0, 1, groups, student=sid)
        acc.add("owed", line.owed, 1 if line.owed else 0, groups, student=sid)
        if acc.add("uncovered", 1 if line.uncovered_days else 0, 1, groups, student=sid):
            acc.focus_lines.add(r.pk)
        found = Line(r.pk, school_id, r.iep.student_id, credited, expected, line.percent,
                     line.behind, line.shortfall, line.owed, len(line.uncovered_days), gap_cache[key])
        if found.listed or acc.per_student is not None:
            found = replace(found, student=str(r.iep.student), area=r.area,
                            provider=(r.provider.get_full_name() or r.provider.email) if r.provider else "")
        acc.lines[r.pk] = found
        for monday in weeks:
            start, end = max(monday, period.start), min(monday + dt.timedelta(days=6), period.end)
            required = float(unit(r, start, end) * r.minutes)
            if required:
                acc.weekly["minutes"][monday].add(min(weekly[(r.pk, monday)], required), required)


def _accommodations(acc: _Acc, students: Any, period: Period, weeks: list[dt.date],
                    today: dt.date) -> None:
    """rates.implementation_for's loading, done once, then its arithmetic for the period and
    for each week, through yesterday (rates.counted_through: today's may not be done yet)."""
    end = min(period.end, rates.counted_through(today))
    if end < period.start:
        return
    supports = list(
        Support.objects.filter(
            iep__student__in=students, iep__status__in=[IEP.Status.ACTIVE, IEP.Status.ENDED],
            iep__start_date__lte=end, iep__end_date__gte=period.start, start_date__lte=end,
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start)).select_related("iep")
    )
    enrollments = list(
        Enrollment.objects.filter(student__in=students, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .select_related("section")
    )
    sections = {e.section_id: e.section for e in enrollments}
    meeting = meetings_for(sections, period.start, end)
    assessments = rates.assessment_days(sections.values(), period.start, end)
    spans = [rates.span_of(s) for s in supports]
    enrollment_spans = [
        rates.EnrollmentSpan(e.student_id, e.section_id, e.section.school_id, e.section.subject,
                             e.start_date, e.end_date or rates.FAR_FUTURE)
        for e in enrollments
    ]
    by_id = {s.pk: s for s in supports}

    def tallies(start: dt.date, stop: dt.date) -> dict[tuple[int, int], rates.Tally]:
        rows = rates.check_rows(ImplementationCheck.objects.filter(
            student__in=students, date__range=(start, stop)))
        return rates.compute(start=start, end=stop, supports=spans, enrollments=enrollment_spans,
                             meeting_days=meeting, assessments=assessments, checks=rows)

    # A year of check-offs is a million rows in a large district: tally them a chunk at a
    # time (months, then the charted weeks) and add the chunks up, so memory holds one chunk.
    totals: dict[tuple[int, int], rates.Tally] = defaultdict(rates.Tally)
    for start, stop, monday in _chunks(period.start, end, weeks):
        week = rates.Tally()
        for key, tally in tallies(start, stop).items():
            totals[key].add(tally)
            week.add(tally)
        if monday is not None:
            acc.weekly["accommodations"][monday].add(week.provided, week.figure().total)
    for (support_id, section_id), tally in totals.items():
        support, section = by_id.get(support_id), sections.get(section_id)
        if support is None or section is None:
            continue
        figure = tally.figure()
        acc.add("accommodations", figure.provided, figure.total, [
            ("school", section.school_id), ("case_manager", support.iep.case_manager_id),
            ("teacher", section.teacher_id),
        ], [figure.not_provided, figure.not_checked, figure.not_needed, figure.absent],
            student=support.iep.student_id)


def _chunks(start: dt.date, end: dt.date,
            weeks: list[dt.date]) -> list[tuple[dt.date, dt.date, dt.date | None]]:
    """Disjoint ranges covering start..end: calendar months up to the first charted week,
    then one range per charted week (with its Monday, for the chart)."""
    out: list[tuple[dt.date, dt.date, dt.date | None]] = []
    first_week = max(weeks[0], start) if weeks else end + dt.timedelta(days=1)
    day = start
    while day < first_week:
        next_month = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        stop = min(next_month, first_week) - dt.timedelta(days=1)
        out.append((day, min(stop, end), None))
        day = stop + dt.timedelta(days=1)
    for monday in weeks:
        lo, hi = max(monday, start), min(monday + dt.timedelta(days=6), end)
        if lo <= hi:
            out.append((lo, hi, monday))
    return out


@dataclass(frozen=True)
class GoalRow:
    pk: int
    iep_id: int
    school_id: int
    case_manager_id: int
    baseline: dt.date  # when the goal took effect: it owes reports for periods ending after this
    student_id: int = 0


def _goals(acc: _Acc, students: Any, period: Period, weeks: list[dt.date]) -> list[GoalRow]:
    goals = list(
        Goal.objects.filter(active=True, iep__status=IEP.Status.ACTIVE, iep__student__in=students)
        .annotate(
            # Only the points that count (DataPoint.objects.counting(): approved when late).
            last=Max("data_points__date", filter=Q(data_points__date__lte=period.end,
                                                   data_points__approval__in=DataPoint.COUNTING)),
            # The day the goal took effect (progress.due.goal_takes_effect), never the day its
            # row was written: a goal entered today for an IEP of last spring is not new.
            baseline=Greatest(F("baseline_date"), F("iep__start_date")),
        )
        .values_list("pk", "iep_id", "iep__student__school_id", "iep__case_manager_id",
                     "last", "collection_interval_days", "baseline", "iep__student_id")
    )
    collectors: dict[int, list[int]] = defaultdict(list)
    for goal_id, user_id in GoalCollector.objects.filter(goal__in=[g[0] for g in goals]).values_list(
        "goal_id", "user_id"
    ):
        collectors[goal_id].append(user_id)
    rows = []
    for pk, iep_id, school_id, cm_id, last, interval, baseline, student_id in goals:
        rows.append(GoalRow(pk, iep_id, school_id, cm_id, baseline, student_id))
        if baseline > period.end:
            continue
        current = (last or baseline) + dt.timedelta(days=interval) >= period.end
        groups = [("school", school_id), ("case_manager", cm_id)]
        groups += [("provider", u) for u in collectors[pk]] + [("teacher", u) for u in collectors[pk]]
        acc.add("goals", 1 if current else 0, 1, groups, student=student_id)
    if goals and weeks:
        sql = f"""
            SELECT w.d, COUNT(*) FILTER (WHERE COALESCE(
                (SELECT MAX(p.date) FROM {DataPoint._meta.db_table} p
                 WHERE p.goal_id = g.id AND p.date <= w.d AND p.approval = ANY(%s)),
                GREATEST(i.start_date, g.baseline_date)
              ) + g.collection_interval_days >= w.d), COUNT(*)
            FROM unnest(%s::date[]) AS w(d)
            JOIN {Goal._meta.db_table} g ON g.id = ANY(%s)
            JOIN {IEP._meta.db_table} i ON i.id = g.iep_id
            WHERE GREATEST(i.start_date, g.baseline_date) <= w.d
            GROUP BY w.d
        """  # noqa: S608 (table names from our models; values are parameters)
        _weekly_sql(acc, "goals", sql, weeks, period, [g[0] for g in goals])
    return rows


def _decisions(acc: _Acc, students: Any, period: Period, today: dt.date) -> None:
    """Fired decision rules answered on time (progress.decisions.tally, the rule the goal page
    and the reminder read). Queries: goals (1), fires_for_goals (4)."""
    goals = list(
        Goal.objects.filter(active=True, iep__status=IEP.Status.ACTIVE, iep__student__in=students)
        .select_related("iep__student")
    )
    last = min(period.end, figures_through(today))
    for row in decisions.fires_for_goals(goals):
        counted = decisions.tally([row], period.start, last)
        if counted.judged:
            iep = row.goal.iep
            acc.add("decisions", counted.on_time, counted.judged,
                    [("school", iep.student.school_id), ("case_manager", iep.case_manager_id)],
                    student=iep.student_id)


def _week_ends(weeks: list[dt.date], period: Period) -> dict[dt.date, dt.date]:
    """Each trend week's last day inside the period -> its Monday."""
    return {min(monday + dt.timedelta(days=6), period.end): monday for monday in weeks}


def _weekly_sql(acc: _Acc, key: str, sql: str, weeks: list[dt.date], period: Period, ids: list[int]) -> None:
    ends = _week_ends(weeks, period)
    with connection.cursor() as cursor:
        params: list[Any] = [list(ends), ids]
        if key == "goals":
            params = [[str(a.value) for a in DataPoint.COUNTING], list(ends), ids]
        cursor.execute(sql, params)
        for day, current, total in cursor.fetchall():
            acc.weekly[key][ends[day]].add(current, total)


def _acknowledgements(acc: _Acc, ieps: Any, weeks: list[dt.date], today: dt.date) -> None:
    duties = acknowledgement_status(ieps, today=today)
    for due in duties:
        groups = [("school", due.iep.student.school_id), ("case_manager", due.iep.case_manager_id),
                  ("provider", due.user.pk), ("teacher", due.user.pk)]
        acc.add("acks", 1 if due.outstanding else 0, 1, groups, student=due.iep.student_id)
    if weeks:
        recorded = Acknowledgement.objects.filter(iep__in=ieps, acknowledged_at__date__gte=weeks[0])
        for monday, n in _count_by_week(recorded, "acknowledged_at"):
            if monday in weeks:
                acc.weekly["acks"][monday].add(n, 0)


def _count_by_week(qs: Any, field_name: str) -> list[tuple[dt.date, int]]:
    from django.db.models import Count

    rows = qs.annotate(week=TruncWeek(field_name)).values_list("week").annotate(n=Count("pk")).order_by()
    return [(w.date() if isinstance(w, dt.datetime) else w, n) for w, n in rows]


def _reports(acc: _Acc, goals: list[GoalRow], period: Period, weeks: list[dt.date], today: dt.date) -> None:
    if not goals:
        return
    grace = dt.timedelta(days=report_grace_days())
    iep_ids = {g.iep_id for g in goals}
    per_year = dict(ReportingSchedule.objects.filter(iep__in=iep_ids)
                    .values_list("iep_id", "reports_per_year"))
    calendars: dict[int, list[SchoolYear]] = defaultdict(list)
    # One query: the schools' calendars that overlap the period, with their grading periods.
    starts_of, ends_of = grading_periods_of_calendar()
    for school_id, start, end, starts, ends in SchoolCalendar.objects.filter(
        school__students__ieps__in=iep_ids, start_date__lte=period.end, end_date__gte=period.start - grace,
    ).annotate(grading_starts=starts_of, grading_ends=ends_of).distinct().values_list(
            "school_id", "start_date", "end_date", "grading_starts", "grading_ends"):
        calendars[school_id].append((start, end, tuple(zip(starts, ends, strict=True))))
    sent = {
        (goal_id, start): sent_on
        for goal_id, start, sent_on in ProgressReport.objects.filter(
            goal__in=[g.pk for g in goals], period_end__gte=period.start - grace, period_end__lte=period.end,
        ).values_list("goal_id", "period_start", "sent_on")
    }
    last = min(period.end, figures_through(today))
    cache: dict[tuple[SchoolYear, int], list[report_periods.Period]] = {}
    for g in goals:
        n = per_year.get(g.iep_id, settings.PROGRESS_REPORTS_PER_YEAR)
        for year in calendars.get(g.school_id, []):
            key = (year, n)
            if key not in cache:  # the reports page's periods (progress.periods)
                cache[key] = report_periods.school_year_periods(year[0], year[1], n, year[2])
            for rp in cache[key]:
                due = rp.end + grace
                if not (period.start <= due <= last) or g.baseline > rp.end:
                    continue
                sent_on = sent.get((g.pk, rp.start))
                on_time = report_status(period_end=rp.end, sent_on=sent_on, today=today,
                                        grace_days=grace.days) == SENT  # the reports page's answer
                acc.add("reports", 1 if on_time else 0, 1,
                        [("school", g.school_id), ("case_manager", g.case_manager_id)], student=g.student_id)
                if (monday := _week_of(due, weeks)) is not None:
                    acc.weekly["reports"][monday].add(1 if on_time else 0, 1)


def _contacts(acc: _Acc, ieps: Any, period: Period, weeks: list[dt.date]) -> None:
    last_contact = (
        ParentContact.objects.filter(student=OuterRef("student_id"), contacted_on__lte=period.end)
        .values("student_id").annotate(last=Max("contacted_on")).values("last")
    )
    rows = list(
        ieps.filter(start_date__lte=period.end).annotate(last_contact=Subquery(last_contact))
        .values_list("pk", "student__school_id", "case_manager_id", "start_date", "last_contact",
                     "family_contact_interval_days", "student_id")
    )
    for _pk, school_id, cm_id, start, last, interval, student_id in rows:
        current = (period.end - (last or start)).days <= interval
        acc.add("contacts", 1 if current else 0, 1, [("school", school_id), ("case_manager", cm_id)],
                student=student_id)
    if rows and weeks:
        sql = f"""
            SELECT w.d, COUNT(*) FILTER (WHERE w.d - COALESCE(
                (SELECT MAX(c.contacted_on) FROM {ParentContact._meta.db_table} c
                 WHERE c.student_id = i.student_id AND c.contacted_on <= w.d), i.start_date
              ) <= i.family_contact_interval_days), COUNT(*)
            FROM unnest(%s::date[]) AS w(d)
            JOIN {IEP._meta.db_table} i ON i.id = ANY(%s) AND i.start_date <= w.d
            GROUP BY w.d
        """  # noqa: S608 (table names from our models; values are parameters)
        _weekly_sql(acc, "contacts", sql, weeks, period, [r[0] for r in rows])


def _breakdowns(acc: _Acc) -> dict[str, list[GroupRow]]:
    """Rows per dimension with names: users (1 query) and schools (1 query)."""
    keys: dict[str, set[int]] = defaultdict(set)
    for dim, pk, _key in acc.groups:
        keys[dim].add(pk)
    user_ids = keys["case_manager"] | keys["provider"] | keys["teacher"]
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids).only(
        "pk", "first_name", "last_name", "email", "role")} if user_ids else {}
    schools = dict(School.objects.filter(pk__in=keys["school"]).values_list("pk", "name"))
    # Who belongs in which table: providers by role, gen-ed teachers by role, case managers
    # by being the IEP's case manager (whatever else they do).
    wanted_role = {"provider": User.Role.PROVIDER, "teacher": User.Role.GEN_ED_TEACHER}
    result: dict[str, list[GroupRow]] = {}
    for dim, _label, metric_keys in DIMENSIONS:
        rows = []
        for pk in keys[dim]:
            if dim == "school":
                name = schools.get(pk, "")
            else:
                user = users.get(pk)
                if user is None or (dim in wanted_role and user.role != wanted_role[dim]):
                    continue
                name = user.get_full_name() or user.email
            behind = acc.groups.get((dim, pk, "behind"))
            cells = [Cell(METRIC_BY_KEY[k], acc.groups.get((dim, pk, k), Ratio()),
                          behind if k in SERVICE_KEYS else None) for k in metric_keys]
            if all(c.ratio.den == 0 and c.ratio.num == 0 for c in cells):
                continue
            rows.append(GroupRow(dim, pk, name, cells))
        rows.sort(key=lambda r: r.name.casefold())
        result[dim] = rows
    return result


def sort_rows(rows: list[GroupRow], key: str, descending: bool) -> list[GroupRow]:
    """Order a breakdown by a metric (nothing-due rows last) or by name."""
    if key not in METRIC_BY_KEY:
        return sorted(rows, key=lambda r: r.name.casefold(), reverse=descending)
    def value(row: GroupRow) -> float:
        cell = row.cell(key)
        return cell.sort_value if cell is not None else -1
    present = [r for r in rows if value(r) >= 0]
    absent = [r for r in rows if value(r) < 0]
    return sorted(present, key=value, reverse=descending) + sorted(absent, key=lambda r: r.name.casefold())


def students_behind(students: Any, dimension: str, pk: int, today: dt.date) -> Any:
    """The students a breakdown row stands for, from an already scoped Student queryset."""
    active = IEP.objects.filter(student=OuterRef("pk"), status=IEP.Status.ACTIVE)
    from django.db.models import Exists

    if dimension == "school":
        return students.filter(school_id=pk)
    if dimension == "case_manager":
        return students.filter(Exists(active.filter(case_manager_id=pk)))
    if dimension == "provider":
        return students.filter(
            Exists(active.filter(Q(service_requirements__provider_id=pk) | Q(goals__collectors=pk)
                                 | Q(team_members__user_id=pk)))
        )
    if dimension == "teacher":
        return students.filter(
            Exists(Enrollment.objects.current(today).filter(student=OuterRef("pk"), section__teacher_id=pk))
            | Exists(active.filter(Q(goals__collectors=pk) | Q(team_members__user_id=pk)))
        )
    return Student.objects.none()
