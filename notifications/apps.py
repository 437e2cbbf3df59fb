from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self) -> None:
        from iep_portal.models import User
        from iep_portal.navigation import register_nav

        admins = {User.Role.DISTRICT_ADMIN, User.Role.SCHOOL_ADMIN}
        register_nav("Reminders status", "notifications:status", roles=admins, order=85)
