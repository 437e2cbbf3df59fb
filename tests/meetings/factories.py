"""Factories for meetings and the records the documentation checklist reads."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from iep_portal.models import User
from meetings.models import ConsentRecord, FollowUp, Meeting, MeetingFamilyMember, TransitionPlan
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
