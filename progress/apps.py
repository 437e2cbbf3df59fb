from __future__ import annotations

from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"

    def ready(self) -> None:
        from iep_portal.panels import register_panel
        from progress import panels

        register_panel("my_day", "progress", "progress/_my_day.html", panels.my_day, order=30)
        register_panel("student", "progress", "progress/_student.html", panels.student, order=40)

        from notifications.sweeps import register_sweep
        from progress import reminders

        register_sweep("goal_data", reminders.data_sweep)
        register_sweep("progress_reports", reminders.report_sweep)
        register_sweep("goal_decisions", reminders.decision_sweep)

        from progress import iep_data  # goals.csv of the IEP data import and export

        iep_data.register()
        from progress import checklist_items  # the checklist's progress reports item

        checklist_items.register()
        from progress import glance  # the goals panel on the IEP at a glance

        glance.register()
        from progress import approvals  # very late data points wait for an administrator

        approvals.register()
        from accommodations.review_requests import register_pending_source, register_review_listener
        from progress import actions, due

        # Support reviews are asked through data requests; a review answers its request.
        register_review_listener(actions.review_request_close)
        register_pending_source(due.reviews_pending)
