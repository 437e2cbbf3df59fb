from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from tests.factories import IEPFactory
from transfers.models import TransferIn


class TransferInFactory(DjangoModelFactory):
    class Meta:
        model = TransferIn

    interim_iep = factory.SubFactory(IEPFactory)
    student = factory.SelfAttribute("interim_iep.student")
    sending_district = "Rockford Public Schools District 205"
    sending_state = "IL"
    in_state = True
    enrolled_on = factory.SelfAttribute("interim_iep.start_date")
    iep_received_on = factory.SelfAttribute("enrolled_on")
    received_meeting_date = factory.SelfAttribute("interim_iep.meeting_date")
    received_annual_review_due = factory.SelfAttribute("interim_iep.annual_review_due")
    due_on = factory.LazyAttribute(lambda o: o.enrolled_on + dt.timedelta(days=30))
    recorded_by = factory.SelfAttribute("interim_iep.case_manager")
