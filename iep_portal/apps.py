from __future__ import annotations

from django.apps import AppConfig


class IepPortalConfig(AppConfig):
    name = "iep_portal"
    verbose_name = "IEP Portal"

    def ready(self) -> None:
        from iep_portal import checks  # noqa: F401  (registers system checks)
        from iep_portal.models import User
        from iep_portal.navigation import register_nav

        admins = {User.Role.DISTRICT_ADMIN, User.Role.SCHOOL_ADMIN}
        register_nav("Fidelity", "fidelity:dashboard", roles=admins, order=70)
        register_nav("Access log", "staff:access_log", roles=admins, order=80)
        register_nav("Reminders status", "notifications:status", roles=admins, order=85)
        register_nav("Invite staff", "staff:invite", roles={User.Role.DISTRICT_ADMIN}, order=90)
