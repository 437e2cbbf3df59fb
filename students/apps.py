from __future__ import annotations

from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "students"

    def ready(self) -> None:
        from iep_portal.navigation import register_nav

        register_nav("My day", "home", order=0)
        register_nav("Students", "students:list", order=10)
