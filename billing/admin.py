from __future__ import annotations

from django.contrib import admin

from billing.models import NoteRule


@admin.register(NoteRule)
class NoteRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "require_activity", "require_response", "require_progress", "min_words"]
