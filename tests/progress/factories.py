"""Factories for progress rows; goals hang off tests.factories.IEPFactory."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from progress.models import DataPoint, DataRequest, Goal, GoalCollector, ProgressReport
from tests.factories import IEPFactory


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal
        skip_postgeneration_save = True

    iep = factory.SubFactory(IEPFactory)
    area = "Math computation"
    annual_goal = "Solve two-step word problems with 80% accuracy across three probes."
    measure = Goal.Measure.PERCENT
    baseline_value = Decimal(20)
    baseline_date = dt.date(2026, 9, 8)
    target_value = Decimal(80)
    target_date = dt.date(2027, 5, 28)
    collection_interval_days = 14

    @factory.post_generation
    def collectors(self, create: bool, extracted: list[object] | None, **kwargs: object) -> None:
        if create and extracted:
            GoalCollector.objects.bulk_create([GoalCollector(goal=self, user=u) for u in extracted])


class DataPointFactory(DjangoModelFactory):
    class Meta:
        model = DataPoint

    goal = factory.SubFactory(GoalFactory)
    date = dt.date(2026, 10, 1)
    value = Decimal(30)
    setting = DataPoint.Setting.SPECIAL_ED
    collected_by = factory.SelfAttribute("goal.iep.case_manager")
    recorded_by = factory.SelfAttribute("collected_by")


class DataRequestFactory(DjangoModelFactory):
    class Meta:
        model = DataRequest

    goal = factory.SubFactory(GoalFactory)
    teacher = factory.SubFactory("tests.factories.UserFactory")
    requested_by = factory.SelfAttribute("goal.iep.case_manager")
    due_on = dt.date(2026, 11, 25)


class ProgressReportFactory(DjangoModelFactory):
    class Meta:
        model = ProgressReport

    goal = factory.SubFactory(GoalFactory)
    period_number = 2
    period_start = dt.date(2026, 10, 29)  # period 2 of 4 in the test school year
    period_end = dt.date(2027, 1, 9)
    code = ProgressReport.Code.SUFFICIENT
    suggested_code = ProgressReport.Code.SUFFICIENT
    written_by = factory.SelfAttribute("goal.iep.case_manager")


class ReviewRequestFactory(DjangoModelFactory):
    """A request to review a support (no goal)."""

    class Meta:
        model = DataRequest

    goal = None
    support = factory.SubFactory("tests.accommodations.factories.SupportFactory")
    teacher = factory.SubFactory("tests.factories.UserFactory")
    requested_by = factory.SelfAttribute("support.iep.case_manager")
    due_on = dt.date(2026, 11, 25)
