from __future__ import annotations

from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "coverage"
    verbose_name = "Paraprofessionals and substitutes"

    def ready(self) -> None:
        from iep_portal.navigation import register_nav

        register_nav("Coverage", "coverage:index", order=64)
