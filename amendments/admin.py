from __future__ import annotations

from django.contrib import admin

from amendments.models import Amendment, AmendmentChange, PriorWrittenNotice, Reacknowledgement
from iep_portal.admin import ReadOnlyStudentDataAdmin


# Amendments are written and finalized in the app, with their notice; here they are only read.
@admin.register(Amendment)
class AmendmentAdmin(ReadOnlyStudentDataAdmin):
    list_display = [
        "iep",
        "effective_on",
        "agreed_how",
        "status",
        "created_by",
        "finalized_by",
        "finalized_at",
    ]
    list_filter = ["status", "agreed_how"]


@admin.register(AmendmentChange)
class AmendmentChangeAdmin(ReadOnlyStudentDataAdmin):
    list_display = ["amendment", "kind", "target", "created_by", "created_at"]


@admin.register(PriorWrittenNotice)
class PriorWrittenNoticeAdmin(ReadOnlyStudentDataAdmin):
    list_display = ["amendment", "language", "written_by", "written_at"]


@admin.register(Reacknowledgement)
class ReacknowledgementAdmin(ReadOnlyStudentDataAdmin):
    list_display = ["amendment", "user", "why", "asked_at"]
