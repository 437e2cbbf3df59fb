"""The range of dates and numbers the product accepts from input, checked where input enters.

A form field, a query parameter or an import row holds a date or a number that people typed
or a file carried; past this point the code may add days, count weeks or build a calendar
from it. So each is bounded where it enters, with a message a teacher understands, and
nothing downstream can overflow (`date.max + 1 day`) or spin through centuries of weeks.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Older records than this are not a school's day-to-day business; later is a typing slip.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def date_in_range(value: dt.date) -> None:
    """Validator: a date between EARLIEST_DATE and LATEST_DATE."""
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )


class BoundedDateField(forms.DateField):
    """A form's date field that refuses dates outside the product's range."""

    default_validators = [date_in_range]


def date_param(value: str | None, *, default: dt.date) -> dt.date:
    """A date from a query string (`?date=`): `default` when missing, malformed or out of range.

    Pages read dates from their address for navigation (a past day of My classes); a bad one
    shows the default day rather than an error page.
    """
    if not value:
        return default
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return default
    try:
        date_in_range(day)
    except ValidationError:
        return default
    return day


# A period typed as two dates (a custom range of figures) covers at most about a school year
# and its summer: the work behind a page grows with the weeks it spans.
LONGEST_PERIOD_DAYS = 400


def period_in_range(start: dt.date, end: dt.date, *, longest: int = LONGEST_PERIOD_DAYS) -> None:
    """Validator for a period typed as two dates: in order, and at most `longest` days long."""
    if start > end:
        raise ValidationError(_("The start date must be on or before the end date."), code="period_reversed")
    if (end - start).days > longest:
        raise ValidationError(
            _("Choose a period of at most %(days)s days (about a school year)."),
            code="period_too_long", params={"days": longest},
        )


def number_in_range(value: int | float, *, low: int | float, high: int | float, label: str) -> None:
    """Validator for an imported or typed number: a clear message naming the field and range."""
    if not low <= value <= high:
        raise ValidationError(
            _("%(label)s must be between %(low)s and %(high)s."),
            code="number_out_of_range",
            params={"label": label, "low": low, "high": high},
        )
