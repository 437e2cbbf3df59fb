"""ESY rows for tests: a district summer session, Monday to Thursday, late June to late July."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from esy.models import EsyClosure, EsyDecision, EsySession
from tests.factories import UserFactory


class EsySessionFactory(DjangoModelFactory):
    class Meta:
        model = EsySession

    school = None
    name = "Summer 2027"
    start_date = dt.date(2027, 6, 21)  # a Monday
    end_date = dt.date(2027, 7, 29)  # a Thursday
    weekdays = factory.LazyFunction(lambda: [0, 1, 2, 3])
    created_by = factory.SubFactory(UserFactory, role="district_admin")


class EsyClosureFactory(DjangoModelFactory):
    class Meta:
        model = EsyClosure

    session = factory.SubFactory(EsySessionFactory)
    date = dt.date(2027, 7, 5)
    reason = "Independence Day (observed)"


class EsyDecisionFactory(DjangoModelFactory):
    class Meta:
        model = EsyDecision

    status = EsyDecision.Status.NEEDED
    decided_on = dt.date(2026, 11, 10)
    basis = "Regression of 30% on reading fluency probes after winter break; recoupment took 7 weeks."
    recorded_by = factory.SelfAttribute("iep.case_manager")
