"""The rules an FBA, a BIP and behavior data keep (in the database and in validation)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from behavior_plans.actions import Target, behavior_record, bip_write, fba_record
from behavior_plans.models import BehaviorPlan, BehaviorRecord, Function, TargetBehavior
from tests import factories as f
from tests.behavior_plans.factories import CALLING_OUT, make_bip


def test_a_target_behavior_is_one_to_reduce(iep, case_manager) -> None:  # noqa: ANN001
    rising = Target(name="Hand raising", definition="Raises a hand.", measure="frequency",
                    baseline=Decimal(2), goal=Decimal(8))
    with pytest.raises(ValidationError, match="goal is below"):
        fba_record(plan=iep, by=case_manager, conducted_on=dt.date(2026, 10, 1), conducted_by=[case_manager],
                   function=Function.ATTENTION, function_note="x", targets=[rising])
    bip = make_bip(iep, case_manager)
    target = TargetBehavior.objects.get(assessment=bip.assessment)
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetBehavior.objects.filter(pk=target.pk).update(goal=Decimal(20))


def test_an_fba_needs_who_did_it_and_a_target(iep, case_manager) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match="who conducted"):
        fba_record(plan=iep, by=case_manager, conducted_on=dt.date(2026, 10, 1), conducted_by=[],
                   function=Function.ESCAPE, function_note="x", targets=[CALLING_OUT])
    with pytest.raises(ValidationError, match="at least one target"):
        fba_record(plan=iep, by=case_manager, conducted_on=dt.date(2026, 10, 1), conducted_by=[case_manager],
                   function=Function.ESCAPE, function_note="x", targets=[])
    with pytest.raises(ValidationError, match="once it is done"):
        fba_record(plan=iep, by=case_manager, conducted_on=dt.date(2026, 11, 19), conducted_by=[case_manager],
                   function=Function.ESCAPE, function_note="x", targets=[CALLING_OUT])


def test_a_bip_starts_after_its_fba_and_one_per_plan(iep, case_manager) -> None:  # noqa: ANN001
    bip = make_bip(iep, case_manager)
    assert (bip.written_by, bip.assessment.recorded_by) == (case_manager, case_manager)
    assert bip.recorded_at is not None and bip.assessment.recorded_at is not None
    assert list(bip.assessment.conducted_by.all()) == [case_manager]
    second = fba_record(plan=iep, by=case_manager, conducted_on=dt.date(2026, 10, 20),
                        conducted_by=[case_manager], function=Function.TANGIBLE, function_note="x",
                        targets=[CALLING_OUT])
    with pytest.raises(ValidationError, match="already has a BIP"):
        bip_write(assessment=second, by=case_manager, replacement_behavior="x", start_date=dt.date(2026, 10, 21),
                  review_date=dt.date(2027, 1, 1))
    BehaviorPlan.objects.filter(pk=bip.pk).delete()
    with pytest.raises(ValidationError, match="on or after its FBA"):
        bip_write(assessment=second, by=case_manager, replacement_behavior="x", start_date=dt.date(2026, 10, 19),
                  review_date=dt.date(2027, 1, 1))
    with pytest.raises(ValidationError, match="review comes after"):
        bip_write(assessment=second, by=case_manager, replacement_behavior="x", start_date=dt.date(2026, 10, 21),
                  review_date=dt.date(2026, 10, 21))


def test_a_bip_attaches_to_a_504_plan_too(school, calendar) -> None:  # noqa: ANN001
    coordinator = f.UserFactory(role="case_manager", schools=[school])
    plan = f.IEPFactory(student=f.StudentFactory(school=school), case_manager=coordinator, kind="section_504",
                        impairment="ADHD", major_life_activity="concentrating", primary_disability="",
                        educational_environment="")
    bip = make_bip(plan, coordinator, strategies=1)
    assert bip.plan.is_504
    assert bip.strategies.get().support.iep == plan


def test_a_record_is_in_its_target_s_measure(iep, case_manager) -> None:  # noqa: ANN001
    bip = make_bip(iep, case_manager)
    target = TargetBehavior.objects.get(assessment=bip.assessment)
    record = behavior_record(target=target, by=case_manager, day=dt.date(2026, 11, 18), setting="gen_ed", count=1)
    assert (record.recorded_by, record.date, record.count) == (case_manager, dt.date(2026, 11, 18), 1)
    with pytest.raises(ValidationError, match="recorded as frequency"):
        behavior_record(target=target, by=case_manager, day=dt.date(2026, 11, 18), setting="gen_ed", seconds=90)
    with pytest.raises(ValidationError, match="today or an earlier day"):
        behavior_record(target=target, by=case_manager, day=dt.date(2026, 11, 19), setting="gen_ed", count=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        BehaviorRecord.objects.create(target=target, date=dt.date(2026, 11, 18), count=1, seconds=5,
                                      recorded_by=case_manager)
    with pytest.raises(IntegrityError), transaction.atomic():
        BehaviorRecord.objects.create(target=target, date=dt.date(2026, 11, 18), intervals_observed=10,
                                      intervals_with=11, recorded_by=case_manager)
