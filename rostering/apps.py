from __future__ import annotations

from django.apps import AppConfig


class RosteringConfig(AppConfig):
    name = "rostering"

    def ready(self) -> None:
        from iep_portal.navigation import register_nav

        register_nav("Imports", "rostering:imports", roles={"district_admin"}, order=86)
