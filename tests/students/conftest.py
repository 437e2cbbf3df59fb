"""Fixtures for meetings, the documentation checklist and the roster import."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import factory
import pytest
from factory.django import DjangoModelFactory

from iep_portal.models import User
from meetings.models import ConsentRecord, FollowUp, Meeting, MeetingFamilyMember, TransitionPlan
from students.models import IEP
from tests import factories as f


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    iep = factory.SubFactory(f.IEPFactory)
    kind = Meeting.Kind.ANNUAL_REVIEW
    date = dt.date(2026, 12, 10)
    start_time = dt.time(15, 30)
    location = "Room 114"
    purpose = "Review this year's IEP and write next year's."
    created_by = factory.SelfAttribute("iep.case_manager")

    @factory.post_generation
    def invitees(self, create: bool, extracted: list[User] | None, **kwargs: object) -> None:
        if create and extracted:
            self.invitees.set(extracted)


class FamilyMemberFactory(DjangoModelFactory):
    class Meta:
        model = MeetingFamilyMember

    meeting = factory.SubFactory(MeetingFactory)
    name = "Ana Lopez"
    relationship = "Mother"
    preferred_language = "es"
    contact = "555-0100"


class FollowUpFactory(DjangoModelFactory):
    class Meta:
        model = FollowUp

    meeting = factory.SubFactory(MeetingFactory)
    owner = factory.SelfAttribute("meeting.iep.case_manager")
    description = "Send the family the signed IEP"
    due_on = dt.date(2026, 11, 25)


class ConsentFactory(DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    student = factory.SubFactory(f.StudentFactory)
    received_on = dt.date(2026, 9, 2)
    given_by = "Ana Lopez"
    recorded_by = factory.SubFactory(f.UserFactory)


class TransitionPlanFactory(DjangoModelFactory):
    class Meta:
        model = TransitionPlan

    iep = factory.SubFactory(f.IEPFactory)
    completed_on = dt.date(2026, 9, 1)
    recorded_by = factory.SelfAttribute("iep.case_manager")


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


# --- roster import: copies of the hand-made OneRoster drops ------------------------------------

FIXTURES = Path(__file__).parent / "oneroster_fixtures"


@pytest.fixture
def drop(tmp_path: Path) -> Callable[[str], Path]:
    """A writable copy of a fixture drop, so a test can break one file."""

    def _copy(name: str) -> Path:
        target = tmp_path / name
        if not target.exists():
            shutil.copytree(FIXTURES / name, target)
        return target

    return _copy


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
