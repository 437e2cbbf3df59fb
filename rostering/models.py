"""Roster import history: one ImportRun per import, and the OneRoster records we keep.

The tables keep the names they had under the students app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImportRunQuerySet(models.QuerySet["ImportRun"]):
    def recent(self) -> ImportRunQuerySet:
        """Newest first, without the uploaded file (it can be tens of megabytes)."""
        return self.defer("upload", "problems").order_by("-created_at")


class ImportRun(models.Model):
    """One import (OneRoster or IEP data): how it was asked for, its progress and its result.

    The background task and the command both write progress here; the upload page polls it.
    `summary` is {file name: {"added", "updated", "ended", "unchanged", "errors", "skipped",
    "unread", "rows"}}; `problems` is a list of {"file", "line", "column", "message"} (capped,
    see MAX_PROBLEMS), then the rows skipped because of them ("level": "skipped"), then the
    warnings ("level": "warning": read as they are, with something to read). `applied` is
    true only when the run wrote something.
    """

    class Kind(models.TextChoices):
        ONEROSTER = "oneroster", _("OneRoster roster")
        IEP = "iep", _("IEP data")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    class Mode(models.TextChoices):
        APPLY_VALID = "apply_valid", _("Apply the valid rows, skip the rows with problems")
        ALL_OR_NOTHING = "all_or_nothing", _("Apply nothing if any row has a problem")

    MAX_PROBLEMS = 2000

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ONEROSTER)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.ALL_OR_NOTHING)
    dry_run = models.BooleanField(default=False)
    source_name = models.CharField(max_length=255, blank=True)
    version = models.CharField(max_length=10, blank=True, help_text=_("OneRoster version read."))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    phase = models.CharField(max_length=200, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    applied = models.BooleanField(default=False, help_text=_("True when changes were saved."))
    summary = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    # The uploaded zip, kept in the database so any worker can read it; cleared after the run.
    upload = models.BinaryField(null=True, blank=True, editable=False)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        db_table = "students_importrun"  # the table it had before moving to this app
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_done__lte=models.F("rows_total")) | Q(rows_total=0),
                name="import_run_progress_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import #{self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    def row_problems(self) -> list[dict[str, object]]:
        """Problems of the rows' own (each one rejects its row)."""
        return [p for p in self.problems if "level" not in p]

    def consequences(self) -> list[dict[str, object]]:
        """Rows skipped only because a row they depend on was rejected."""
        return [p for p in self.problems if p.get("level") == "skipped"]

    def warnings(self) -> list[dict[str, object]]:
        return [p for p in self.problems if p.get("level") == "warning"]

    def totals(self) -> dict[str, int]:
        keys = ("added", "updated", "ended", "unchanged", "errors", "skipped")
        return {k: sum(int(s.get(k, 0)) for s in self.summary.values()) for k in keys}


class RosterRecord(models.Model):
    """A OneRoster record with no model of its own (orgs, academic sessions, courses).

    Kept so a later delta drop can refer to them and so classes can take a course's subject.
    """

    kind = models.CharField(max_length=30)
    sourced_id = models.CharField(max_length=255)
    data = models.JSONField(default=dict)
    active = models.BooleanField(default=True)

    class Meta:
        db_table = "students_rosterrecord"  # the table it had before moving to this app
        constraints = [
            models.UniqueConstraint(fields=["kind", "sourced_id"], name="roster_record_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.sourced_id}"


class CalendarConfirmation(models.Model):
    """A school calendar a district administrator created from a proposed academic session.

    A calendar decides which days are instructional, and so every expected minute: an import
    never creates one by itself (see rostering/calendars.py). This row says who confirmed
    which session's dates for which school, and when.
    """

    calendar = models.OneToOneField("students.SchoolCalendar", on_delete=models.CASCADE,
                                    related_name="+")
    session_sourced_id = models.CharField(max_length=255)
    # The dates as the roster gave them; the calendar keeps the dates confirmed.
    proposed_start = models.DateField()
    proposed_end = models.DateField()
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.calendar} from {self.session_sourced_id}"
