from __future__ import annotations

from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "staff"

    def ready(self) -> None:
        from iep_portal.models import User
        from iep_portal.navigation import register_nav

        register_nav("Invite staff", "staff:invite", roles={User.Role.DISTRICT_ADMIN}, order=90)
