from __future__ import annotations

from django.apps import AppConfig


class FidelityConfig(AppConfig):
    name = "fidelity"

    def ready(self) -> None:
        from iep_portal.models import User
        from iep_portal.navigation import register_nav

        admins = {User.Role.DISTRICT_ADMIN, User.Role.SCHOOL_ADMIN}
        register_nav("Fidelity", "fidelity:dashboard", roles=admins, order=70)
        register_nav("Access log", "fidelity:access_log", roles=admins, order=80)

        from fidelity import my_day, reminders
        from iep_portal.panels import register_panel
        from notifications.sweeps import register_sweep

        # First on an administrator's My day: what is overdue, who is behind, what data is wrong.
        register_panel("my_day", "admin_day", "fidelity/_my_day.html", my_day.admin_day, order=1)
        register_sweep("admin_deadlines", reminders.admin_deadline_sweep)
