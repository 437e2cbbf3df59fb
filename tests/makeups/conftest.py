from __future__ import annotations

import datetime as dt

import pytest

from services.models import ServiceRequirement, ServiceSession
from tests.services.conftest import another_speech_student, reading, speech  # noqa: F401
from tests.services.factories import ServiceSessionFactory

TODAY = dt.date(2026, 11, 18)  # a Wednesday
MISSED_ON = [dt.date(2026, 11, 2), dt.date(2026, 11, 4), dt.date(2026, 11, 9), dt.date(2026, 11, 11)]


def owe(requirement: ServiceRequirement, sessions: int = 4) -> list[ServiceSession]:
    """`sessions` of the line missed for the provider's absence, early November."""
    return [
        ServiceSessionFactory(
            requirement=requirement,
            date=day,
            minutes=requirement.session_length,
            status=ServiceSession.Status.PROVIDER_ABSENT,
        )
        for day in MISSED_ON[:sessions]
    ]


@pytest.fixture
def owing(speech: ServiceRequirement) -> ServiceRequirement:  # noqa: F811
    """Maya's speech (2 x 30 min a week) with 4 sessions (120 min) missed by the provider."""
    owe(speech, 4)
    return speech
