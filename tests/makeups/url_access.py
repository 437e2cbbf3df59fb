from __future__ import annotations

import uuid

from django.urls import reverse

from makeups.actions import planned_makeup_add
from tests.makeups.conftest import owe
from tests.services.factories import ServiceRequirementFactory
from tests.url_access import SEES_STUDENT, Rule

# Who plans a line's makeups: whoever may log it (its provider, the IEP's case manager).
PLANNERS = frozenset({"case_manager", "provider"})
NOT_PLANNERS = SEES_STUDENT - PLANNERS


def _line(w):  # noqa: ANN001, ANN202
    w.requirement = ServiceRequirementFactory(iep=w.iep, provider=w.provider)
    owe(w.requirement, 4)


def _planned(w):  # noqa: ANN001, ANN202
    import datetime as dt

    _line(w)
    w.makeup = planned_makeup_add(requirement=w.requirement, by=w.provider, target_date=dt.date(2026, 11, 19))


URL_ACCESS = {
    "makeups:line": Rule(
        url=lambda w: reverse("makeups:line", args=[w.requirement.pk]),
        setup=_line,
        ok=SEES_STUDENT - {"gen_ed_teacher"},
        forbidden=frozenset({"gen_ed_teacher"}),
    ),
    # The form with its key (without one, anyone is first redirected to get one).
    "makeups:plan_add": Rule(
        url=lambda w: reverse("makeups:plan_add", args=[w.requirement.pk]) + f"?k={uuid.uuid4()}",
        setup=_line,
        ok=PLANNERS,
        forbidden=NOT_PLANNERS,
    ),
    "makeups:reschedule": Rule(
        url=lambda w: reverse("makeups:reschedule", args=[w.makeup.pk]),
        setup=_planned,
        ok=PLANNERS,
        forbidden=NOT_PLANNERS,
    ),
    "makeups:cancel": Rule(
        url=lambda w: reverse("makeups:cancel", args=[w.makeup.pk]),
        setup=_planned,
        ok=PLANNERS,
        forbidden=NOT_PLANNERS,
    ),
}

URL_ACCESS["makeups:plan_add#post"] = Rule(
    url=lambda w: reverse("makeups:plan_add", args=[w.requirement.pk]),
    setup=_line,
    method="post",
    data=lambda w: {"target_date": "2026-11-20", "minutes": "30"},
    ok=PLANNERS,
    forbidden=NOT_PLANNERS,
)
