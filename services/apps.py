from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core.checks import Error, register


class ServicesConfig(AppConfig):
    name = "services"

    def ready(self) -> None:
        from iep_portal.models import User
        from iep_portal.navigation import register_nav
        from iep_portal.panels import register_panel
        from services import panels

        register_panel("my_day", "services", "services/_my_day.html", panels.my_day, order=20)
        register_panel("student", "services", "services/_student.html", panels.student, order=20)
        register_nav("Log a session", "services:log",
                     roles={User.Role.PROVIDER, User.Role.CASE_MANAGER}, order=20)
        register_nav("Service logs", "services:export",
                     roles={User.Role.PROVIDER, User.Role.CASE_MANAGER, User.Role.SCHOOL_ADMIN,
                            User.Role.DISTRICT_ADMIN}, order=40)
        from services import iep_data  # services.csv of the IEP data import and export
        iep_data.register()

        from notifications.sweeps import register_sweep
        from services.reminders import minutes_sweep

        register_sweep("minutes", minutes_sweep)

        from iep_portal.approvals import register_approval_kind
        from services.approval import KIND

        register_approval_kind(KIND)

        # The calendar pages preview what a closure costs in expected minutes.
        from services.calendar_effect import expected_minutes_effect
        from students.calendar_effects import register_calendar_effect

        register_calendar_effect("expected_minutes", expected_minutes_effect)
        register_nav("Sessions to confirm", "services:mine",
                     roles={User.Role.PROVIDER, User.Role.CASE_MANAGER}, order=21)


@register()
def check_owed_statuses(app_configs: Any, **kwargs: Any) -> list[Error]:
    from django.conf import settings

    from services import ledger

    unknown = set(settings.SERVICES_OWED_STATUSES) - ledger.MISSED_STATUSES
    if unknown:
        return [Error(f"SERVICES_OWED_STATUSES has unknown statuses {sorted(unknown)}; "
                      f"choose from {sorted(ledger.MISSED_STATUSES)}.", id="services.E001")]
    return []
