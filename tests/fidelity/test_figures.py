"""The figures against hand-computed values (see conftest.py for the arithmetic)."""

from __future__ import annotations

import datetime as dt

from fidelity.figures import fidelity_for
from students.models import Student
from tests.fidelity.conftest import PERIOD

TODAY = dt.date(2026, 11, 18)


def ratios(result, *keys):  # noqa: ANN001, ANN002, ANN201
    return {k: (result.totals[k].num, result.totals[k].den) for k in keys}


def test_the_figures_match_the_hand_count_for_the_school(small_school, school_admin) -> None:  # noqa: ANN001
    result = fidelity_for(Student.objects.visible_to(school_admin), PERIOD, TODAY)
    assert ratios(result, "minutes", "owed", "accommodations", "goals", "acks", "reports", "contacts") == {
        "minutes": (90, 120), "owed": (30, 1), "accommodations": (6, 8), "goals": (1, 2),
        "acks": (1, 2), "reports": (1, 2), "contacts": (1, 2),
    }
    assert result.figure("minutes").value == "75%"
    assert result.figure("accommodations").value == "75% provided"
    checks = result.figure("accommodations").checks
    assert (checks.provided, checks.not_provided, checks.not_checked, checks.not_needed) == (6, 1, 1, 2)
    assert result.figure("owed").value == "30 min"
