from __future__ import annotations

from django.apps import AppConfig


class SchedulesConfig(AppConfig):
    name = "schedules"
    verbose_name = "Bell schedules"

    def ready(self) -> None:
        from iep_portal.models import User
        from iep_portal.navigation import register_nav

        register_nav("School calendars", "schedules:calendars", order=62,
                     roles={User.Role.SCHOOL_ADMIN, User.Role.DISTRICT_ADMIN})
