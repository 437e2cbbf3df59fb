"""The product's accepted range of dates and numbers (iep_portal/bounds.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from iep_portal.bounds import BoundedDateField, date_param, number_in_range


def test_it_accepts_a_date_inside_the_range() -> None:
    assert BoundedDateField().clean("2026-10-05") == dt.date(2026, 10, 5)


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_it_refuses_a_date_outside_the_range_with_a_message(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        BoundedDateField().clean(typed)
    assert "between 1900-01-01 and 2100-12-31" in caught.value.messages[0]


@pytest.mark.parametrize("given", [None, "", "yesterday", "0001-01-01", "9999-12-31", "2026-13-01"])
def test_a_query_date_that_is_missing_bad_or_out_of_range_is_the_default(given: str | None) -> None:
    assert date_param(given, default=dt.date(2026, 12, 2)) == dt.date(2026, 12, 2)


def test_a_query_date_in_range_is_read() -> None:
    assert date_param("2026-09-08", default=dt.date(2026, 12, 2)) == dt.date(2026, 9, 8)


def test_a_number_out_of_range_names_its_field() -> None:
    number_in_range(40, low=0, high=600, label="Minutes")
    with pytest.raises(ValidationError) as caught:
        number_in_range(100000, low=0, high=600, label="Minutes")
    assert caught.value.messages == ["Minutes must be between 0 and 600."]
