"""A schedule change from the roster import reaches the gen-ed teacher's supports and
acknowledgements. Both are computed from current enrollments on every read (classroom.py,
acknowledgements.py), so nothing listens to `enrollments_changed`: the next page shows it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from accommodations.acknowledgements import NEW_IN_CLASS, outstanding_acknowledgements
from accommodations.models import Acknowledgement
from iep_portal.models import User
from rostering.oneroster.importer import run_import
from students.models import IEP, Student
from tests import factories as f
from tests.accommodations.factories import SupportFactory
from tests.rostering.conftest import FIXTURES, confirm_proposed_calendars

pytestmark = pytest.mark.django_db


def _ela_teacher_and_new_student() -> tuple[User, IEP]:
    """The bulk drop: s-2 is in Math only; Marcus Bell (t-2) teaches English 6 - Period 3."""
    assert run_import(FIXTURES / "v11_bulk").applied
    confirm_proposed_calendars()  # the district confirms the school year the roster proposes
    s2 = Student.objects.get(sourced_id="s-2")
    iep = f.IEPFactory(student=s2)
    SupportFactory(iep=iep, text="Graphic organizer for writing", start_date=dt.date(2026, 9, 8),
                   changed_at=dt.datetime(2026, 9, 8, 8, tzinfo=dt.UTC))
    return User.objects.get(sourced_id="t-2"), iep


def test_a_drop_that_adds_a_student_to_a_class_asks_its_teacher_to_acknowledge(login) -> None:  # noqa: ANN001
    teacher, iep = _ela_teacher_and_new_student()
    assert outstanding_acknowledgements([iep], users=[teacher]) == []
    assert "Graphic organizer" not in login(teacher).get(reverse("accommodations:my_classes")).content.decode()

    result = run_import(FIXTURES / "v11_delta")  # e-7: s-2 joins English 6 - Period 3 today

    assert result.applied, result.message
    [due] = outstanding_acknowledgements([iep], users=[teacher])
    assert due.reason == NEW_IN_CLASS and due.acknowledged_at is None
    page = login(teacher).get(reverse("accommodations:my_classes")).content.decode()
    student = Student.objects.get(pk=iep.student_id)  # the delta also renamed them
    assert str(student) in page and "Graphic organizer for writing" in page
    assert "New supports: read and acknowledge" in page


def test_a_back_dated_enrollment_in_another_class_asks_again(tmp_path: Path) -> None:
    teacher, iep = _ela_teacher_and_new_student()
    f.EnrollmentFactory(student=iep.student, section=f.SectionFactory(
        school=iep.student.school, teacher=teacher, subject="Reading"))
    Acknowledgement.objects.create(iep=iep, user=teacher)
    drop = tmp_path / "drop"
    shutil.copytree(FIXTURES / "v11_delta", drop)
    lines = (drop / "enrollments.csv").read_text().splitlines()
    (drop / "enrollments.csv").write_text("\n".join(
        [lines[0]] + [line.replace("2026-11-18", "2026-08-17") for line in lines[1:]]) + "\n")

    assert run_import(drop).applied

    assert outstanding_acknowledgements([iep], users=[teacher]) != []
