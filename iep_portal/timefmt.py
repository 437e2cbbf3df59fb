"""Times of day in text built in Python: emails, reminder titles, notices, admin labels.

The formats are defined once per language in iep_portal/formats (see there); these helpers
first move an aware datetime into the district's time zone (settings.TIME_ZONE), which the
template filters do by themselves and `formats.date_format` does not. A bare `dt.time` (a
meeting's start) is already the district's local time.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_time(value: dt.time | dt.datetime) -> str:
    """'3:30 PM' (in the active language's convention)."""
    if isinstance(value, dt.datetime):
        value = _local(value)
    return formats.time_format(value, "TIME_FORMAT")


def format_datetime(value: dt.datetime, *, year: bool = True) -> str:
    """'Mar 5, 2025, 3:30 PM', or 'Mar 5, 3:30 PM' with `year=False`."""
    return formats.date_format(_local(value), "DATETIME_FORMAT" if year else "SHORT_DATETIME_FORMAT")


def iso_datetime(value: dt.datetime) -> str:
    """For CSV files, which machines read: ISO 8601 in the district's time zone, with its
    offset, to the second ('2025-03-05T15:30:00-06:00')."""
    return _local(value).isoformat(timespec="seconds")


def iso_local(day: dt.date, time: dt.time) -> str:
    """A wall-clock time on a day in the district (a session's start) as iso_datetime writes
    it, with that day's offset ('2025-03-05T09:00:00-06:00'): a bare '09:00' in an export
    cannot be placed in time by whoever reads it."""
    return iso_datetime(timezone.make_aware(dt.datetime.combine(day, time)))
