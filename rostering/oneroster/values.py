"""Parsing single OneRoster cells: dates, timestamps, booleans, lists. Pure functions."""

from __future__ import annotations

import contextlib
import datetime as dt
import re

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")


def parse_date(raw: str) -> tuple[dt.date | None, str]:
    """(date, "") or (None, plain message)."""
    value = raw.strip()
    if ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value), ""
        except ValueError:
            return None, f'"{value}" is not a real date.'
    us = US_DATE.match(value)
    if us:
        month, day, year = (int(g) for g in us.groups())
        year = year + 2000 if year < 100 else year
        hint = ""
        with contextlib.suppress(ValueError):
            hint = f" ({dt.date(year, month, day).isoformat()})"
        return None, f'"{value}" is a US-style date; OneRoster dates are written YYYY-MM-DD{hint}.'
    return None, f'"{value}" is not a date; OneRoster dates are written YYYY-MM-DD.'


def parse_timestamp(raw: str) -> tuple[dt.datetime | None, str]:
    value = raw.strip()
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        if US_DATE.match(value.split(" ")[0].split("T")[0]):
            return None, (f'"{value}" is a US-style date; dateLastModified is written '
                          "YYYY-MM-DDThh:mm:ssZ.")
        return None, f'"{value}" is not a date and time in the form YYYY-MM-DDThh:mm:ssZ.'
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp, ""


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
