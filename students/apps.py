from __future__ import annotations

from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "students"

    def ready(self) -> None:
        from iep_portal.navigation import register_nav

        register_nav("My day", "home", order=0)
        register_nav("Students", "students:list", order=10)

        from iep_portal.reminders import register_sweep
        from students import reminders

        register_sweep("deadlines", reminders.deadline_sweep)
        register_sweep("family_contact", reminders.family_contact_sweep)

        # Meetings and the documentation checklist (students/meeting_*.py, checklist.py).
        from iep_portal.panels import register_panel
        from students import checklist  # noqa: F401 (registers the built-in checklist items)
        from students.meeting_views import my_day_panel, student_panel

        register_panel("my_day", "meetings", "students/meetings/_my_day.html", my_day_panel, order=20)
        register_panel("student", "meetings", "students/meetings/_student.html", student_panel, order=20)
        register_nav("Imports", "students:roster_imports", roles={"district_admin"}, order=86)
        register_nav("Documentation", "students:documentation",
                     roles={"case_manager", "school_admin", "district_admin"}, order=20)
        from students import meeting_reminders  # noqa: F401 (registers the meeting sweeps)
