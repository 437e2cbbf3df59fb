from __future__ import annotations

from django.apps import AppConfig


class AmendmentsConfig(AppConfig):
    name = "amendments"
    verbose_name = "IEP amendments"

    def ready(self) -> None:
        from accommodations.acknowledgements import register_ask
        from amendments import panels
        from iep_portal.panels import register_panel

        register_panel("student", "amendments", "amendments/_student.html", panels.student, order=6)
        register_ask(panels.asked_since)
