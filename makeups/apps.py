from __future__ import annotations

from django.apps import AppConfig


class MakeupsConfig(AppConfig):
    name = "makeups"

    def ready(self) -> None:
        from django.urls import reverse

        from iep_portal.panels import register_panel
        from makeups import panels, reminders, status
        from notifications.sweeps import register_sweep
        from services.backlog_queries import register_planner

        register_panel("my_day", "makeups", "makeups/_my_day.html", panels.my_day, order=21)
        register_panel("student", "makeups", "makeups/_student.html", panels.student, order=21)
        register_sweep("makeups_overdue", reminders.overdue_sweep)
        # Services' pages and reminders say "1 planned" through this, never importing us.
        register_planner(count=status.open_counts, url=lambda pk: reverse("makeups:line", args=[pk]))
