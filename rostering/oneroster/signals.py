"""Signals other areas connect to. Sent after the import's transaction commits."""

from __future__ import annotations

from django.dispatch import Signal

# Students joined or left classes (a schedule change). Keyword arguments: section_ids and
# student_ids (sets of primary keys). The accommodations area connects here so a gen-ed
# teacher's supports and acknowledgements follow the new schedule.
enrollments_changed = Signal()
