from __future__ import annotations

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments and testing days"

    def ready(self) -> None:
        from iep_portal.models import User
        from iep_portal.navigation import register_nav

        register_nav("Testing days", "assessments:index", order=60, roles={
            User.Role.TEST_COORDINATOR, User.Role.SCHOOL_ADMIN, User.Role.DISTRICT_ADMIN,
            User.Role.GEN_ED_TEACHER,
        })
