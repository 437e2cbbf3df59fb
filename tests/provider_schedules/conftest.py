"""A speech-language pathologist's articulation group: three students, Tue/Thu 10:00, 30 min."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from iep_portal.models import User
from provider_schedules.actions import PlanFields, session_plan_add
from provider_schedules.models import SessionPlan
from services.models import ServiceRequirement
from students.models import IEP, TeamMember
from tests.factories import IEPFactory, StudentFactory, TeamMemberFactory
from tests.services.factories import ServiceRequirementFactory

D = dt.date
TUE, WED, THU = 1, 2, 3


def fields(**overrides: object) -> PlanFields:
    values: dict[str, object] = {
        "label": "Articulation group", "weekdays": [TUE, THU], "day_letters": [], "frequency": "weekly",
        "week_of_month": None, "start_time": dt.time(10, 0), "minutes": 30, "start_date": D(2026, 9, 8),
        "end_date": None,
    }
    values.update(overrides)
    return PlanFields(**values)  # type: ignore[arg-type]


@pytest.fixture
def speech_student(school, case_manager, provider) -> Callable[[str], ServiceRequirement]:  # noqa: ANN001
    """Build one more student on the provider's speech caseload (60 min a week, 2 sessions)."""

    def make(first: str = "Liam") -> ServiceRequirement:
        iep = IEPFactory(student=StudentFactory(school=school, first_name=first, last_name="Ng"),
                         case_manager=case_manager)
        TeamMemberFactory(iep=iep, user=provider, role=TeamMember.Role.PROVIDER)
        return ServiceRequirementFactory(iep=iep, provider=provider)

    return make


@pytest.fixture
def speech(iep: IEP, provider: User) -> ServiceRequirement:
    return ServiceRequirementFactory(iep=iep, provider=provider)


@pytest.fixture
def group_lines(speech, speech_student) -> list[ServiceRequirement]:  # noqa: ANN001
    return [speech, speech_student("Ava"), speech_student("Noah")]


@pytest.fixture
def group(provider: User, group_lines: list[ServiceRequirement]) -> SessionPlan:
    return session_plan_add(by=provider, requirements=group_lines, fields=fields())
