"""Building amendments in tests the way the page does: a draft, its changes, the notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from amendments import actions
from amendments.models import Amendment
from iep_portal.models import User
from students.models import IEP

MONDAY = dt.date(2026, 11, 23)  # the Monday after the suite's frozen today (Wed Nov 18, 2026)


def notice(amendment: Amendment, by: User, **overrides: str) -> None:
    fields = {
        "proposes": "proposes",
        "action": "Raise speech-language therapy from 60 to 90 minutes a week.",
        "reasons": "Maya's articulation probes have stayed near 40% for eight weeks.",
        "options_considered": "Keeping 60 minutes: rejected, progress has stalled.",
        "data_used": "Weekly articulation probes, Sep 8 to Nov 13.",
        "other_factors": "",
    }
    fields.update(overrides)
    actions.notice_save(amendment=amendment, by=by, **fields)


def draft(iep: IEP, by: User, *, effective_on: dt.date = MONDAY,
          agreement_on: dt.date = dt.date(2026, 11, 17)) -> Amendment:
    amendment = actions.amendment_start(iep=iep, by=by)
    actions.amendment_details_set(amendment=amendment, by=by, effective_on=effective_on, agreed_how="written",
                                  agreement_on=agreement_on)
    return amendment


def line_becomes(line: Any, **changes: Any) -> dict[str, Any]:
    values = {"kind": line.kind, "area": line.area, "minutes": line.minutes, "sessions": line.sessions,
              "period": line.period, "setting": line.setting, "provider": line.provider_id}
    values.update(changes)
    return values
