"""The benchmark district's BIPs: about one student in twenty, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accommodations.models import Support
from behavior_plans import district_seed
from behavior_plans.models import BehaviorPlan, BehaviorRecord, PlanStrategy
from students.district_seed import build


def _generate(n: int, seed: int) -> tuple[int, int]:
    district = build(n, seed, timezone.localdate(), lambda _message: None)
    with CaptureQueriesContext(connection) as queries:
        district_seed.generate(district)
    return len(queries), len(district.ieps)


@pytest.mark.django_db
def test_it_adds_bips_with_strategies_and_data_in_the_same_queries_at_any_size() -> None:
    small, _ = _generate(120, 3)
    small_plans = BehaviorPlan.objects.count()
    large, ieps = _generate(480, 4)
    plans = BehaviorPlan.objects.count() - small_plans
    assert small == large
    assert 0.02 * ieps <= plans <= 0.09 * ieps
    assert PlanStrategy.objects.count() == Support.objects.filter(source=Support.Source.BEHAVIOR_PLAN).count()
    assert BehaviorRecord.objects.exists()
