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


@pytest.fixture
def another_speech_student(school, case_manager, provider):  # noqa: ANN001, ANN201
    """Build a speech requirement for one more student on the provider's caseload."""
    from students.models import TeamMember
    from tests.factories import IEPFactory, StudentFactory, TeamMemberFactory

    def make(first: str = "Liam") -> ServiceRequirement:
        iep = IEPFactory(student=StudentFactory(school=school, first_name=first),
                         case_manager=case_manager)
        TeamMemberFactory(iep=iep, user=provider, role=TeamMember.Role.PROVIDER)
        return ServiceRequirementFactory(iep=iep, provider=provider)
    return make
