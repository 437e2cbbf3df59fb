"""The documentation checklist's "progress reports sent on schedule" item (students/checklist.py),
which is also the next progress report in the deadlines (students.checklist.DEADLINE_ITEMS).

It reads `progress.reports.report_statuses`, the one answer to "is this report owed, sent,
late?" (rules and the anchor for when a report is owed: progress.due).

Done: every report of every ended period was sent (the date and writer of the latest; a note
if any went late), due: the next period's due date. Missing: the earliest period with a
report owed or late, due on that period's due date. Not applicable: no goals, or no period
has ended since the goals took effect (due: the first period's due date). So `due` is always
the due date of the earliest period with a report not yet sent: the deadline to chase.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from progress.due import SENT_LATE, IEPReports
from progress.reports import report_statuses
from students.checklist import DONE, MISSING, NOT_APPLICABLE, ItemResult
from students.models import IEP

KEY = "progress_reports"
LABEL = "Progress reports sent on schedule"


def progress_reports(ieps: Sequence[IEP], today: dt.date) -> dict[int, ItemResult]:
    """The item for many IEPs (with `student` selected) at once. Queries: report_statuses' (4),
    however many IEPs."""
    if not ieps:
        return {}
    statuses = report_statuses(ieps, today)
    return {iep.pk: _answer(statuses[iep.pk]) for iep in ieps}


def _answer(reports: IEPReports) -> ItemResult:
    nxt = reports.next_upcoming
    due = nxt.due_on if nxt else None
    if not reports.goals:
        return ItemResult(NOT_APPLICABLE, note="No goals yet, so no progress reports are due.")
    ended = reports.ended
    if not ended:
        return ItemResult(NOT_APPLICABLE, due=due,
                          note=f"The first report is due by {due:%b %-d}." if due else
                          "No report is owed this school year.")
    missing = next((p for p in ended if p.unsent), None)
    if missing is not None:
        return ItemResult(MISSING, due=missing.due_on, note=missing.describe())
    late = [p for p in ended if p.status == SENT_LATE]
    late_note = (f" Period{'s' if len(late) != 1 else ''} "
                 f"{', '.join(str(p.period.number) for p in late)} went out late.") if late else ""
    nxt_note = f" Next due by {due:%b %-d}." if due else ""
    last = max((row for p in ended if (row := p.last_sent)), key=lambda row: row.sent_on)  # type: ignore[arg-type,return-value]
    return ItemResult(DONE, on=last.sent_on, by=last.written_by,
                      note=f"Sent for period {ended[-1].period.label}.{late_note}{nxt_note}", due=due)


def register() -> None:
    from students.checklist import register_item

    register_item(KEY, LABEL, progress_reports)
