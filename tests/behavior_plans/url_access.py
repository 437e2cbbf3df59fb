from __future__ import annotations

import uuid
from types import SimpleNamespace

from django.urls import reverse

from behavior_plans.models import TargetBehavior
from tests.behavior_plans.factories import make_bip
from tests.url_access import SEES_STUDENT, Rule

# Every adult who works with the student records behavior data (record_data); the view-only
# member and the administrators read the BIP but do not record.
RECORDERS = frozenset({"case_manager", "gen_ed_teacher", "provider"})
READ_ONLY = frozenset({"observer", "school_admin", "district_admin"})
# BIP strategies are supports of the plan: whoever manages it adds them.
MANAGERS = frozenset({"case_manager", "district_admin"})


def _bip(w: SimpleNamespace) -> None:
    make_bip(w.iep, w.case_manager)


def _tap(w: SimpleNamespace) -> dict[str, str]:
    target = TargetBehavior.objects.get(assessment__plan=w.iep)
    return {"k": str(uuid.uuid4()), "action": "tally", "target": str(target.pk), "setting": "gen_ed"}


URL_ACCESS = {
    "behavior_plans:write": Rule(url=lambda w: reverse("behavior_plans:write", args=[w.student.pk]),
                                 data=lambda w: {"k": str(uuid.uuid4())}, ok=MANAGERS, forbidden=(SEES_STUDENT - MANAGERS)),
    "behavior_plans:plan": Rule(url=lambda w: reverse("behavior_plans:plan", args=[w.student.pk]),
                                setup=_bip, ok=SEES_STUDENT),
    "behavior_plans:record": Rule(url=lambda w: reverse("behavior_plans:record", args=[w.student.pk]),
                                  setup=_bip, ok=RECORDERS, forbidden=READ_ONLY),
    "behavior_plans:save": Rule(url=lambda w: reverse("behavior_plans:save", args=[w.student.pk]),
                                method="post", setup=_bip, data=_tap, ok=RECORDERS, forbidden=READ_ONLY),
    "behavior_plans:strategy_add": Rule(
        url=lambda w: reverse("behavior_plans:strategy_add", args=[w.student.pk]), method="post", setup=_bip,
        data=lambda w: {"k": str(uuid.uuid4()), "part": "prevention", "text": "Check in at the start of work"},
        ok=MANAGERS, forbidden=(SEES_STUDENT - MANAGERS)),
    "behavior_plans:target_add": Rule(
        url=lambda w: reverse("behavior_plans:target_add", args=[w.student.pk]), setup=_bip,
        data=lambda w: {"k": str(uuid.uuid4())}, ok=MANAGERS, forbidden=(SEES_STUDENT - MANAGERS)),
    "behavior_plans:history": Rule(url=lambda w: reverse("behavior_plans:history", args=[w.student.pk]),
                                   setup=_bip, ok=SEES_STUDENT),
    "behavior_plans:revise": Rule(url=lambda w: reverse("behavior_plans:revise", args=[w.student.pk]),
                                  setup=_bip, ok=MANAGERS, forbidden=(SEES_STUDENT - MANAGERS)),
}
