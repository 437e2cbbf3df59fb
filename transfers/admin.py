from __future__ import annotations

from django.contrib import admin

from iep_portal.admin import ReadOnlyStudentDataAdmin
from transfers.models import TransferIn


# Transfers are recorded and closed in the app, with who and when; here they are only read.
@admin.register(TransferIn)
class TransferInAdmin(ReadOnlyStudentDataAdmin):
    list_display = ["student", "sending_district", "sending_state", "enrolled_on", "due_on", "outcome",
                    "recorded_by", "recorded_at"]
    list_filter = ["in_state", "outcome"]
