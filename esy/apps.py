from __future__ import annotations

from django.apps import AppConfig


class EsyConfig(AppConfig):
    name = "esy"
    verbose_name = "Extended school year"

    def ready(self) -> None:
        from esy import calendar, panels
        from iep_portal.navigation import register_nav
        from iep_portal.panels import register_panel
        from services.models import ServiceRequirement
        from services.seasons import register_calendar

        register_calendar(ServiceRequirement.Season.ESY, calendar.esy_calendars)
        register_panel("student", "esy", "esy/_student.html", panels.student, order=22)
        register_panel("my_day", "esy", "esy/_my_day.html", panels.my_day, order=21)
        register_nav("ESY sessions", "esy:sessions", order=63, roles={"district_admin", "school_admin"})
