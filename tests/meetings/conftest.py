"""Fixtures for meetings: one upcoming, one past."""

from __future__ import annotations

import datetime as dt

import pytest

from iep_portal.models import User
from meetings.models import Meeting
from students.models import IEP
from tests.meetings.factories import MeetingFactory


@pytest.fixture
def meeting(iep: IEP, provider: User) -> Meeting:
    """An annual review in three weeks, the provider invited, the notice not sent."""
    return MeetingFactory(iep=iep, invitees=[provider])


@pytest.fixture
def past_meeting(iep: IEP, provider: User) -> Meeting:
    """A meeting last month, attendance not recorded."""
    return MeetingFactory(iep=iep, kind=Meeting.Kind.AMENDMENT, date=dt.date(2026, 10, 20),
                          notice_sent_on=dt.date(2026, 10, 5), notice_method="letter",
                          invitees=[provider])
