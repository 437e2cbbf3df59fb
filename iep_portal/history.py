"""History of IEP data: every insert, update and delete, with who and why.

Triggers write the rows, so bulk updates and admin actions are captured too; the event
tables are append-only (PGHISTORY_APPEND_ONLY). Writes set the context with
`pghistory.context(user=..., reason=...)`; web requests add the user and URL themselves.
"""

from __future__ import annotations

from typing import Any

import pghistory


def tracked(*, event_table: str | None = None) -> Any:
    """Class decorator: keep the full history of a model's rows.

    `event_table` keeps an event table's name when its model moves to another app."""
    return pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(),
        meta={"db_table": event_table} if event_table else None,
    )
