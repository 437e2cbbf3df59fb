from __future__ import annotations

from django.apps import AppConfig


class ProviderSchedulesConfig(AppConfig):
    name = "provider_schedules"
    verbose_name = "Provider schedules"

    def ready(self) -> None:
        from iep_portal.models import User
        from iep_portal.navigation import register_nav
        from iep_portal.panels import register_panel
        from provider_schedules import panels
        from provider_schedules.queries import scheduled_source
        from services.scheduled import register_schedule_source

        # Services' "Due today" asks this which lines are scheduled, never importing us.
        register_schedule_source(scheduled_source)
        register_panel("my_day", "provider_schedules", "provider_schedules/_my_day.html", panels.my_day,
                       order=19)
        register_nav("My schedule", "provider_schedules:week",
                     roles={User.Role.PROVIDER, User.Role.CASE_MANAGER}, order=22)
