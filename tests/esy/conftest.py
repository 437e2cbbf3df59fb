from __future__ import annotations

import datetime as dt

import pytest

from esy.models import EsySession
from services.models import ServiceRequirement
from tests.esy.factories import EsyClosureFactory, EsyDecisionFactory, EsySessionFactory
from tests.services.factories import ServiceRequirementFactory


@pytest.fixture
def summer(district_admin) -> EsySession:  # noqa: ANN001
    """The district's session: Mon Jun 21 to Thu Jul 29 2027, Monday to Thursday, no session
    on Mon Jul 5: 6 weeks of 4 days less one = 23 days."""
    session = EsySessionFactory(created_by=district_admin)
    EsyClosureFactory(session=session)
    return session


@pytest.fixture
def needed(iep):  # noqa: ANN001, ANN201
    return EsyDecisionFactory(iep=iep)


@pytest.fixture
def esy_reading(iep, needed) -> ServiceRequirement:  # noqa: ANN001
    """Reading SDI, 90 min a week in 2 sessions, for the ESY session's dates."""
    return ServiceRequirementFactory(
        iep=iep, kind="sdi", area="Reading", minutes=90, sessions=2, season="esy",
        start_date=dt.date(2027, 6, 21), end_date=dt.date(2027, 7, 29))
