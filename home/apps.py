from __future__ import annotations

from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"

    def ready(self) -> None:
        from iep_portal.navigation import register_nav

        register_nav("My day", "home", order=0)
