"""The history of a BIP and its FBA: who wrote, revised or added what, and when, read from the
append-only event tables (iep_portal.history), oldest change last."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.utils.formats import date_format

from accommodations.models import Support
from behavior_plans.models import BehaviorPlan
from iep_portal.models import User

# Per tracked model: (event model, filter on its events, fields a reader cares about, what the
# row is called on the page).
FBA_FIELDS = {"conducted_on": "completed on", "function": "hypothesized function",
              "function_note": "what the data show"}
BIP_FIELDS = {"replacement_behavior": "replacement behavior", "crisis_steps": "crisis steps",
              "start_date": "starts", "review_date": "review"}
TARGET_FIELDS = {"name": "name", "definition": "operational definition", "measure": "measured as",
                 "baseline": "baseline", "goal": "goal"}
REVISED = "BIP revised: "  # the context reason a revision (behavior_plans.revision) saves with
LABELS = {"insert": "Added", "update": "Changed", "delete": "Removed"}


@dataclass(frozen=True)
class Change:
    at: dt.datetime
    action: str
    who: User | None
    what: str
    changes: list[tuple[str, Any, Any]]
    why: str = ""  # what the team decided, for a revision


def _shown(event: Any, name: str) -> Any:
    """A field's value as the page writes it: a choice's label, a date as dates are written."""
    value = getattr(event, name)
    if getattr(event._meta.get_field(name), "choices", None):
        return getattr(event, f"get_{name}_display")()
    if isinstance(value, dt.date):
        return date_format(value, "M j, Y")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value


def _events(model: str, **filters: Any) -> list[Any]:
    return list(apps.get_model("behavior_plans", model).objects.filter(**filters)
                .select_related("pgh_context").order_by("pgh_id"))


def bip_history(bip: BehaviorPlan, *, limit: int = 100) -> list[Change]:
    """Newest first. Queries: the BIP's, the FBA's, its targets' and its strategies' events
    (4), the strategies' texts (1), the people named in them (1)."""
    strategy_events = _events("PlanStrategyEvent", behavior_plan_id=bip.pk)
    texts = dict(Support.objects.filter(pk__in={e.support_id for e in strategy_events})
                 .values_list("pk", "text")) if strategy_events else {}
    sources = [
        (_events("BehaviorPlanEvent", pgh_obj_id=bip.pk), BIP_FIELDS, lambda e: "BIP"),
        (_events("FunctionalAssessmentEvent", pgh_obj_id=bip.assessment_id), FBA_FIELDS, lambda e: "FBA"),
        (_events("TargetBehaviorEvent", assessment_id=bip.assessment_id), TARGET_FIELDS,
         lambda e: f"Target behavior “{e.name}”"),
        (strategy_events, {"part": "part"},
         lambda e: f"{e.get_part_display()} strategy “{texts.get(e.support_id, '')}”"),
    ]
    user_pks = {(e.pgh_context.metadata or {}).get("user") for events, _f, _w in sources for e in events
                if e.pgh_context is not None} - {None}
    users = {u.pk: u for u in User.objects.filter(pk__in=user_pks)} if user_pks else {}
    entries: list[Change] = []
    for events, fields, what in sources:
        previous: dict[int, Any] = {}
        for event in events:
            before = previous.get(event.pgh_obj_id)
            previous[event.pgh_obj_id] = event
            changes = [] if before is None else [
                (label, _shown(before, name), _shown(event, name))
                for name, label in fields.items() if getattr(before, name) != getattr(event, name)]
            if before is not None and not changes:
                continue
            context = event.pgh_context
            user_pk = (context.metadata or {}).get("user") if context is not None else None
            who = users.get(user_pk) if user_pk is not None else None
            reason = str((context.metadata or {}).get("reason", "")) if context is not None else ""
            why = reason.removeprefix(REVISED) if reason.startswith(REVISED) else ""
            entries.append(Change(event.pgh_created_at, LABELS.get(event.pgh_label, event.pgh_label), who,
                                  what(event), changes, why))
    # Newest first; changes made in one transaction share a time, and keep their order reversed.
    entries.reverse()
    entries.sort(key=lambda c: c.at, reverse=True)
    return entries[:limit]
