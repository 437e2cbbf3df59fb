from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from iep_portal.models import User
from transfers.actions import transfer_in_record
from transfers.models import TransferIn

D = dt.date
TODAY = D(2026, 11, 18)


def arrival(**overrides: Any) -> dict[str, Any]:
    """What a case manager types for a seventh-grader who enrolled on Nov 6 with an IEP from
    a district in the same state."""
    values: dict[str, Any] = {
        "student_number": "D250311", "first_name": "Elena", "last_name": "Vasquez",
        "date_of_birth": D(2013, 4, 9), "grade": "7", "family_language": "es",
        "sending_district": "Rockford Public Schools District 205", "sending_state": "IL", "in_state": True,
        "enrolled_on": D(2026, 11, 6), "iep_received_on": D(2026, 11, 9),
        "received_meeting_date": D(2026, 3, 12), "received_annual_review_due": D(2027, 3, 11),
        "received_last_evaluation": D(2025, 2, 21), "received_reevaluation_due": D(2028, 2, 20),
        "received_note": "Specific learning disability (reading). Reading SDI 225 min/week pull-out.",
    }
    values.update(overrides)
    return values


@pytest.fixture
def record(school, calendar, case_manager):  # noqa: ANN001, ANN201
    def _record(by: User | None = None, **overrides: Any) -> TransferIn:
        return transfer_in_record(by=by or case_manager, school=school, case_manager=case_manager,
                                  today=TODAY, **arrival(**overrides))
    return _record
