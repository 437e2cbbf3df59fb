from __future__ import annotations

from django.contrib import admin

from iep_portal.admin import ReadOnlyStudentDataAdmin
from makeups.models import MakeupChange, PlannedMakeup


# Plans change in the app, with a reason; here they are only read.
@admin.register(PlannedMakeup)
class PlannedMakeupAdmin(ReadOnlyStudentDataAdmin):
    list_display = ["requirement", "target_date", "minutes", "planned_by", "planned_at", "cancelled_at"]


@admin.register(MakeupChange)
class MakeupChangeAdmin(ReadOnlyStudentDataAdmin):
    list_display = ["makeup", "kind", "from_date", "to_date", "by", "at"]
