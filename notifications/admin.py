"""Read-only views of reminder rows for support staff; reminders are written only by sweeps."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from iep_portal.admin import StudentDataAdmin
from notifications.models import Notification, OutboxMessage, SweepRun


class _ReadOnly(StudentDataAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(_ReadOnly):
    list_display = ["user", "kind", "title", "created_at", "emailed_at", "read_at", "resolved_at"]
    list_filter = ["kind", "urgent"]
    search_fields = ["dedupe_key", "user__email"]
    raw_id_fields = ["user"]


@admin.register(SweepRun)
class SweepRunAdmin(_ReadOnly):
    list_display = ["name", "started_at", "finished_at", "created"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(_ReadOnly):
    list_display = ["task", "created_at", "published_at", "attempts", "last_error"]
