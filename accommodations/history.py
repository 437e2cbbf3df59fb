"""The history of an IEP's supports, read from the append-only event table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps

from iep_portal.models import User
from students.models import IEP

SHOWN_FIELDS = {
    "text": "text", "kind": "type", "category": "category", "how_to": "how-to", "scope": "applies to",
    "subjects": "subjects", "frequency": "expected", "start_date": "start", "end_date": "end",
}
LABELS = {"insert": "Added", "update": "Changed", "delete": "Removed"}


@dataclass
class HistoryEntry:
    at: Any
    action: str
    who: User | None
    text: str
    changes: list[tuple[str, Any, Any]]


def support_history(iep: IEP, *, limit: int = 50) -> list[HistoryEntry]:
    """Newest first: who added, changed or ended which support, and what changed.

    Queries: events with their context (1), the people named in them (1).
    """
    event_model = apps.get_model("accommodations", "SupportEvent")
    events = list(
        event_model.objects.filter(iep_id=iep.pk).select_related("pgh_context").order_by("pgh_id")
    )
    user_pks = {
        (e.pgh_context.metadata or {}).get("user") for e in events if e.pgh_context is not None
    } - {None}
    users = {u.pk: u for u in User.objects.filter(pk__in=user_pks)} if user_pks else {}
    previous: dict[int, Any] = {}
    entries = []
    for event in events:
        before = previous.get(event.pgh_obj_id)
        changes = []
        if before is not None:
            changes = [
                (label, getattr(before, name), getattr(event, name))
                for name, label in SHOWN_FIELDS.items()
                if getattr(before, name) != getattr(event, name)
            ]
        previous[event.pgh_obj_id] = event
        if before is not None and not changes:
            continue  # a save that changed nothing a reader cares about
        who = None
        if event.pgh_context is not None:
            user_pk = (event.pgh_context.metadata or {}).get("user")
            who = users.get(user_pk) if user_pk is not None else None
        action = LABELS.get(event.pgh_label, event.pgh_label)
        if any(label == "end" for label, _b, _a in changes):
            action = "Ended"
        entries.append(HistoryEntry(event.pgh_created_at, action, who, event.text, changes))
    entries.reverse()
    return entries[:limit]
