"""Parsing single OneRoster cells: dates, timestamps, booleans, lists. Pure functions."""

from __future__ import annotations

import datetime as dt
import json
import re

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A student ID names files (the evidence packet) and is typed into searches: letters and
# digits (any alphabet), then also - _ . @; never a space, quote, slash or control character.
STUDENT_ID = re.compile(r"[^\W_][\w.@-]*")
STUDENT_ID_MAX = 40  # Student.student_number's length
US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")


def _slashed_date_hint(day_month: re.Match[str]) -> str:
    """What a date written with slashes can be, told by what it can be: a first number over
    12 can only be a day, a second over 12 only a day; both 12 or under, either. Never a
    guess: an ambiguous date is shown both ways."""
    first, second, year = (int(g) for g in day_month.groups())
    year = year + 2000 if year < 100 else year

    def real(month: int, day: int) -> str:
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return ""

    us, day_first = real(first, second), real(second, first)
    if us and day_first and us != day_first:
        return f"it could be {us} (month first) or {day_first} (day first)"
    if us:
        return f"it is a US-style date ({us})" if second > 12 else f"it reads {us}"
    if day_first:
        return f"it is a day-first date ({day_first})"
    return "it is not a real date either way"


def parse_date(raw: str) -> tuple[dt.date | None, str]:
    """(date, "") or (None, plain message)."""
    value = raw.strip()
    if ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value), ""
        except ValueError:
            return None, f'"{value}" is not a real date.'
    slashed = US_DATE.match(value)
    if slashed:
        return None, (f'"{value}" is written with slashes: {_slashed_date_hint(slashed)}. '
                      "OneRoster dates are written YYYY-MM-DD.")
    return None, f'"{value}" is not a date; OneRoster dates are written YYYY-MM-DD.'


def student_id_problem(raw: str) -> str:
    """A plain message when `raw` cannot be a student ID, else ""."""
    shown = json.dumps(raw, ensure_ascii=False)  # a line break shows as \n
    if len(raw) > STUDENT_ID_MAX:
        return f"Student ID {shown} is longer than {STUDENT_ID_MAX} characters."
    if not STUDENT_ID.fullmatch(raw):
        return (f"Student ID {shown} can hold only letters, digits and - _ . @, starting with a "
                "letter or digit (no spaces, quotes, slashes or line breaks).")
    return ""


def parse_timestamp(raw: str) -> tuple[dt.datetime | None, str, bool]:
    """(stamp, "", bare) or (None, plain message, False). A bare YYYY-MM-DD is read as
    midnight UTC, with `bare` set so the import can say so."""
    value = raw.strip()
    if ISO_DATE.match(value):
        day, message = parse_date(value)
        if day is None:
            return None, message, False
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC), "", True
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        slashed = US_DATE.match(value.split(" ")[0].split("T")[0])
        if slashed:
            return None, (f'"{value}" is written with slashes: {_slashed_date_hint(slashed)}. '
                          "dateLastModified is written YYYY-MM-DDThh:mm:ssZ."), False
        return None, f'"{value}" is not a date and time in the form YYYY-MM-DDThh:mm:ssZ.', False
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp, "", False


def parse_bool(raw: str) -> bool | None:
    value = raw.strip().lower()
    if value == "true":
        return True
    if value == "false":
        return False
    return None


def split_list(raw: str) -> tuple[str, ...]:
    """A OneRoster list cell ("a,b,c" inside one quoted cell)."""
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def grade_label(raw: str) -> str:
    """CEDS grade codes to the app's labels: "KG" -> "K", "06" -> "6"."""
    first = split_list(raw)[0] if split_list(raw) else ""
    if first.upper() == "KG":
        return "K"
    if first.isdigit():
        return str(int(first))
    return first[:10]
