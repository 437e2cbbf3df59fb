"""System checks for cross-setting mistakes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DEFAULT_DB_ALIAS, connections


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


@register(Tags.database, deploy=True)
def check_database_login(app_configs: Any, databases: Any = None, **kwargs: Any) -> list[Any]:
    """The app's login must not be able to erase the audit trail (iep_portal/db_roles.py).

    Reads the database, so it runs with `check --deploy --database default`."""
    if not databases or DEFAULT_DB_ALIAS not in databases:
        return []
    from iep_portal import db_roles

    hint = ("Connect the app (DATABASE_URL) as a login that owns nothing and migrate as the "
            "owner (DATABASE_OWNER_URL); README, Access.")
    return [Warning(message, hint=hint, id=check_id)
            for check_id, message in db_roles.weaknesses(connections[DEFAULT_DB_ALIAS])]
