"""Django's migrate, as the owner of the tables (DATABASE_OWNER_URL) when it is set.

Trigger installs keep pgtrigger.ignore owner-only throughout, and the post_migrate receiver
(iep_portal.db_roles.after_migrate) then grants the app's login its least privilege.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import migrate
from django.db import connections

from iep_portal import db_roles


class Command(migrate.Command):
    help = (migrate.Command.help + " Connects as DATABASE_OWNER_URL's role when it is set, then "
            "grants the app's login (DATABASE_URL) least privilege.")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        with db_roles.connected_as_owner(connection), db_roles.trigger_ignore_kept_hardened(connection):
            super().handle(*args, **options)
