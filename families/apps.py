from __future__ import annotations

from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = "Families"

    def ready(self) -> None:
        from families import panels
        from iep_portal.panels import register_panel

        register_panel("student", "families", "families/_student.html", panels.student, order=8)
