from __future__ import annotations

from django.contrib import admin

from behavior.models import PatternDetermination, Removal
from iep_portal.admin import ReadOnlyStudentDataAdmin


# Removals are student data: here they are only read.
@admin.register(Removal)
class RemovalAdmin(ReadOnlyStudentDataAdmin):
    list_display = [
        "student", "date", "setting", "portion", "services_continued", "recorded_by", "recorded_at",
    ]


@admin.register(PatternDetermination)
class PatternDeterminationAdmin(ReadOnlyStudentDataAdmin):
    list_display = ["student", "removal_day", "outcome", "determined_on", "determined_by", "recorded_at"]
