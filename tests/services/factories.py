"""Factories for services rows; a requirement's provider is on its IEP's team."""

from __future__ import annotations

import datetime as dt
import uuid

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from services.models import ServiceRequirement, ServiceSession
from tests.factories import IEPFactory


class ServiceRequirementFactory(DjangoModelFactory):
    class Meta:
        model = ServiceRequirement

    iep = factory.SubFactory(IEPFactory)
    kind = ServiceRequirement.Kind.RELATED
    area = "Speech-language"
    minutes = 60
    sessions = 2
    period = ServiceRequirement.Period.WEEK
    setting = ServiceRequirement.Setting.SPECIAL_ED
    provider = factory.SelfAttribute("iep.case_manager")
    start_date = factory.SelfAttribute("iep.start_date")
    end_date = factory.SelfAttribute("iep.end_date")


class ServiceSessionFactory(DjangoModelFactory):
    class Meta:
        model = ServiceSession

    requirement = factory.SubFactory(ServiceRequirementFactory)
    student = factory.SelfAttribute("requirement.iep.student")
    date = dt.date(2026, 11, 16)
    minutes = 30
    status = ServiceSession.Status.DELIVERED
    idempotency_key = factory.LazyFunction(uuid.uuid4)
    logged_by = factory.SelfAttribute("requirement.provider")
    certified_by = factory.SelfAttribute("logged_by")
    certified_at = factory.LazyFunction(timezone.now)
