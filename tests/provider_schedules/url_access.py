from __future__ import annotations

import uuid

from django.urls import reverse

from provider_schedules.actions import session_plan_add
from tests.provider_schedules.conftest import fields
from tests.services.factories import ServiceRequirementFactory
from tests.url_access import SEES_STUDENT, STAFF, Rule

# A schedule is its provider's own: everyone has one (empty until they plan), nobody sees
# another's (404). Only who delivers a line schedules it: the case manager, who may log the
# speech line, still may not put it in the provider's timetable (403).
SCHEDULERS = frozenset({"provider"})


def _line(w):  # noqa: ANN001, ANN202
    w.requirement = ServiceRequirementFactory(iep=w.iep, provider=w.provider)


def _plan(w):  # noqa: ANN001, ANN202
    _line(w)
    w.plan = session_plan_add(by=w.provider, requirements=[w.requirement], fields=fields(label=""))


URL_ACCESS = {
    "provider_schedules:week": Rule(url=lambda w: reverse("provider_schedules:week"), ok=STAFF),
    # The form with its key (without one, anyone is first redirected to get one).
    "provider_schedules:plan_add": Rule(
        url=lambda w: reverse("provider_schedules:plan_add") + f"?k={uuid.uuid4()}",
        setup=_line, ok=STAFF,
    ),
    "provider_schedules:plan_add#post": Rule(
        url=lambda w: reverse("provider_schedules:plan_add"),
        setup=_line, method="post",
        data=lambda w: {"requirements": w.requirement.pk, "weekdays": ["1", "3"], "frequency": "weekly",
                        "start_time": "10:00", "minutes": "30", "start_date": "2026-11-16"},
        ok=SCHEDULERS, forbidden=SEES_STUDENT - SCHEDULERS,
    ),
    "provider_schedules:plan_edit": Rule(
        url=lambda w: reverse("provider_schedules:plan_edit", args=[w.plan.pk]), setup=_plan, ok=SCHEDULERS,
    ),
    "provider_schedules:plan_end": Rule(
        url=lambda w: reverse("provider_schedules:plan_end", args=[w.plan.pk]), setup=_plan, method="post",
        ok=SCHEDULERS,
    ),
    "provider_schedules:log": Rule(
        url=lambda w: reverse("provider_schedules:log", args=[w.plan.pk, "2026-11-17"]) + f"?k={uuid.uuid4()}",
        setup=_plan, ok=SCHEDULERS,
    ),
    "provider_schedules:log#post": Rule(
        url=lambda w: reverse("provider_schedules:log", args=[w.plan.pk, "2026-11-17"]),
        setup=_plan, method="post",
        data=lambda w: {f"status_{w.requirement.pk}": "delivered", "certify": "on"},
        ok=SCHEDULERS,
    ),
}
