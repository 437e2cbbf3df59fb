"""Tiny weekly trend charts: numbers in Python, drawing in `templates/fidelity/_spark.html`.

A Spark is a line over the weeks of a figure with a dot per week that has a value; a week
with nothing to measure is a gap, not a zero. The title and description carry every value
in words, so the chart is never the only way to read the trend.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH, HEIGHT, PAD = 132, 36, 4


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str


@dataclass
class Spark:
    title: str
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    paths: list[str] = field(default_factory=list)  # one polyline per run of weeks with values
    dots: list[Dot] = field(default_factory=list)
    baseline_y: float = HEIGHT - PAD

    @property
    def empty(self) -> bool:
        return not self.dots


def spark(
    title: str, weeks: Sequence[dt.date], values: Sequence[float | None], *,
    unit: str = "%", fixed_max: float | None = None,
) -> Spark:
    """A chart of `values` (None = nothing to measure that week) for the weeks starting `weeks`."""
    known = [v for v in values if v is not None]
    top = fixed_max if fixed_max is not None else max([*known, 1.0])
    top = top or 1.0
    n = len(weeks)
    step = (WIDTH - 2 * PAD) / max(n - 1, 1)
    words = []
    chart = Spark(title=title, description="")
    run: list[str] = []
    for i, (week, value) in enumerate(zip(weeks, values, strict=True)):
        day = f"{week:%b} {week.day}"
        if value is None:
            words.append(f"week of {day}: nothing due")
            if run:
                chart.paths.append(" ".join(run))
                run = []
            continue
        x = round(PAD + i * step, 1)
        y = round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * min(max(value, 0), top) / top, 1)
        shown = f"{value:.0f}{unit}" if unit == "%" else f"{value:.0f} {unit}".rstrip()
        words.append(f"week of {day}: {shown}")
        chart.dots.append(Dot(x, y, f"Week of {day}: {shown}"))
        run.append(f"{x},{y}")
    if run:
        chart.paths.append(" ".join(run))
    chart.description = (f"Weekly trend, {n} weeks. " + "; ".join(words) + ".") if n else "No weeks."
    return chart
