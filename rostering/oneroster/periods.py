"""Read a class's `periods` cell (OneRoster classes.csv) into the periods and days it meets.

The cell is a comma-separated list; each item is one of:

- `3`, `Advisory`: the class meets in that period every day it meets;
- `3(A)`, `3(A,B)`, `3(A B)`, `3(A-C)`: in period 3 on the days with those letters (a range
  runs in the order of the school's day letters), the form PowerSchool exports;
- `2-4` or `2-4(A)`: periods 2, 3 and 4 (a range of numbered periods);
- `A3` or `A-3`: day A, period 3, when A is one of the school's day letters, 3 is a number
  and the school has no period named `A3` (then it is that period).

Anything else is the name of a period (up to 40 characters). The same period named twice
meets on the union of its days; named once without letters, it meets every day. Letters
must be the school's day letters, so a school sets its day pattern before a drop names
days. Pure: no queries.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

NAME_LENGTH = 40
MAX_RANGE = 20
_WITH_DAYS = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<days>[^()]*)\)$")
_NUMBER_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")
_HINT = re.compile(r"^(?P<letter>.+?)[-\s]?(?P<period>\d+)$")


@dataclass(frozen=True)
class PeriodMeeting:
    """A period a class meets in and the day letters it meets on (empty: every day)."""

    name: str
    letters: tuple[str, ...] = ()


class PeriodsProblem(ValueError):
    """The cell cannot be read; the message says why, for the import's problem list."""


def split_items(raw: str) -> list[str]:
    """The cell's items: commas inside parentheses belong to the item (`3(A,B),4`)."""
    items, depth, current = [], 0, ""
    for ch in raw:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise PeriodsProblem(f'"{raw}" has a ")" without its "(".')
        if ch == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += ch
    if depth:
        raise PeriodsProblem(f'"{raw}" has a "(" without its ")".')
    items.append(current.strip())
    return [x for x in items if x]


def parse_periods(
    raw: str, *, letters: Sequence[str] = (), period_names: Collection[str] = ()
) -> tuple[PeriodMeeting, ...]:
    """The meetings the cell names, in the order first named. `letters` are the school's
    day letters in order; `period_names` the periods it already has. Raises PeriodsProblem."""
    merged: dict[str, set[str] | None] = {}  # name -> letters; None: every day
    for item in split_items(raw):
        for name, days in _item(item, letters, period_names):
            if len(name) > NAME_LENGTH:
                raise PeriodsProblem(f'The period name "{name}" is longer than {NAME_LENGTH} characters.')
            before = merged.get(name, set())
            if before is None or not days:
                merged[name] = None
            else:
                merged[name] = before | set(days)
    order = {x: i for i, x in enumerate(letters)}
    return tuple(
        PeriodMeeting(name, tuple(sorted(days, key=order.__getitem__)) if days else ())
        for name, days in merged.items()
    )


def _item(item: str, letters: Sequence[str], period_names: Collection[str]) -> list[tuple[str, list[str]]]:
    match = _WITH_DAYS.match(item)
    if match:
        days = _days(match["days"], letters, item)
        return [(name, days) for name in _names(match["name"].strip())]
    if "(" in item or ")" in item:
        raise PeriodsProblem(f'"{item}" is not a period: write 3 or 3(A) or 3(A,B).')
    if item not in period_names:
        hint = _HINT.match(item)
        if hint and hint["letter"] in letters and not hint["letter"].isdigit():
            return [(str(int(hint["period"])), [hint["letter"]])]
    return [(name, []) for name in _names(item)]


def _names(name: str) -> list[str]:
    match = _NUMBER_RANGE.match(name)
    if not match:
        return [name]
    first, last = int(match[1]), int(match[2])
    if not first < last <= first + MAX_RANGE:
        raise PeriodsProblem(f'"{name}" is not a range of periods: write the lower number first '
                             f"(at most {MAX_RANGE} periods).")
    return [str(n) for n in range(first, last + 1)]


def _days(raw: str, letters: Sequence[str], item: str) -> list[str]:
    tokens = [t for t in re.split(r"[,/;\s]+", raw.strip()) if t]
    if not tokens:
        raise PeriodsProblem(f'"{item}" names no day letters between the parentheses.')
    known = ", ".join(letters) if letters else "none: its days are all alike"
    days: list[str] = []
    for token in tokens:
        if token in letters:
            days.append(token)
            continue
        first, sep, last = token.partition("-")
        if sep and first in letters and last in letters:
            i, j = letters.index(first), letters.index(last)
            if i > j:
                raise PeriodsProblem(f'"{token}" runs backwards; the school\'s day letters are {known}.')
            days.extend(letters[i: j + 1])
            continue
        raise PeriodsProblem(f'"{token}" in "{item}" is not one of the school\'s day letters ({known}). '
                             "Set the school's day pattern first, or leave the letters out.")
    return days
