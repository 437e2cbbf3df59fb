"""exits.csv of the IEP data template (docs/iep-import.md): import and export of IEP exits.

The rostering import checks every cell (student, IEP, dates, the reason among the exit
reasons); here each row becomes the IEP's exit. An active IEP is ended by the same write as
the exit page (`exits.iep_exit`: its services and supports end on the exit date); an IEP
already ended gets its exit recorded, as a record of what happened. A recorded exit is never
changed by an import: the same row again changes nothing, a different one is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.core.exceptions import ValidationError
from django.utils import timezone

from iep_portal.models import User
from lifecycle import exits
from lifecycle.models import IEPExit
from rostering.iep_import import IEPRow, register_iep_file
from students.models import IEP

# Model field (or action argument) -> template column, to report a rule on its cell.
COLUMNS = {"exit_date": "exit_date", "reason": "exit_reason", "note": "note"}


def _refused(row: IEPRow, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, messages in sorted(exc.message_dict.items()):
            row.problems.extend((COLUMNS.get(name, ""), m) for m in messages)
    else:
        row.problems.extend(("", m) for m in exc.messages)


def apply_exits(rows: list[IEPRow]) -> dict[str, int]:
    """Record one exit per row. Queries: the IEPs' exits (1), then per row the exit's writes."""
    counts = {"added": 0, "updated": 0, "ended": 0, "unchanged": 0}
    existing = {e.iep_id: e for e in IEPExit.objects.filter(iep__in={r.iep for r in rows if r.iep})}
    today = timezone.localdate()
    for row in rows:
        iep, v = row.iep, row.values
        assert iep is not None
        wanted = (v["exit_date"], v["exit_reason"], v["note"].strip()[:500])
        recorded = existing.get(iep.pk)
        if recorded is not None:
            if (recorded.exit_date, recorded.reason, recorded.note) == wanted:
                counts["unchanged"] += 1
            else:
                row.problems.append(("exit_date", (
                    f"This IEP's exit is recorded already ({recorded.get_reason_display()}, "
                    f"{recorded.exit_date}); an import does not change a recorded exit.")))
            continue
        if row.by is None:
            row.problems.append(("", "An exit says who recorded it: import exits.csv signed in "
                                     "(Imports), or name the person with --by."))
            continue
        if iep.status == IEP.Status.DRAFT:
            row.problems.append(("iep_start_date", "This IEP is a draft: only an active or ended "
                                                   "IEP has an exit."))
            continue
        try:
            if iep.status == IEP.Status.ACTIVE:
                existing[iep.pk] = exits.iep_exit(iep=iep, exit_date=wanted[0], reason=wanted[1],
                                                  note=wanted[2], by=row.by, today=today)
                counts["ended"] += 1
            else:
                existing[iep.pk] = _record_past_exit(iep, *wanted, by=row.by, today=today)
                counts["added"] += 1
        except ValidationError as exc:
            _refused(row, exc)
    return counts


def _record_past_exit(iep: IEP, exit_date: dt.date, reason: str, note: str, *, by: User,
                      today: dt.date) -> IEPExit:
    """The exit of an IEP that has ended already: kept as the record, nothing else changes."""
    record = IEPExit(iep=iep, exit_date=exit_date, reason=reason, note=note, by=by)
    if record.exit_date > today:
        raise ValidationError({"exit_date": "Record an exit on or after the day it happens."})
    if record.exit_date < iep.start_date:
        raise ValidationError({"exit_date": f"The IEP started on {iep.start_date:%b %-d, %Y}: "
                                            "pick a day on or after it."})
    record.full_clean()
    record.save()
    return record


def export_exits() -> Iterable[list[str]]:
    """Every IEP exit, in the template's columns."""
    records = IEPExit.objects.select_related("iep__student").order_by(
        "iep__student__student_number", "iep__start_date")

    def rows() -> Iterator[list[str]]:
        for e in records.iterator():
            yield [e.iep.student.student_number, e.iep.start_date.isoformat(),
                   e.exit_date.isoformat(), e.reason, e.note]

    return rows()


def register() -> None:
    register_iep_file("exits.csv", apply=apply_exits, export=export_exits)
