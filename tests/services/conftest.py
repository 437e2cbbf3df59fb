from __future__ import annotations

import datetime as dt

import pytest

from services import ledger
from services.models import ServiceRequirement, ServiceSession
from students.models import IEP
from students.school_days import school_days_for
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory


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


def deliver_through(requirement: ServiceRequirement, sunday: dt.date) -> ServiceSession:
    """One delivered session on the Friday before `sunday` that brings the service exactly to
    what it expected by that Sunday (less whatever is already logged as delivered)."""
    school_id = requirement.iep.student.school_id
    days = school_days_for({school_id})[school_id]
    expected = ledger.whole(ledger.expected_between(requirement.as_service(), days,
                                                    requirement.as_service().start, sunday))
    done = sum(s.minutes for s in ServiceSession.objects.filter(requirement=requirement,
                                                                status__in=ledger.DELIVERED_STATUSES))
    return ServiceSessionFactory(requirement=requirement, date=sunday - dt.timedelta(days=2),
                                 minutes=expected - done)
