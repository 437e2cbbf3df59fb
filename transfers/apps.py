from __future__ import annotations

from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "transfers"
    verbose_name = "Transfers in"

    def ready(self) -> None:
        from iep_portal.models import User
        from iep_portal.navigation import register_nav
        from iep_portal.panels import register_panel
        from notifications.sweeps import register_sweep
        from transfers import panels, reminders

        register_panel("student", "transfer", "transfers/_student.html", panels.student, order=4)
        register_sweep("transfers", reminders.transfer_sweep)
        register_nav("Transfers in", "transfers:list", order=15, roles={
            User.Role.CASE_MANAGER, User.Role.SCHOOL_ADMIN, User.Role.DISTRICT_ADMIN})
