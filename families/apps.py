from __future__ import annotations

from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = "Families"

    def ready(self) -> None:
        from families import panels
        from families.roster import known_sourced_ids, roster_guardians_apply
        from iep_portal.panels import register_panel
        from rostering.oneroster.guardians import register_guardian_importer

        register_panel("student", "families", "families/_student.html", panels.student, order=8)
        register_guardian_importer(known=known_sourced_ids, apply=roster_guardians_apply)
