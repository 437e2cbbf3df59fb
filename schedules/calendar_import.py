"""Reading a school calendar from a CSV or an iCalendar file, and what it would change.

Parsing is pure (no queries): `parse_csv` and `parse_ics` turn a file into rows, each with
the line it came from, and report every problem with its line number. `plan` compares the
rows with the calendar as it stands (`CalendarState`) and lists the writes; the preview
page shows them and `actions.calendar_import_apply` makes them. A file with any problem
writes nothing.

CSV: a header row naming at least `date` and `kind`, then one day a row:

    date,kind,label,minutes,letter
    2026-11-26,closure,Thanksgiving,,
    2026-12-18,early release,Winter break begins,120,
    2027-01-04,letter,,,B

`kind` is closure, early release, instructional (school meets a full day: removes a
closure or an early release) or letter (the day's rotation letter, in `letter`). Dates are
2026-11-26 or 11/26/2026.

iCalendar: each VEVENT covers its days (an all-day event's DTEND is the day after its last);
its SUMMARY says what it is ("No school", "Winter break", "Early release", "Early dismissal
90 minutes"); a summary that says neither takes the default the person chose (or is left
out). Events outside the school year are left out and counted; a weekend day is skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from schedules.models import MAX_EARLY_RELEASE_MINUTES
from students.calendar import REGULAR_WEEKDAYS

CLOSURE, EARLY_RELEASE, INSTRUCTIONAL, LETTER = "closure", "early_release", "instructional", "letter"
SKIP = "skip"
KIND_NAMES = {"closure": CLOSURE, "closed": CLOSURE, "early release": EARLY_RELEASE,
              "instructional": INSTRUCTIONAL, "letter": LETTER}
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
MAX_BYTES = 512 * 1024  # a year's calendar is a few kilobytes

_EARLY = re.compile(r"early (release|dismissal)|half[- ]day|minimum day|early out", re.IGNORECASE)
_CLOSED = re.compile(
    r"no school|no students|closed|closure|holiday|break|vacation|recess|non[- ]student|"
    r"staff (development|day)|professional (development|learning)|teacher (work|planning|in-?service)|"
    r"in-?service|records day|snow day|day off",
    re.IGNORECASE,
)
_MINUTES = re.compile(r"(\d{1,3})\s*min", re.IGNORECASE)
_UNPLANNED = re.compile(r"weather|snow|storm|emergency|power", re.IGNORECASE)
_STAFF = re.compile(r"staff|teacher|professional|in-?service|records|non[- ]student|no students",
                    re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    line: int
    date: dt.date
    kind: str  # CLOSURE, EARLY_RELEASE, INSTRUCTIONAL or LETTER
    label: str = ""
    minutes: int | None = None
    letter: str = ""


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}"


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    left_out: int = 0  # iCalendar events outside the year or of no kind


@dataclass(frozen=True)
class Year:
    """What a file is checked against: the year's first and last days and its letters."""

    start: dt.date
    end: dt.date
    letters: tuple[str, ...] = ()

    def problem_with(self, day: dt.date) -> str:
        if not self.start <= day <= self.end:
            return f"{_day(day)} is outside the school year ({_day(self.start)} to {_day(self.end)})."
        if day.weekday() not in REGULAR_WEEKDAYS:
            return f"{_day(day)} is a weekend day: school does not meet then."
        return ""


def _day(day: dt.date) -> str:
    return f"{day:%a %b} {day.day}, {day.year}"


def _date(raw: str) -> dt.date | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw.strip(), fmt).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    return None


def closure_kind(label: str) -> str:
    """The Closure.Kind an imported closure gets from its label."""
    if _UNPLANNED.search(label):
        return "closure"
    if _STAFF.search(label):
        return "non_student"
    return "holiday"


def parse_csv(text: str, year: Year) -> Parsed:
    found = Parsed()
    reader = csv.DictReader(io.StringIO(text))
    headers = {(h or "").strip().lower(): h for h in (reader.fieldnames or [])}
    missing = [h for h in ("date", "kind") if h not in headers]
    if missing:
        found.problems.append(Problem(1, "The first row names the columns: date, kind, and optionally "
                                         f"label, minutes, letter (missing: {', '.join(missing)})."))
        return found

    def cell(record: Mapping[str, str | None], name: str) -> str:
        key = headers.get(name)
        return (record.get(key) or "").strip() if key else ""

    first_line: dict[dt.date, int] = {}
    for record in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue
        raw_date, raw_kind = cell(record, "date"), cell(record, "kind")
        day = _date(raw_date)
        if day is None:
            found.problems.append(Problem(line, f"“{raw_date}” is not a date "
                                                "(write 2026-11-26 or 11/26/2026)."))
            continue
        kind = KIND_NAMES.get(re.sub(r"[_-]", " ", raw_kind.lower()))
        if kind is None:
            found.problems.append(Problem(line, f"“{raw_kind}” is not a kind of day: write closure, early "
                                                "release, instructional or letter."))
            continue
        problem = year.problem_with(day)
        if problem:
            found.problems.append(Problem(line, problem))
            continue
        if day in first_line:
            found.problems.append(Problem(line, f"{_day(day)} is already on line {first_line[day]}: "
                                                "give each day once."))
            continue
        first_line[day] = line
        label = cell(record, "label") or cell(record, "reason")
        minutes: int | None = None
        letter = ""
        if kind == EARLY_RELEASE:
            raw = cell(record, "minutes")
            if not raw.isdigit() or not 1 <= int(raw) <= MAX_EARLY_RELEASE_MINUTES:
                found.problems.append(Problem(line, "An early release needs its minutes: how many "
                                                    "minutes early students leave, 1 to "
                                                    f"{MAX_EARLY_RELEASE_MINUTES}."))
                continue
            minutes = int(raw)
        if kind == LETTER:
            letter = cell(record, "letter") or label
            if letter not in year.letters:
                known = ", ".join(year.letters) or "none: the school's days are all alike"
                found.problems.append(Problem(line, f"“{letter}” is not one of the school's day letters "
                                                    f"({known})."))
                continue
            label = ""
        found.rows.append(Row(line, day, kind, label[:200], minutes, letter))
    return found


def parse_ics(data: bytes, year: Year, *, default_kind: str = SKIP, default_minutes: int = 120) -> Parsed:
    """Closures and early releases from an iCalendar file's events (see the module's doc)."""
    from icalendar import Calendar

    found = Parsed()
    text = data.decode("utf-8", errors="replace")
    starts = [i for i, ln in enumerate(text.splitlines(), start=1) if ln.strip().upper() == "BEGIN:VEVENT"]
    try:
        calendar = Calendar.from_ical(text)
    except ValueError as exc:
        found.problems.append(Problem(1, f"This is not an iCalendar file ({exc})."))
        return found
    first_line: dict[dt.date, int] = {}
    for i, event in enumerate(calendar.walk("VEVENT")):
        line = starts[i] if i < len(starts) else 1
        summary = str(event.get("SUMMARY", "")).strip()
        try:
            start = event.decoded("DTSTART")
            end = event.decoded("DTEND") if "DTEND" in event else None
        except (KeyError, ValueError):
            found.problems.append(Problem(line, f"The event “{summary}” has no start date (DTSTART)."))
            continue
        if isinstance(start, dt.datetime):
            first = last = start.date()
        elif isinstance(start, dt.date):
            first = start
            last = (end - dt.timedelta(days=1)) if isinstance(end, dt.date) and end > start else start
            last = last.date() if isinstance(last, dt.datetime) else last
        else:
            found.problems.append(Problem(line, f"The event “{summary}” has no start date (DTSTART)."))
            continue
        kind = (EARLY_RELEASE if _EARLY.search(summary)
                else CLOSURE if _CLOSED.search(summary) else default_kind)
        if kind == SKIP or last < year.start or first > year.end:
            found.left_out += 1
            continue
        minutes = None
        if kind == EARLY_RELEASE:
            match = _MINUTES.search(summary)
            minutes = int(match.group(1)) if match else default_minutes
            if not 1 <= minutes <= MAX_EARLY_RELEASE_MINUTES:
                found.problems.append(Problem(line, f"“{summary}”: an early release lets students out 1 to "
                                                    f"{MAX_EARLY_RELEASE_MINUTES} minutes early."))
                continue
        day = max(first, year.start)
        while day <= min(last, year.end):
            if day.weekday() in REGULAR_WEEKDAYS:
                if day in first_line:
                    found.problems.append(Problem(line, f"{_day(day)} is already in the event on line "
                                                        f"{first_line[day]}: give each day once."))
                else:
                    first_line[day] = line
                    found.rows.append(Row(line, day, kind, summary[:200], minutes))
            day += dt.timedelta(days=1)
    return found


@dataclass(frozen=True)
class CalendarState:
    """A calendar as it stands: its closures (day -> reason), early releases (day ->
    minutes) and day letters named by an override (day -> letter)."""

    closures: Mapping[dt.date, str]
    early_releases: Mapping[dt.date, int]
    overrides: Mapping[dt.date, str]


@dataclass
class Plan:
    closures_added: list[Row] = field(default_factory=list)
    closures_removed: list[dt.date] = field(default_factory=list)
    early_releases_set: list[Row] = field(default_factory=list)  # new, or new minutes
    early_releases_removed: list[dt.date] = field(default_factory=list)
    letters_set: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.closures_added or self.closures_removed or self.early_releases_set
                    or self.early_releases_removed or self.letters_set)

    def closures_after(self, before: Iterable[dt.date]) -> frozenset[dt.date]:
        return (frozenset(before) - set(self.closures_removed)) | {r.date for r in self.closures_added}

    def summary(self) -> str:
        parts = [
            (len(self.closures_added), "closure added", "closures added"),
            (len(self.closures_removed), "closure removed", "closures removed"),
            (len(self.early_releases_set), "early release set", "early releases set"),
            (len(self.early_releases_removed), "early release removed", "early releases removed"),
            (len(self.letters_set), "day letter set", "day letters set"),
        ]
        said = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
        return ", ".join(said) or "nothing changed"


def plan(rows: Iterable[Row], state: CalendarState) -> Plan:
    """The writes that make the calendar say what the rows say; rows it already says are
    left alone. A letter for a day that is (or becomes) a closure is a problem."""
    found = Plan()
    rows = list(rows)
    reopened = {r.date for r in rows if r.kind in (EARLY_RELEASE, INSTRUCTIONAL)}
    closed_after = {r.date for r in rows if r.kind == CLOSURE} | (set(state.closures) - reopened)
    for row in rows:
        if row.kind == CLOSURE:
            if row.date not in state.closures:
                found.closures_added.append(row)
            if row.date in state.early_releases:
                found.early_releases_removed.append(row.date)
        elif row.kind == EARLY_RELEASE:
            if row.date in state.closures:
                found.closures_removed.append(row.date)
            if state.early_releases.get(row.date) != row.minutes:
                found.early_releases_set.append(row)
        elif row.kind == INSTRUCTIONAL:
            if row.date in state.closures:
                found.closures_removed.append(row.date)
            if row.date in state.early_releases:
                found.early_releases_removed.append(row.date)
        elif row.kind == LETTER:
            if row.date in closed_after:
                found.problems.append(Problem(row.line, f"{_day(row.date)} is a closure: a day school does "
                                                        "not meet has no letter."))
            elif state.overrides.get(row.date) != row.letter:
                found.letters_set.append(row)
    return found
