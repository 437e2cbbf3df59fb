from __future__ import annotations

from django.apps import AppConfig


class BehaviorConfig(AppConfig):
    name = "behavior"
    verbose_name = "Behavior and disciplinary removals"

    def ready(self) -> None:
        from behavior import panels, reminders
        from iep_portal.panels import register_panel
        from notifications.sweeps import register_sweep

        register_panel("student", "behavior", "behavior/_student.html", panels.student, order=36)
        register_sweep("removal_days", reminders.removal_days_sweep)
        register_sweep("manifestation_determinations", reminders.manifestation_sweep)
