from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db.models import F

from students.models import IEP, Enrollment, Student


def test_seed_district_builds_a_consistent_district(db: None) -> None:
    out = StringIO()
    call_command("seed_district", students=40, seed=7, stdout=out)
    # 40 students with an IEP, and as many with a Section 504 plan in the same classes.
    assert Student.objects.count() == 80
    assert IEP.objects.active().filter(kind=IEP.Kind.IEP).count() == 40
    plans = IEP.objects.active().filter(kind=IEP.Kind.SECTION_504)
    assert plans.count() == 40
    assert not plans.filter(impairment="").exists() and not plans.filter(major_life_activity="").exists()
    assert not plans.exclude(primary_disability="").exists()
    assert {p.case_manager.title for p in plans.select_related("case_manager")} == {
        "School counselor, 504 coordinator"}
    per_student = {s.pk: s.enrollments.count() for s in Student.objects.all()}
    assert all(5 <= n <= 7 for n in per_student.values())
    # Every enrollment is in a section of the student's own school.
    assert not Enrollment.objects.exclude(section__school=F("student__school")).exists()
    assert "Built the district" in out.getvalue() and "504 plans" in out.getvalue()
