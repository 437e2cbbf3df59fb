"""National Provider Identifier check digit (CMS: the Luhn formula over "80840" + the first
nine digits, which is the same as adding 24 to the Luhn sum of the nine digits)."""

from __future__ import annotations


def npi_is_valid(npi: str) -> bool:
    """Ten digits whose last is the Luhn check digit of the first nine with the 80840 prefix."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    total = 24  # the prefix 80840's share of the Luhn sum
    for i, ch in enumerate(reversed(npi[:9])):
        d = int(ch)
        if i % 2 == 0:  # every other digit from the right of the nine is doubled
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10 == int(npi[9])
