from __future__ import annotations

import datetime as dt

from fidelity.figures import cached_fidelity, period_for, scope_key
from fidelity.models import FidelitySnapshot
from fidelity.refresh import admin_scopes, refresh_snapshots
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


def test_stale_figures_are_shown_at_once_and_a_recomputation_is_queued_once(
    login, school_admin, iep, school  # noqa: ANN001
) -> None:
    from django.urls import reverse

    from fidelity.figures import REFRESH_TASK, refresh_scope
    from notifications.models import OutboxMessage

    client = login(school_admin)
    client.get(reverse("fidelity:dashboard"))  # nothing stored yet: computed now
    assert not OutboxMessage.objects.exists()
    stored = FidelitySnapshot.objects.get()
    two_hours_ago = stored.computed_at - dt.timedelta(hours=2)
    FidelitySnapshot.objects.filter(pk=stored.pk).update(computed_at=two_hours_ago)
    page = client.get(reverse("fidelity:dashboard")).content.decode()
    client.get(reverse("fidelity:dashboard"))
    assert "newer figures are being computed" in page
    message = OutboxMessage.objects.get()  # queued once, however many visits
    assert message.task == REFRESH_TASK
    refresh_scope(*message.args)  # what the worker runs
    assert FidelitySnapshot.objects.get().computed_at > two_hours_ago
