"""Extended school year fidelity: ESY lines' minutes, apart from the school year's figures.

ESY lines count on the summer session's days (esy.queries.esy_ledgers), so their minutes
never mix with the school year's (fidelity.figures reads school-year lines only). One row
per school, with the same rule as every fidelity figure: a line is credited at most what
it required (services.ledger.fidelity_percent).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from esy.queries import esy_ledgers
from services.ledger import credited, fidelity_percent
from services.models import ServiceRequirement
from students.models import IEP


@dataclass
class EsyRow:
    school: str
    lines: int = 0
    required: int = 0
    credited: int = 0
    behind: int = 0

    @property
    def percent(self) -> int | None:
        return fidelity_percent(self.credited, self.required)


@dataclass(frozen=True)
class EsyFidelity:
    rows: list[EsyRow]
    total: EsyRow


def esy_fidelity(students: Any, as_of: dt.date) -> EsyFidelity:
    """ESY minutes of the scoped students' active IEPs, through `as_of`, by school; a line
    whose session is still ahead is counted as a line with nothing due yet.
    Queries: the ESY lines (1), and with any, esy_ledgers (sessions, closures, minutes: 3)."""
    lines = list(
        ServiceRequirement.objects.extended_year()
        .filter(iep__student__in=students, iep__status=IEP.Status.ACTIVE)
        .select_related("iep", "iep__student", "iep__student__school", "provider")
    )
    ledgers = esy_ledgers(lines, as_of) if lines else {}
    by_school: dict[int, EsyRow] = {}
    total = EsyRow(school="All schools")
    for r in lines:
        school = r.iep.student.school
        row = by_school.setdefault(school.pk, EsyRow(school=school.name))
        led = ledgers[r.pk].ledger
        for target in (row, total):
            target.lines += 1
            target.required += led.expected
            target.credited += credited(led.delivered, led.expected)
            target.behind += int(led.behind)
    return EsyFidelity(rows=sorted(by_school.values(), key=lambda x: x.school), total=total)
