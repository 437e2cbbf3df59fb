"""Computed fidelity figures kept in PostgreSQL, so the dashboard of a large district is
computed once and then read (see fidelity/figures.py: `cached_fidelity`)."""

from __future__ import annotations

from django.db import models

from iep_portal.timefmt import format_datetime


class FidelitySnapshot(models.Model):
    """The raw figures for one scope (a set of schools) and one period, as computed at
    `computed_at`. Numbers only (ratios by figure, group and week), no student data."""

    key = models.CharField(max_length=200, unique=True)
    computed_at = models.DateTimeField()
    data = models.JSONField()

    class Meta:
        db_table = "iep_portal_fidelitysnapshot"  # the table it had before moving to this app

    def __str__(self) -> str:
        return f"{self.key} at {format_datetime(self.computed_at)}"
