from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from accommodations.models import Support, SupportReview
from tests import factories as f


class SupportFactory(DjangoModelFactory):
    class Meta:
        model = Support

    iep = factory.SubFactory(f.IEPFactory)
    kind = Support.Kind.ACCOMMODATION
    category = Support.Category.TIMING
    text = factory.Sequence(lambda n: f"Extended time (1.5x) #{n}")
    scope = Support.Scope.ALL_CLASSES
    frequency = Support.Frequency.EVERY_CLASS
    start_date = dt.date(2026, 9, 8)


class StrategyFactory(SupportFactory):
    kind = Support.Kind.STRATEGY
    category = ""
    text = "Four-square writing organizer"
    how_to = "Hand out the organizer before any paragraph writing."


class SupportReviewFactory(DjangoModelFactory):
    class Meta:
        model = SupportReview

    support = factory.SubFactory(SupportFactory)
    reviewer = factory.SelfAttribute("support.iep.case_manager")
    rating = SupportReview.Rating.NOT_WORKING
