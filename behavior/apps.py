from __future__ import annotations

from django.apps import AppConfig


class BehaviorConfig(AppConfig):
    name = "behavior"
    verbose_name = "Behavior and disciplinary removals"

    def ready(self) -> None:
        from behavior import panels
        from iep_portal.panels import register_panel

        register_panel("student", "behavior", "behavior/_student.html", panels.student, order=36)
