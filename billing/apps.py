from __future__ import annotations

from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = "Medicaid billing"

    def ready(self) -> None:
        from billing import panels, reminders
        from iep_portal.navigation import register_nav
        from iep_portal.panels import register_panel
        from notifications.sweeps import register_sweep
        from services.note_guides import NoteGuide, register_note_guide

        register_sweep("licences", reminders.licence_sweep)
        register_nav("Billing", "billing:report", order=64, roles={"district_admin", "school_admin"})
        register_panel("student", "billing", "billing/_student.html", panels.student, order=90)
        register_panel("my_day", "billing", "billing/_my_day.html", panels.my_day, order=25)
        # A billable session's note says what was done, how the student responded and the
        # progress toward goals (billing.billability.note_meets reads these labels).
        register_note_guide(NoteGuide(
            help_text="For a Medicaid-billable session, say the activity, the student's response and "
                      "progress toward the IEP goals, each after its label.",
            outline="Activity: \nResponse: \nProgress: ",
        ))
