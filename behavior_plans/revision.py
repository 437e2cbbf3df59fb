"""Revising an FBA and its BIP: what the revision page shows, the stamp that says which
version it was opened on, and the save that refuses a version someone else changed since.

The stamp is a digest of every value the page edits (the FBA's, the BIP's and each target
behavior's), so a save compares what the editor saw with what the database holds now, under a
row lock: no second save silently overwrites the first. A stamp that no longer matches gets the
conflict page (both versions, who changed it and when); a save whose values are already what
the database holds (Back and Save again, a retry) changes nothing and says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from behavior_plans.history import REVISED
from behavior_plans.models import BehaviorPlan, Function, FunctionalAssessment, TargetBehavior
from students.models import IEP

if TYPE_CHECKING:
    from iep_portal.models import User

FBA_FIELDS = ("conducted_on", "function", "function_note")
BIP_FIELDS = ("replacement_behavior", "crisis_steps", "start_date", "review_date")
TARGET_FIELDS = ("definition", "baseline", "goal")


def target_field(target_pk: int, name: str) -> str:
    """The revision form's name for one target behavior's field."""
    return f"target_{target_pk}_{name}"


def values_of(bip: BehaviorPlan, fba: FunctionalAssessment, targets: list[TargetBehavior],
              conducted_by: list[int]) -> dict[str, Any]:
    """Every value the revision page edits, by its form field name."""
    values: dict[str, Any] = {name: getattr(fba, name) for name in FBA_FIELDS}
    values["conducted_by"] = sorted(conducted_by)
    values.update({name: getattr(bip, name) for name in BIP_FIELDS})
    for t in targets:
        values.update({target_field(t.pk, name): getattr(t, name) for name in TARGET_FIELDS})
    return values


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip().replace("\r\n", "\n")
    return value


def stamp(values: Mapping[str, Any]) -> str:
    """The version a page was opened on: a digest of the values it shows."""
    plain = json.dumps({k: _plain(v) for k, v in sorted(values.items())}, sort_keys=True)
    return hashlib.sha256(plain.encode()).hexdigest()[:20]


def current(bip: BehaviorPlan, *, lock: bool = False) -> tuple[FunctionalAssessment, list[TargetBehavior],
                                                              dict[str, Any]]:
    """The FBA, its targets and the values the page edits, read now (locked for a save).
    Queries: the FBA (1), its targets (1), who conducted it (1)."""
    fbas = FunctionalAssessment.objects.filter(pk=bip.assessment_id)
    targets = TargetBehavior.objects.filter(assessment=bip.assessment_id).order_by("pk")
    if lock:
        fbas, targets = fbas.select_for_update(), targets.select_for_update()
    fba = fbas.get()
    rows = list(targets)
    who = list(fba.conducted_by.values_list("pk", flat=True))
    return fba, rows, values_of(bip, fba, rows, who)


@dataclass(frozen=True)
class Difference:
    label: str
    now: str
    yours: str


class Stale(Exception):
    """The plan changed since the page was opened: `differences` says how the two versions
    differ, field by field."""

    def __init__(self, differences: list[Difference], now_stamp: str) -> None:
        super().__init__("changed since the page was opened")
        self.differences = differences
        self.now_stamp = now_stamp


def _shown(name: str, value: Any, people: Mapping[int, str]) -> str:
    if name == "conducted_by":
        return ", ".join(people.get(pk, str(pk)) for pk in value)
    if name == "function":
        return str(Function(value).label) if value in Function.values else str(value)
    if isinstance(value, dt.date):
        return date_format(value, "M j, Y")
    return str(_plain(value))


def differences(labels: Mapping[str, str], now: Mapping[str, Any], yours: Mapping[str, Any],
                people: Mapping[int, str]) -> list[Difference]:
    """The fields where the version now and the one submitted differ, as the page writes them."""
    return [Difference(labels.get(name, name), _shown(name, now.get(name), people),
                       _shown(name, yours.get(name), people))
            for name in now if _plain(now.get(name)) != _plain(yours.get(name))]


@transaction.atomic
def bip_revise(*, bip: BehaviorPlan, by: User, opened: str, values: Mapping[str, Any], reason: str,
               labels: Mapping[str, str], people: Mapping[int, str]) -> bool:
    """Save a revision of the FBA, its targets and the BIP, opened on version `opened`.

    Returns False when there is nothing to change (the same values were saved already). Raises
    Stale when someone else changed the plan since `opened`, and ValidationError for values the
    models refuse; either way nothing is saved."""
    locked = BehaviorPlan.objects.select_for_update().select_related("plan").get(pk=bip.pk)
    if locked.plan.status != IEP.Status.ACTIVE:
        raise ValidationError(_("A BIP is revised on the student's active plan."))
    fba, targets, now = current(locked, lock=True)
    wanted = {**now, **{k: v for k, v in values.items() if k in now}}
    if stamp(wanted) == stamp(now):
        return False
    if stamp(now) != opened:
        raise Stale(differences(labels, now, wanted, people), stamp(now))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the team decided and why (e.g. the review meeting).")})
    with pghistory.context(user=by.pk, reason=f"{REVISED}{reason.strip()[:200]}"):
        if any(_plain(now[n]) != _plain(wanted[n]) for n in FBA_FIELDS):
            for name in FBA_FIELDS:
                setattr(fba, name, wanted[name])
            fba.full_clean()
            fba.save(update_fields=list(FBA_FIELDS))
        if now["conducted_by"] != sorted(wanted["conducted_by"]):
            if not wanted["conducted_by"]:
                raise ValidationError({"conducted_by": _("Say who conducted the FBA.")})
            fba.conducted_by.set(wanted["conducted_by"])
        for t in targets:
            names = [n for n in TARGET_FIELDS if _plain(now[target_field(t.pk, n)])
                     != _plain(wanted[target_field(t.pk, n)])]
            if names:
                for name in names:
                    setattr(t, name, wanted[target_field(t.pk, name)])
                t.full_clean()
                t.save(update_fields=names)
        fba_changed = any(_plain(now[n]) != _plain(wanted[n]) for n in FBA_FIELDS)
        bip_changed = any(_plain(now[n]) != _plain(wanted[n]) for n in BIP_FIELDS)
        for name in BIP_FIELDS:
            setattr(locked, name, wanted[name])
        if fba_changed or bip_changed:  # a BIP starts on or after its FBA, either way round
            locked.assessment = fba
            locked.full_clean()
        if bip_changed:
            locked.save(update_fields=list(BIP_FIELDS))
    return True
