from __future__ import annotations

from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "students"

    def ready(self) -> None:
        from iep_portal.navigation import register_nav

        register_nav("Students", "students:list", order=10)

        from notifications.access import register_student_scope
        from notifications.sweeps import register_sweep
        from students import reminders
        from students.models import Student

        # A reminder about a student shows while its recipient may still see the student.
        register_student_scope(lambda user: Student.objects.visible_to(user).values("pk"))

        register_sweep("deadlines", reminders.deadline_sweep)
        register_sweep("family_contact", reminders.family_contact_sweep)

        from students import checklist  # noqa: F401 (registers the IEP's own checklist items)
