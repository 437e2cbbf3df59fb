"""Extra panels on the IEP-at-a-glance page, registered by other apps.

The progress app adds "the goals you collect data for" here (progress/glance.py) from its
AppConfig.ready():
`register_glance_panel(name, template, build)` with `build(request, access) -> dict | None`
(access is a students.access.StudentAccess; a fixed number of queries). The fragment gets
the dict as `panel`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from students.access import StudentAccess

_GLANCE_PANELS: dict[str, tuple[str, Callable[..., dict[str, Any] | None], int]] = {}


def register_glance_panel(
    name: str, template: str, build: Callable[..., dict[str, Any] | None], *, order: int = 50
) -> None:
    _GLANCE_PANELS[name] = (template, build, order)


def build_glance_panels(request: HttpRequest, access: StudentAccess) -> list[tuple[str, dict[str, Any]]]:
    built = []
    for template, build, _order in sorted(_GLANCE_PANELS.values(), key=lambda p: p[2]):
        ctx = build(request, access)
        if ctx is not None:
            built.append((template, ctx))
    return built
