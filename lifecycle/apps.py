from __future__ import annotations

from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "lifecycle"
    verbose_name = "IEP life cycle"

    def ready(self) -> None:
        from iep_portal.panels import register_panel
        from lifecycle import panels

        register_panel("student", "team", "lifecycle/_student.html", panels.student, order=5)

        from lifecycle import iep_data  # exits.csv of the IEP data import and export
        iep_data.register()
