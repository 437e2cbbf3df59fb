from __future__ import annotations

import pytest

from billing.npi import npi_is_valid
from billing.units import UnitRule, billable_units

# Each case worked by hand: 15-minute units, one more for a remainder of 8 minutes or more.
EIGHT_MINUTE = [(0, 0), (7, 0), (8, 1), (15, 1), (22, 1), (23, 2), (30, 2), (37, 2), (38, 3),
                (45, 3), (52, 3), (53, 4), (60, 4), (67, 4), (68, 5)]
WHOLE_15 = [(7, 0), (14, 0), (15, 1), (29, 1), (30, 2), (44, 2), (45, 3)]
PER_SESSION = [(1, 1), (20, 1), (90, 1), (0, 0)]
HALF_HOUR = [(14, 0), (15, 1), (30, 1), (44, 1), (45, 2), (60, 2), (75, 3)]


@pytest.mark.parametrize(("minutes", "units"), EIGHT_MINUTE)
def test_it_counts_15_minute_units_by_the_8_minute_rule(minutes: int, units: int) -> None:
    assert billable_units(minutes, UnitRule.EIGHT_MINUTE) == units


@pytest.mark.parametrize(("minutes", "units"), WHOLE_15)
def test_it_counts_only_whole_15_minute_units(minutes: int, units: int) -> None:
    assert billable_units(minutes, UnitRule.WHOLE_15) == units


@pytest.mark.parametrize(("minutes", "units"), PER_SESSION)
def test_it_counts_one_unit_per_session(minutes: int, units: int) -> None:
    assert billable_units(minutes, UnitRule.PER_SESSION) == units


@pytest.mark.parametrize(("minutes", "units"), HALF_HOUR)
def test_it_counts_half_hour_units_with_the_half_unit_rule(minutes: int, units: int) -> None:
    assert billable_units(minutes, UnitRule.HALF_HOUR) == units


def test_it_refuses_a_rule_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="Unknown unit rule"):
        billable_units(30, "per_fortnight")


@pytest.mark.parametrize("npi", ["1234567893", "1245319599", "1003000126"])
def test_it_accepts_an_npi_whose_check_digit_matches(npi: str) -> None:
    assert npi_is_valid(npi)


@pytest.mark.parametrize("npi", ["1234567890", "123456789", "12345678931", "12345678a3", ""])
def test_it_refuses_an_npi_with_a_wrong_check_digit_or_length(npi: str) -> None:
    assert not npi_is_valid(npi)
