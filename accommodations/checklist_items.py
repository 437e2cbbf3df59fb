"""The documentation checklist's "every teacher's acknowledgement of current supports" item.

Who must acknowledge, and since when, is accommodations.acknowledgements' rule (teachers of the
student's classes where a current support applies, and responsible team members; again after
any support change or a schedule change). Done: everyone responsible has acknowledged since
(the date and name of the latest). Missing: who has not. Not applicable: the IEP is not active,
or it has no current support anyone is responsible for.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.utils import timezone

from accommodations.acknowledgements import AcknowledgementDue, acknowledgement_status
from students.checklist import ALL_PLANS, DONE, MISSING, NOT_APPLICABLE, ItemResult
from students.models import IEP

KEY = "support_acknowledgements"
LABEL = "Every teacher's acknowledgement of current supports"


def support_acknowledgements(ieps: Sequence[IEP], today: dt.date) -> dict[int, ItemResult]:
    """The item for many IEPs at once. Queries: those of `acknowledgement_status` (six),
    however many IEPs."""
    if not ieps:
        return {}
    duties: dict[int, list[AcknowledgementDue]] = defaultdict(list)
    for due in acknowledgement_status(list(ieps), today=today):
        duties[due.iep.pk].append(due)
    answers = {}
    for iep in ieps:
        mine = duties.get(iep.pk, [])
        if iep.status != IEP.Status.ACTIVE:
            answers[iep.pk] = ItemResult(
                NOT_APPLICABLE, note="Only the active IEP's supports are acknowledged.")
        elif not mine:
            answers[iep.pk] = ItemResult(
                NOT_APPLICABLE, note="No current supports that a teacher or provider is responsible for.")
        elif missing := [d for d in mine if d.outstanding]:
            names = ", ".join(str(d.user) for d in missing)
            answers[iep.pk] = ItemResult(
                MISSING, note=f"Not yet acknowledged by {names} ({len(missing)} of {len(mine)}).")
        else:
            last = max(mine, key=lambda d: d.acknowledged_at)  # type: ignore[arg-type,return-value]
            assert last.acknowledged_at is not None
            answers[iep.pk] = ItemResult(
                DONE, on=timezone.localdate(last.acknowledged_at), by=str(last.user),
                note=f"All {len(mine)} responsible {'people have' if len(mine) != 1 else 'person has'} "
                     "acknowledged the current supports.",
            )
    return answers


def register() -> None:
    from students.checklist import register_item

    register_item(KEY, LABEL, support_acknowledgements, plans=ALL_PLANS)
