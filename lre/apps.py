from __future__ import annotations

from django.apps import AppConfig


class LreConfig(AppConfig):
    name = "lre"
    verbose_name = "Least restrictive environment"

    def ready(self) -> None:
        from iep_portal.panels import register_panel
        from lre import panels

        register_panel("student", "lre", "lre/_student.html", panels.student, order=35)
