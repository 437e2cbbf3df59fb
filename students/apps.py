from __future__ import annotations

from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "students"

    def ready(self) -> None:
        from iep_portal.navigation import register_nav

        register_nav("Students", "students:list", order=10)

        from notifications.sweeps import register_sweep
        from students import reminders

        register_sweep("deadlines", reminders.deadline_sweep)
        register_sweep("family_contact", reminders.family_contact_sweep)

        from students import checklist  # noqa: F401 (registers the IEP's own checklist items)
