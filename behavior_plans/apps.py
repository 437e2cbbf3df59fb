from __future__ import annotations

from django.apps import AppConfig


class BehaviorPlansConfig(AppConfig):
    name = "behavior_plans"
    verbose_name = "Behavior intervention plans"

    def ready(self) -> None:
        from behavior_plans import approvals, panels
        from iep_portal.panels import register_panel

        register_panel("student", "behavior_plans", "behavior_plans/_student.html", panels.student, order=35)
        approvals.register()
