from __future__ import annotations

from django.contrib import admin

from iep_portal.admin import ReadOnlyStudentDataAdmin
from lifecycle.models import IEPExit, ScheduledHandOver, TeamChange


# Team changes and exits happen in the app, with a reason; here they are only read.
@admin.register(TeamChange)
class TeamChangeAdmin(ReadOnlyStudentDataAdmin):
    list_display = ["iep", "kind", "member", "previous", "effective_on", "by", "recorded_at"]
    list_filter = ["kind"]


@admin.register(IEPExit)
class IEPExitAdmin(ReadOnlyStudentDataAdmin):
    list_display = ["iep", "reason", "exit_date", "by", "recorded_at"]
    list_filter = ["reason"]


@admin.register(ScheduledHandOver)
class ScheduledHandOverAdmin(ReadOnlyStudentDataAdmin):
    list_display = ["iep", "to", "effective_on", "status", "by", "recorded_at", "settled_at"]
    list_filter = ["status"]
