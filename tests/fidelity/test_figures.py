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


def test_the_check_off_figure_leaves_absent_meetings_and_unapproved_late_entries_out(
    small_school, school_admin  # noqa: ANN001
) -> None:
    from accommodations.models import ImplementationCheck

    # The one unchecked day (Nov 13): the student was absent. A "provided" entered past the
    # approval window is not counted until approved.
    check = ImplementationCheck.objects.get(outcome="not_provided")
    ImplementationCheck.objects.create(support=check.support, student=check.student, section=check.section,
                                       date=dt.date(2026, 11, 13), teacher=check.teacher, outcome="absent")
    ImplementationCheck.objects.filter(date=dt.date(2026, 11, 2)).update(
        late=True, late_reason="Found the paper log", approval="waiting")
    result = fidelity_for(Student.objects.visible_to(school_admin), PERIOD, TODAY)
    checks = result.figure("accommodations").checks
    assert checks is not None
    assert (checks.provided, checks.not_provided, checks.not_checked, checks.absent) == (5, 1, 1, 1)
    assert str(checks) == "5 provided · 1 not provided · 1 not checked (2 not needed, 1 absent left out)"


def test_the_check_off_figure_counts_through_yesterday(small_school, school_admin) -> None:  # noqa: ANN001
    from fidelity.figures import Period

    # A period ending today: today's meeting (Nov 13) is not expected yet.
    result = fidelity_for(Student.objects.visible_to(school_admin), PERIOD, dt.date(2026, 11, 13))
    checks = result.figure("accommodations").checks
    assert checks is not None and checks.total == 7 and checks.not_checked == 0
    assert Period("custom", dt.date(2026, 11, 2), dt.date(2026, 11, 18)).checks_through == dt.date(2026, 11, 17)


def test_a_goal_counts_from_when_it_took_effect_not_when_its_row_was_written(
    small_school, school,  # noqa: ANN001
) -> None:
    """A goal typed in today for an IEP in effect since September is due data in the period;
    a late data point still waiting for approval does not make it current."""
    from progress.models import DataPoint, Goal

    goals = Goal.objects.filter(iep__student__school=school)
    goals.update(created_at=dt.datetime(2026, 11, 18, 9, 0, tzinfo=dt.UTC))  # after the period
    before = ratios(fidelity_for(Student.objects.filter(school=school), PERIOD, TODAY), "goals")
    assert before["goals"] == (1, 2)
    DataPoint.objects.filter(goal__in=goals, date=dt.date(2026, 11, 5)).update(
        late=True, late_reason="Found in a binder", approval=DataPoint.Approval.WAITING)
    waiting = ratios(fidelity_for(Student.objects.filter(school=school), PERIOD, TODAY), "goals")
    assert waiting["goals"] == (0, 2)
