"""Django's createcachetable, as the owner of the tables (DATABASE_OWNER_URL) when it is set,
then the app's login is granted the new table (iep_portal.db_roles)."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import createcachetable
from django.db import connections

from iep_portal import db_roles


class Command(createcachetable.Command):
    help = (createcachetable.Command.help + " Connects as DATABASE_OWNER_URL's role when it is "
            "set, then grants the app's login (DATABASE_URL) least privilege.")

    def handle(self, *tablenames: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        with db_roles.connected_as_owner(connection):
            super().handle(*tablenames, **options)
            if not options.get("dry_run"):
                db_roles.apply_after_migrate(using=options["database"])
