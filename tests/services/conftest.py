from __future__ import annotations

import pytest

from services.models import ServiceRequirement
from students.models import IEP
from tests.services.factories import ServiceRequirementFactory


@pytest.fixture
def speech(iep: IEP, provider) -> ServiceRequirement:  # noqa: ANN001
    """60 minutes a week of speech-language, in two sessions, by the team's provider."""
    return ServiceRequirementFactory(iep=iep, provider=provider)


@pytest.fixture
def reading(iep: IEP) -> ServiceRequirement:
    """30 minutes a day of reading SDI by the case manager."""
    return ServiceRequirementFactory(
        iep=iep, provider=iep.case_manager, kind=ServiceRequirement.Kind.SDI, area="Reading",
        minutes=30, sessions=1, period=ServiceRequirement.Period.DAY,
    )
