from __future__ import annotations

from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"

    def ready(self) -> None:
        from iep_portal.models import User
        from iep_portal.navigation import register_nav

        register_nav(
            "Approvals", "approvals:index", roles={User.Role.SCHOOL_ADMIN, User.Role.DISTRICT_ADMIN}, order=45
        )
