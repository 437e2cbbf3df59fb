"""System checks for cross-setting mistakes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def check_settings(app_configs: Any, **kwargs: Any) -> list[Any]:
    problems: list[Any] = []
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        problems.append(Error("IEP Portal runs on PostgreSQL only.", id="iep.E001"))
    if getattr(settings, "IEP_PRODUCTION", False) and settings.DEBUG:
        problems.append(Error("DEBUG must be off in production.", id="iep.E002"))
    if settings.SESSION_COOKIE_AGE > 12 * 3600:
        problems.append(Warning("Sessions stay open for more than 12 idle hours.", id="iep.W001"))
    return problems
