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
