"""Compliance deadlines: overdue and upcoming, filtered, exported."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.urls import reverse

from iep_portal.models import AccessLog
from progress.models import Goal
from students.models import IEP
from tests import factories as f
from tests.progress.factories import GoalFactory


def _world(iep, school, other_case_manager, other_school):  # noqa: ANN001, ANN202
    IEP.objects.filter(pk=iep.pk).update(annual_review_due=dt.date(2026, 11, 10),
                                         reevaluation_due=dt.date(2026, 12, 20))
    teen = f.StudentFactory(school=school, first_name="Tess", last_name="Young",
                            date_of_birth=dt.date(2011, 1, 15))  # turns 16 during the IEP
    f.IEPFactory(student=teen, case_manager=other_case_manager)
    goal = GoalFactory(iep=iep)
    Goal.objects.filter(pk=goal.pk).update(created_at=dt.datetime(2026, 9, 8, 12, tzinfo=dt.UTC))
    far = f.StudentFactory(school=other_school, last_name="Faraway")
    f.IEPFactory(student=far, annual_review_due=dt.date(2026, 11, 1))


def test_it_lists_overdue_and_upcoming_deadlines(login, school_admin, iep, school, other_case_manager,  # noqa: ANN001
                                                 other_school) -> None:
    _world(iep, school, other_case_manager, other_school)
    body = login(school_admin).get(reverse("fidelity:deadlines")).content.decode()
    overdue, upcoming = body.split('id="overdue-heading"')[1].split('id="upcoming-heading"')
    assert "Annual review" in overdue and "8 days overdue" in overdue
    assert "Progress reports" in overdue  # first quarter ended Oct 28, nothing sent by Nov 4
    assert "Reevaluation" in upcoming and "in 32 days" in upcoming
    # Tess turns 16 on Jan 15 during her IEP and has no transition plan: due that day.
    assert "Transition plan" in upcoming and "Young" in upcoming and "Jan 15, 2027" in upcoming
    assert "Faraway" not in body  # another school's student


def test_it_filters_by_case_manager_and_exports_csv(login, district_admin, iep, school, case_manager,  # noqa: ANN001
                                                    other_case_manager, other_school) -> None:
    _world(iep, school, other_case_manager, other_school)
    client = login(district_admin)
    body = client.get(reverse("fidelity:deadlines"), {"case_manager": other_case_manager.pk}).content.decode()
    assert "Young" in body and "Lopez" not in body
    response = client.get(reverse("fidelity:deadlines"), {"format": "csv", "kind": "annual_review"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["due", "status", "deadline"]
    assert {r[2] for r in rows[1:]} == {"Annual review"}
    assert any(r[4] == "Ravi Faraway" or "Faraway" in r[4] for r in rows[1:])
    assert "attachment" in response["Content-Disposition"]


def test_the_deadlines_csv_logs_each_student_in_it(login, school_admin, iep, school, other_case_manager,  # noqa: ANN001
                                                   other_school) -> None:
    _world(iep, school, other_case_manager, other_school)
    client = login(school_admin)
    response = client.get(reverse("fidelity:deadlines"), {"format": "csv"})
    named = {r[3] for r in csv.reader(io.StringIO(response.content.decode()))} - {"student id"}
    logged = AccessLog.objects.filter(action="export", user=school_admin)
    assert sorted(a.student.student_number for a in logged) == sorted(named)
    assert len(named) == 2  # Maya and Tess; the other school's student is not in the file
    client.get(reverse("fidelity:deadlines"))  # the page itself
    assert logged.count() == 2
