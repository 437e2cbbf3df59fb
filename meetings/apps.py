from __future__ import annotations

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self) -> None:
        from iep_portal.navigation import register_nav
        from iep_portal.panels import register_panel
        from meetings import checklist_items, reminders
        from meetings.views import my_day_panel, student_panel

        register_panel("my_day", "meetings", "meetings/_my_day.html", my_day_panel, order=20)
        register_panel("student", "meetings", "meetings/_student.html", student_panel, order=20)
        register_nav("Documentation", "meetings:documentation",
                     roles={"case_manager", "school_admin", "district_admin"}, order=20)
        checklist_items.register()
        reminders.register()
