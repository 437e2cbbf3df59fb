from __future__ import annotations

import pytest

from accommodations import demo
from accommodations.acknowledgements import outstanding_acknowledgements
from accommodations.models import ImplementationCheck, Support, SupportReview
from students import demo as students_demo
from students.models import IEP


@pytest.mark.django_db
def test_the_demo_has_supports_checkoffs_with_gaps_a_flag_and_outstanding_acknowledgements() -> None:
    world = students_demo.load()
    assert world is not None
    demo.load(world)
    assert Support.objects.values("iep").distinct().count() == len(world.ieps)
    outcomes = set(ImplementationCheck.objects.values_list("outcome", flat=True))
    assert {"provided", "not_provided", "declined", "not_needed"} <= outcomes
    assert SupportReview.objects.flagged().filter(rating="not_working").exists()
    assert outstanding_acknowledgements(IEP.objects.all())
