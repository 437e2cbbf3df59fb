from __future__ import annotations

import datetime as dt

import pytest

from iep_portal.celery import app
from services import ledger
from services.models import ServiceRequirement, ServiceSession
from students.models import IEP
from students.school_days import school_days_for
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory


@pytest.fixture
def speech(iep: IEP, provider) -> ServiceRequirement:  # noqa: ANN001
    """60 minutes a week of speech-language, in two sessions, by the team's provider."""
    return ServiceRequirementFactory(iep=iep, provider=provider)


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


@pytest.fixture
def broker():  # noqa: ANN201
    """Point the Celery app at a broker URL for one test."""
    old = app.conf.broker_url

    def _use(url: str) -> None:
        app.conf.broker_url = url
        # Rebuild the connection and producer pools for the new URL.
        app._pool = None  # noqa: SLF001
        app.amqp._producer_pool = None  # noqa: SLF001

    yield _use
    _use(old)
