"""Pages built from panels that each app registers from its AppConfig.ready().

Two pages are built this way:
- "my_day": build(user, today, caseload) -> context or None (nothing to show);
- "student": build(request, access) -> context or None, where access is a StudentAccess.
A panel renders its template fragment with the context it returned, and must run a fixed
number of queries however large the caseload or the student's history.

A My day panel may also put next actions in its context under "actions" (a list of
NextAction): My day lists every panel's actions first, in one ordered "Today" list, and the
panels' own fragments below it stay short (what is not a next action).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PAGES = ("my_day", "student")


@dataclass(frozen=True)
class Panel:
    page: str
    name: str
    template: str
    build: Callable[..., dict[str, Any] | None]
    order: int


_PANELS: dict[tuple[str, str], Panel] = {}


def register_panel(
    page: str, name: str, template: str, build: Callable[..., dict[str, Any] | None],
    *, order: int = 50,
) -> None:
    if page not in PAGES:
        raise ValueError(f"Unknown page {page!r}; expected one of {PAGES}.")
    _PANELS[(page, name)] = Panel(page, name, template, build, order)


def build_panels(page: str, *args: Any) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) for each panel on `page` that has something to show."""
    built = []
    for panel in sorted((p for p in _PANELS.values() if p.page == page), key=lambda p: p.order):
        ctx = panel.build(*args)
        if ctx is not None:
            built.append((panel.template, ctx))
    return built


@dataclass(frozen=True)
class NextAction:
    """One line of My day's "Today" list: what to do, worded as the next step, and the page
    where it is done. `due` None means today; `done_url`, when set, is a one-tap form on the
    line itself (a POST with next=home) for things closed right there."""

    text: str
    url: str
    due: dt.date | None = None
    overdue: bool = False
    detail: str = ""
    done_url: str = ""
    done_label: str = "Mark done"


def next_actions(built: list[tuple[str, dict[str, Any]]], today: dt.date) -> list[NextAction]:
    """Every panel's next actions in one list: overdue first, then by when they are due (today
    before later), then in panel order."""
    found = [(i, action) for i, (_template, ctx) in enumerate(built) for action in ctx.get("actions", ())]
    found.sort(key=lambda pair: (not pair[1].overdue, pair[1].due or today, pair[0]))
    return [action for _i, action in found]
