"""Pages built from panels that each app registers from its AppConfig.ready().

Two pages are built this way:
- "my_day": build(user, today, caseload) -> context or None (nothing to show);
- "student": build(request, access) -> context or None, where access is a StudentAccess.
A panel renders its template fragment with the context it returned, and must run a fixed
number of queries however large the caseload or the student's history.
"""

from __future__ import annotations

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
