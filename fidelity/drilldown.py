"""The fidelity drill-down's rows: one student's share of each headline figure, in words an
administrator reads at a glance, and the order that puts the students furthest behind first.

Pure: the figures come from `fidelity.figures.figures_by_student`, the same computation as
the dashboard's, so a column's numbers add up to the headline (or the breakdown row) above it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fidelity.figures import METRIC_BY_KEY, SERVICE_KEYS, Cell, Line, Ratio

# Which service lines a service figure lists beneath its students.
LINE_FILTERS: dict[str, Callable[[Line], bool]] = {
    "behind": lambda ln: ln.behind,
    "owed": lambda ln: ln.owed > 0,
    "uncovered": lambda ln: ln.uncovered > 0,
    "lines": lambda ln: ln.expected > 0,
    "minutes": lambda ln: ln.expected > 0,
}


def _n(value: float) -> str:
    return f"{value:,.0f}"


@dataclass(frozen=True)
class Shown:
    """One cell of the drill-down: the figure, its short text and whether it needs a look."""

    cell: Cell
    text: str
    note: str = ""

    @property
    def flagged(self) -> bool:
        return self.cell.status in ("concern", "watch")


def short_text(key: str, ratio: Ratio) -> str:
    """A student's share of a figure, in a few words; an em dash when nothing was due."""
    num, den = ratio.num, ratio.den
    if key == "owed":
        return f"{_n(num)} min" if num else "—"
    if not den:
        return "—"
    if key == "minutes":
        return f"{_n(num)} of {_n(den)} min"
    if key in ("behind", "uncovered"):
        return f"{_n(num)} of {_n(den)} line{'s' if den != 1 else ''}"
    if key == "lines":
        return f"{_n(num)} of {_n(den)} lines"
    if key == "accommodations":
        return f"{_n(num)} of {_n(den)} provided"
    if key == "goals":
        return f"{_n(num)} of {_n(den)} current"
    if key == "acks":
        return f"{_n(num)} of {_n(den)} outstanding"
    if key == "reports":
        return f"{_n(num)} of {_n(den)} on time"
    if key == "contacts":
        return "Current" if num else "Not current"
    return f"{_n(num)} of {_n(den)}"


@dataclass
class StudentRow:
    student: Any  # a Student annotated with has_iep and last_data
    ratios: dict[str, Ratio]
    as_of: dt.date  # the period's last day: the age of the last data point is counted to it
    shown: list[Shown] = field(default_factory=list)

    def cell(self, key: str) -> Cell:
        behind = self.ratios.get("behind", Ratio()) if key in SERVICE_KEYS else None
        return Cell(METRIC_BY_KEY[key], self.ratios.get(key, Ratio()), behind)

    @property
    def data_age(self) -> int | None:
        """Days from the last data point that counts to the period's last day."""
        last = getattr(self.student, "last_data", None)
        return None if last is None else (self.as_of - last).days

    def show(self, keys: list[str]) -> list[Shown]:
        out = []
        for key in keys:
            cell = self.cell(key)
            note = ""
            if key == "minutes" and cell.status == "concern":
                note = cell.status_word
            elif key == "goals" and cell.ratio.den:
                age = self.data_age
                note = "no data yet" if age is None else f"last point {age} day{'s' if age != 1 else ''} ago"
            out.append(Shown(cell, short_text(key, cell.ratio), note))
        return out

    @property
    def concerns(self) -> int:
        keys = ["minutes", "owed", "accommodations", "goals", "acks", "reports", "contacts"]
        return sum(1 for k in keys if self.cell(k).status in ("concern", "watch"))


def _worst_value(row: StudentRow, key: str) -> tuple[int, float]:
    """Smaller sorts first: nothing due last, then the worst figure first."""
    cell = row.cell(key)
    ratio, metric = cell.ratio, cell.metric
    if metric.kind == "count":
        return (0 if ratio.num else 1, -ratio.num)
    if not ratio.den:
        return (2, 0)
    return (0, ratio.num / ratio.den)


def sort_student_rows(rows: list[StudentRow], sort: str) -> list[StudentRow]:
    """By name, by one figure worst first, or ("worst", the default) by how many figures
    need a look, then the minutes delivered, lowest first."""
    def name(row: StudentRow) -> tuple[str, str]:
        return (row.student.last_name.casefold(), row.student.first_name.casefold())

    if sort == "name":
        return sorted(rows, key=name)
    if sort in METRIC_BY_KEY:
        return sorted(rows, key=lambda r: (_worst_value(r, sort), name(r)))
    return sorted(rows, key=lambda r: (-r.concerns, -r.cell("owed").ratio.num,
                                       _worst_value(r, "minutes"), name(r)))
