from __future__ import annotations

from django.apps import AppConfig


class AccommodationsConfig(AppConfig):
    name = "accommodations"
    verbose_name = "Accommodations and strategies"

    def ready(self) -> None:
        from accommodations import panels
        from iep_portal.models import User
        from iep_portal.navigation import register_nav
        from iep_portal.panels import register_panel

        register_nav("My classes", "accommodations:my_classes", roles={User.Role.GEN_ED_TEACHER}, order=5)
        register_panel("my_day", "my_classes", "accommodations/_my_day.html", panels.my_classes_panel,
                       order=10)
        register_panel("my_day", "acknowledge", "accommodations/_my_day_acknowledge.html",
                       panels.acknowledge_panel, order=11)
        register_panel("my_day", "supports", "accommodations/_my_day_case_manager.html",
                       panels.case_manager_panel, order=20)
        register_panel("student", "supports", "accommodations/_student.html", panels.student_panel,
                       order=10)

        from accommodations import reminders
        from notifications.sweeps import register_sweep

        register_sweep("accommodation_checks", reminders.checks_sweep)
        register_sweep("acknowledgements", reminders.acknowledgements_sweep)

        from accommodations import iep_data  # accommodations.csv of the IEP data import and export
        iep_data.register()
        from accommodations import checklist_items  # the checklist's acknowledgements item
        checklist_items.register()
        from accommodations.approvals import KIND  # check-offs entered past the approval window
        from iep_portal.approvals import register_approval_kind
        register_approval_kind(KIND)
