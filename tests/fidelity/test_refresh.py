from __future__ import annotations

import datetime as dt

from iep_portal.fidelity import cached_fidelity, period_for, scope_key
from iep_portal.fidelity_models import FidelitySnapshot
from iep_portal.fidelity_refresh import admin_scopes, refresh_snapshots
from students.models import Student

TODAY = dt.date(2026, 11, 18)


def test_the_refresh_stores_figures_for_the_district_each_school_and_each_admin(
    iep, school, other_school, school_admin  # noqa: ANN001
) -> None:
    scopes = admin_scopes()
    assert scopes[0] is None
    assert (school.pk,) in scopes and (other_school.pk,) in scopes
    assert refresh_snapshots(TODAY) == 2 * len(scopes)
    assert FidelitySnapshot.objects.filter(key=scope_key([school.pk], period_for("year", TODAY))).exists()


def test_the_dashboard_then_reads_the_stored_figures(iep, school, school_admin, django_assert_num_queries) -> None:  # noqa: ANN001
    refresh_snapshots(TODAY)
    students = Student.objects.filter(school=school)
    # The snapshot (1), the names of the people (1) and schools (1) in the breakdowns; no computation.
    with django_assert_num_queries(3):
        cached_fidelity(students, [school.pk], period_for("year", TODAY), TODAY)
