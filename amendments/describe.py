"""An amendment's changes in plain words, in the active language (the page in English, the
notice in the family's): what each line was, and what it becomes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accommodations.models import Support
from amendments.models import AmendmentChange
from progress.models import Goal
from services.models import ServiceRequirement


@dataclass(frozen=True)
class Described:
    change: AmendmentChange
    verb: str
    what: str
    before: str
    after: str


def service_amount(minutes: int, sessions: int, period: str) -> str:
    per = str(ServiceRequirement.Period(period).label)
    return ngettext(
        "%(minutes)s minutes %(per)s, in %(n)s session",
        "%(minutes)s minutes %(per)s, in %(n)s sessions",
        sessions,
    ) % {"minutes": minutes, "per": per, "n": sessions}


def _service(values: dict[str, Any]) -> str:
    setting = str(ServiceRequirement.Setting(values["setting"]).label)
    return f"{service_amount(values['minutes'], values['sessions'], values['period'])} · {setting}"


def _line(line: ServiceRequirement) -> dict[str, Any]:
    return {
        "minutes": line.minutes,
        "sessions": line.sessions,
        "period": line.period,
        "setting": line.setting,
    }


def _support(values: dict[str, Any]) -> str:
    kind = str(Support.Kind(values["kind"]).label)
    expected = str(Support.Frequency(values["frequency"]).label)
    return _("%(kind)s: “%(text)s” (expected: %(expected)s)") % {
        "kind": kind,
        "text": values["text"],
        "expected": expected.lower(),
    }


def _goal(values: dict[str, Any]) -> str:
    return _("%(goal)s Target: %(target)s by %(date)s.") % {
        "goal": values["annual_goal"],
        "target": values["target_value"],
        "date": date_format(dt.date.fromisoformat(values["target_date"]), "DATE_FORMAT"),
    }


VERBS = {"add": lambda: _("Added"), "change": lambda: _("Changed"), "end": lambda: _("Ended")}


def describe(change: AmendmentChange) -> Described:
    """Queries: none when the change's targets are loaded."""
    b = change.becomes
    verb = VERBS[change.kind]()
    before = after = ""
    if change.target == AmendmentChange.Target.SERVICE:
        line = change.service_line
        what = _("Service: %(area)s") % {"area": line.area if line else b.get("area", "")}
        before = _service(_line(line)) if line else ""
        after = _service(b) if b else ""
    elif change.target == AmendmentChange.Target.SUPPORT:
        support = change.support
        what = _("Accommodation or support")
        before = (
            _support({"kind": support.kind, "text": support.text, "frequency": support.frequency})
            if support
            else ""
        )
        after = _support(b) if b else ""
    else:
        goal: Goal | None = change.goal
        what = _("Goal: %(area)s") % {"area": goal.area if goal else b.get("area", "")}
        before = (
            _goal(
                {
                    "annual_goal": goal.annual_goal,
                    "target_value": f"{goal.target_value.normalize():f}",
                    "target_date": goal.target_date.isoformat(),
                }
            )
            if goal
            else ""
        )
        after = _goal(b) if b else ""
    return Described(change, verb, what, before, after)
