"""SVG geometry for a goal's progress graph: numbers in Python, drawing in a template.

`build_graph(goal, points, analysis, lines)` returns a Graph whose coordinates are ready for
`templates/progress/_graph.html`. Each instructional change (`lines`, from
progress.decisions.current_phase) is a labelled vertical phase line; the trend is drawn over
the current phase only, the data the rule reads. No JavaScript: the graph prints and works without scripts.
Settings are told apart by marker shape AND colour (Okabe-Ito colours, safe for colour-blind
readers), and a legend names each.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from django.utils import formats
from django.utils.translation import gettext as _

from progress.decisions import family_date
from progress.trend import Analysis

if TYPE_CHECKING:
    from progress.models import GoalDecision


class Graphed(Protocol):
    """What a graph is drawn for: a goal, or anything measured against a baseline and a target
    the same way (a behavior plan's target behavior, behavior_plans.graph)."""

    @property
    def area(self) -> str: ...
    @property
    def measure(self) -> str: ...
    @property
    def rubric_max(self) -> int | None: ...
    @property
    def baseline_value(self) -> Decimal: ...
    @property
    def baseline_date(self) -> dt.date: ...
    @property
    def target_value(self) -> Decimal: ...
    @property
    def target_date(self) -> dt.date: ...
    @property
    def value_label(self) -> str: ...


class GraphedPoint(Protocol):
    """One plotted value: a data point, or a day's behavior data."""

    @property
    def pk(self) -> int | None: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def value(self) -> Decimal: ...
    @property
    def setting(self) -> str: ...
    @property
    def display_value(self) -> str: ...

WIDTH = 640
HEIGHT = 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 44

# setting -> (shape, colour); the shape alone tells settings apart in black and white.
MARKERS = {
    "special_ed": ("circle", "#0072B2"),
    "gen_ed": ("square", "#D55E00"),
    "other": ("triangle", "#009E73"),
}


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    shape: str
    colour: str
    label: str  # e.g. "Oct 3: 45 (General education)", for the tooltip

    @property
    def corner(self) -> tuple[float, float]:
        """Top-left corner of the square marker."""
        return (round(self.x - 5, 1), round(self.y - 5, 1))

    @property
    def triangle_points(self) -> str:
        x, y = self.x, self.y
        return f"{x:.1f},{y - 6:.1f} {x - 6:.1f},{y + 5:.1f} {x + 6:.1f},{y + 5:.1f}"


@dataclass(frozen=True)
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class PhaseLine:
    x: float
    label: str  # drawn beside the line
    title: str  # e.g. "Oct 3: instructional change: Group of 3", for the tooltip and table
    label_y: float = TOP + 12


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


@dataclass
class Graph:
    title: str
    description: str
    y_label: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM
    markers: list[Marker] = field(default_factory=list)
    aimline: Segment | None = None
    trend: Segment | None = None
    phase_lines: list[PhaseLine] = field(default_factory=list)
    target: tuple[float, float] | None = None
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    legend: list[tuple[str, str, str]] = field(default_factory=list)  # shape, colour, label
    decision_text: str = ""

    @property
    def plot_width(self) -> int:
        return self.plot_right - self.left

    @property
    def plot_height(self) -> int:
        return self.plot_bottom - self.top

    @property
    def target_path(self) -> str:
        """A diamond centred on the target."""
        if self.target is None:
            return ""
        x, y = self.target
        return f"M{x:.1f} {y - 9:.1f} l9 9 l-9 9 l-9 -9 z"

    @property
    def mid_y(self) -> int:
        return (self.top + self.plot_bottom) // 2


def _nice_max(value: float) -> float:
    if value <= 0:
        return 10.0
    magnitude: float = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _month_ticks(start: dt.date, end: dt.date, x_of: object) -> list[Tick]:
    ticks = []
    day = dt.date(start.year, start.month, 1)
    if day < start:
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    months = (end.year - day.year) * 12 + end.month - day.month + 1
    every = max(1, math.ceil(months / 8))
    index = 0
    while day <= end:
        if index % every == 0:
            ticks.append(Tick(x_of(day), formats.date_format(day, "M")))  # type: ignore[operator]
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        index += 1
    return ticks


def _clip(line_start: dt.date, line_end: dt.date, value_at: object, x_of: object, y_of: object,
          lo: float, hi: float) -> Segment:
    """The line between two dates, its values held inside the plot's range."""
    v1 = min(max(value_at(line_start), lo), hi)  # type: ignore[operator]
    v2 = min(max(value_at(line_end), lo), hi)  # type: ignore[operator]
    return Segment(x_of(line_start), y_of(v1), x_of(line_end), y_of(v2))  # type: ignore[operator]


def build_graph(goal: Graphed, points: Sequence[GraphedPoint], analysis: Analysis,
                lines: Sequence[GoalDecision] = (), *, title: str = "", family: bool = False,
                y_label: str | None = None) -> Graph:
    """`family`: the family's copy, in the active language: each phase line is labelled
    "Change on <day>" (the team's label is their own shorthand, in English) and the text
    alternative says what changed in plain words, never the decision rule, the aimline or the
    trend by those names. `title` and `y_label` carry the team's words (the goal's area and
    unit) in the copy's language when the caller has them."""
    from progress.models import DataPoint as DP
    from progress.models import Goal as G

    pts = sorted(points, key=lambda p: (p.date, p.pk or 0))
    start = min([goal.baseline_date, *(p.date for p in pts)])
    end = max([goal.target_date, *(p.date for p in pts)])
    span = max((end - start).days, 1)

    values = [float(goal.baseline_value), float(goal.target_value), *(float(p.value) for p in pts)]
    if goal.measure in (G.Measure.PERCENT, G.Measure.TRIALS):
        y_max = 100.0
    elif goal.measure == G.Measure.RUBRIC and goal.rubric_max:
        y_max = float(goal.rubric_max)
    else:
        y_max = _nice_max(max(values) * 1.1)

    graph = Graph(
        title=title or _("Progress on %(area)s") % {"area": goal.area},
        description="",
        y_label=y_label or goal.value_label,
    )

    def x_of(day: dt.date) -> float:
        return round(graph.left + graph.plot_width * (day - start).days / span, 1)

    def y_of(value: float) -> float:
        return round(graph.plot_bottom - graph.plot_height * value / y_max, 1)

    setting_labels = dict(DP.Setting.choices)
    used = []
    for p in pts:
        shape, colour = MARKERS[p.setting]
        day = family_date(p.date) if family else formats.date_format(p.date, "M j")
        label = f"{day}: {p.display_value} ({setting_labels[p.setting]})"
        graph.markers.append(Marker(x_of(p.date), y_of(float(p.value)), shape, colour, label))
        if p.setting not in used:
            used.append(p.setting)
    graph.legend = [(*MARKERS[s], str(setting_labels[s])) for s in MARKERS if s in used]

    graph.aimline = _clip(goal.baseline_date, goal.target_date, analysis.aimline.at, x_of, y_of, 0, y_max)
    phase = [p for p in pts if analysis.phase_start is None or p.date > analysis.phase_start]
    if analysis.trend is not None and phase:
        graph.trend = _clip(phase[0].date, phase[-1].date, analysis.trend.at, x_of, y_of, 0, y_max)
    for n, line in enumerate(lines):
        x = x_of(line.decided_on)
        day = family_date(line.decided_on) if family else formats.date_format(line.decided_on, "M j")
        graph.phase_lines.append(PhaseLine(
            x, _("Change on %(day)s") % {"day": day} if family else line.label,
            _("%(day)s: we changed how it is taught") % {"day": day} if family
            else _("%(day)s: instructional change: %(label)s") % {"day": day, "label": line.label},
            # Labels of close lines are staggered so they do not overprint.
            label_y=TOP + 12 + 14 * (n % 2),
        ))
    graph.target = (x_of(goal.target_date), y_of(float(goal.target_value)))

    steps = 5 if goal.measure != G.Measure.RUBRIC or not goal.rubric_max else int(goal.rubric_max)
    graph.y_ticks = [
        Tick(y_of(y_max * i / steps), f"{y_max * i / steps:g}") for i in range(steps + 1)
    ]
    graph.x_ticks = _month_ticks(start, end, x_of)
    graph.decision_text = analysis.decision_text

    if family:
        # The family's words: the expected path and the direction, never "aimline" or "trend".
        trend_words = (
            _("The results are changing by about %(rate)s a week.")
            % {"rate": f"{analysis.trend.per_week:+.1f}"}
            if analysis.trend else _("Too few results yet to show their direction.")
        )
        path_words = _("The dashed line is the expected path from the starting point %(baseline)s on "
                       "%(bdate)s to the goal %(target)s on %(tdate)s.")
    elif analysis.phase_start is not None:
        trend_words = (
            _("Since the last change the trend changes by %(rate)s a week (%(n)s points).")
            % {"rate": f"{analysis.trend.per_week:+.1f}", "n": len(phase)}
            if analysis.trend else
            _("Too few points since the last change for a trend line (%(n)s).") % {"n": len(phase)}
        )
    else:
        trend_words = (
            _("The trend changes by %(rate)s a week.") % {"rate": f"{analysis.trend.per_week:+.1f}"}
            if analysis.trend else _("Too few points for a trend line.")
        )
    if not family:
        path_words = _("Aimline from the baseline %(baseline)s on %(bdate)s to the target %(target)s "
                       "on %(tdate)s.")
    # The family's copy writes a date as its language does ("8 de septiembre de 2026").
    long_date = "DATE_FORMAT" if family else "M j, Y"
    graph.description = " ".join([
        _("%(n)s data points from %(start)s to %(end)s.") % {
            "n": len(pts),
            "start": formats.date_format(pts[0].date, long_date) if pts else "—",
            "end": formats.date_format(pts[-1].date, long_date) if pts else "—",
        } if pts else _("No data points yet."),
        path_words % {
            "baseline": f"{goal.baseline_value.normalize():f}",
            "bdate": formats.date_format(goal.baseline_date, long_date),
            "target": f"{goal.target_value.normalize():f}",
            "tdate": formats.date_format(goal.target_date, long_date),
        },
        *[(_("Vertical line: %(title)s.") if family else _("Phase line on %(title)s."))
          % {"title": line.title} for line in graph.phase_lines],
        trend_words,
        *([] if family else [_("Decision: %(decision)s.") % {"decision": analysis.decision_text}]),
    ])
    return graph
