from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db.models import F

from students.models import IEP, Enrollment, Student


def test_seed_district_builds_a_consistent_district(db: None) -> None:
    out = StringIO()
    call_command("seed_district", students=40, seed=7, stdout=out)
    assert Student.objects.count() == 40
    assert IEP.objects.active().count() == 40
    per_student = {s.pk: s.enrollments.count() for s in Student.objects.all()}
    assert all(5 <= n <= 7 for n in per_student.values())
    # Every enrollment is in a section of the student's own school.
    assert not Enrollment.objects.exclude(section__school=F("student__school")).exists()
    assert "Built the district" in out.getvalue()


