"""Recording ESY decisions, adding ESY lines, defining ESY sessions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, ProgrammingError, transaction

from esy.actions import esy_decision_record, esy_line_add, esy_session_add
from esy.models import EsyDecision
from services.models import ServiceRequirement

D = dt.date
LINE = {"kind": "sdi", "area": "Reading", "minutes": 90, "sessions": 2, "period": "week",
        "setting": "special_ed", "start_date": D(2027, 6, 21), "end_date": D(2027, 7, 29)}


DECIDED = D(2026, 11, 10)


def _decide(iep, by, status: str, day: dt.date = DECIDED) -> EsyDecision:  # noqa: ANN001
    return esy_decision_record(iep=iep, by=by, status=status, decided_on=day,
                               basis="Fluency probes before and after winter break.")


def test_an_esy_line_is_refused_without_a_decision(iep, case_manager) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match="No ESY decision is recorded for this IEP yet"):
        esy_line_add(iep=iep, by=case_manager, provider=case_manager, **LINE)
    assert not ServiceRequirement.objects.exists()


@pytest.mark.parametrize(("status", "word"), [("not_needed", "Not needed"), ("pending", "To be decided")])
def test_an_esy_line_is_refused_unless_the_decision_is_needed(iep, case_manager, status, word) -> None:  # noqa: ANN001
    _decide(iep, case_manager, status)
    with pytest.raises(ValidationError, match=f"the current decision is “{word}” \\(Nov 10, 2026\\)"):
        esy_line_add(iep=iep, by=case_manager, provider=case_manager, **LINE)
    assert not ServiceRequirement.objects.exists()


def test_an_esy_line_is_added_once_esy_is_needed(iep, case_manager) -> None:  # noqa: ANN001
    _decide(iep, case_manager, "needed")
    line = esy_line_add(iep=iep, by=case_manager, provider=case_manager, **LINE)
    assert (line.season, line.is_esy) == ("esy", True)
    assert list(ServiceRequirement.objects.regular_year()) == []


def test_the_latest_decision_is_the_one_in_force(iep, case_manager, school_admin) -> None:  # noqa: ANN001
    first = _decide(iep, case_manager, "needed", D(2026, 10, 1))
    _decide(iep, school_admin, "not_needed", D(2026, 11, 12))
    current = EsyDecision.objects.current_for([iep.pk])[iep.pk]
    assert (current.status, current.recorded_by) == ("not_needed", school_admin)
    assert EsyDecision.objects.filter(iep=iep).count() == 2
    with pytest.raises(ValidationError, match="current decision is “Not needed”"):
        esy_line_add(iep=iep, by=case_manager, provider=case_manager, **LINE)
    first.refresh_from_db()
    assert first.status == "needed"  # kept as history


def test_a_decision_is_never_rewritten(iep, case_manager) -> None:  # noqa: ANN001
    decision = _decide(iep, case_manager, "needed")
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        EsyDecision.objects.filter(pk=decision.pk).update(status="not_needed")
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        EsyDecision.objects.filter(pk=decision.pk).delete()


def test_a_decision_needs_a_basis_and_a_date_not_in_the_future(iep, case_manager) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match="cannot be dated in the future"):
        _decide(iep, case_manager, "needed", D(2026, 11, 19))
    with pytest.raises(ValidationError):
        esy_decision_record(iep=iep, by=case_manager, status="needed", decided_on=D(2026, 11, 10), basis="  ")
    with pytest.raises(IntegrityError), transaction.atomic():
        EsyDecision.objects.create(iep=iep, status="needed", decided_on=D(2026, 11, 10), basis="",
                                   recorded_by=case_manager)
    assert not EsyDecision.objects.exists()


def test_two_district_sessions_never_overlap(district_admin, school) -> None:  # noqa: ANN001
    esy_session_add(school=None, by=district_admin, name="Summer 2027", start_date=D(2027, 6, 21),
                    end_date=D(2027, 7, 29), weekdays=[0, 1, 2, 3],
                    closures=[(D(2027, 7, 5), "Independence Day (observed)")])
    with pytest.raises(ValidationError, match="Summer 2027 already runs from Jun 21, 2027 to Jul 29, 2027"):
        esy_session_add(school=None, by=district_admin, name="Late summer", start_date=D(2027, 7, 26),
                        end_date=D(2027, 8, 12), weekdays=[0, 1, 2, 3])
    # A school's own session beside the district's is allowed: it replaces it for that school.
    own = esy_session_add(school=school, by=district_admin, name="Lincoln summer", start_date=D(2027, 7, 6),
                          end_date=D(2027, 7, 30), weekdays=[1, 2, 3])
    assert own.weekdays == [1, 2, 3]


def test_a_session_needs_weekdays_and_an_end_after_its_start(district_admin) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError):
        esy_session_add(school=None, by=district_admin, name="Summer", start_date=D(2027, 6, 21),
                        end_date=D(2027, 6, 21), weekdays=[0])
    with pytest.raises(ValidationError):
        esy_session_add(school=None, by=district_admin, name="Summer", start_date=D(2027, 6, 21),
                        end_date=D(2027, 7, 21), weekdays=[])
