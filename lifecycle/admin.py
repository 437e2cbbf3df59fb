from __future__ import annotations

from django.contrib import admin

from lifecycle.models import TeamChange


@admin.register(TeamChange)
class TeamChangeAdmin(admin.ModelAdmin):
    list_display = ("iep", "kind", "member", "previous", "effective_on", "by", "recorded_at")
    list_filter = ("kind",)
    raw_id_fields = ("iep", "member", "previous", "by")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # a record of what happened: added, never edited

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
