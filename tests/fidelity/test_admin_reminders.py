"""Administrators hear of overdue legal deadlines as counts per school and kind, in their own
words, and every reminder an administrator can receive opens a page they may open."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from fidelity.reminders import admin_deadline_sweep
from iep_portal.models import User
from notifications.models import Notification
from notifications.sweeps import run_all, run_sweep
from students.models import IEP
from tests import factories as f
from tests.conftest import FROZEN_TODAY, signed_in, with_mfa

TODAY = FROZEN_TODAY


def _overdue(iep: IEP, days: int = 3) -> None:
    IEP.objects.filter(pk=iep.pk).update(annual_review_due=TODAY - dt.timedelta(days=days))


def _more_overdue(school, n: int) -> None:  # noqa: ANN001
    for i in range(n):
        _overdue(f.IEPFactory(student=f.StudentFactory(school=school)), days=10 + i)


def test_the_school_admin_hears_one_count_per_kind_and_the_director_too(
    iep: IEP, school, case_manager, school_admin, other_school_admin, district_admin,  # noqa: ANN001
) -> None:
    _overdue(iep)
    _more_overdue(school, 2)
    assert run_sweep("admin_deadlines", TODAY).created == 2
    assert run_sweep("admin_deadlines", TODAY).created == 0  # deduplicated
    notes = {n.user_id: n for n in Notification.objects.filter(kind="deadline")}
    assert set(notes) == {school_admin.pk, district_admin.pk}  # not the other school's admin
    principal, director = notes[school_admin.pk], notes[district_admin.pk]
    assert principal.title == f"3 annual reviews at {school.name} are overdue"
    assert director.title == "3 annual reviews are overdue in 1 school"
    assert principal.urgent and director.urgent and principal.student_id is None
    assert principal.url == f"{reverse('fidelity:deadlines')}?kind=annual_review&school={school.pk}"
    assert "the oldest 11 days overdue" in principal.body
    # The link lists exactly those three.
    page = signed_in(Client(), school_admin).get(principal.url)
    assert page.status_code == 200
    overdue = page.content.decode().split('id="overdue-heading"')[1].split("</table>")[0]
    assert overdue.count("<tr>") == 1 + 3  # the header row and three deadlines


def test_a_deadline_met_resolves_the_count(iep: IEP, school_admin) -> None:  # noqa: ANN001
    _overdue(iep)
    run_sweep("admin_deadlines", TODAY)
    IEP.objects.filter(pk=iep.pk).update(annual_review_due=TODAY + dt.timedelta(days=200))
    run_sweep("admin_deadlines", TODAY)
    assert not Notification.objects.filter(kind="deadline", resolved_at__isnull=True).exists()


def test_the_sweep_runs_a_fixed_number_of_queries(iep: IEP, school, school_admin, district_admin,  # noqa: ANN001
                                                  django_assert_num_queries) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _overdue(iep)
    with CaptureQueriesContext(connection) as small:
        admin_deadline_sweep(TODAY)
    _more_overdue(school, 9)
    with django_assert_num_queries(len(small.captured_queries)):
        [principal, _director] = admin_deadline_sweep(TODAY)
    assert principal.title.startswith("10 annual reviews")


def test_every_reminder_an_administrator_receives_opens_for_them(db: None) -> None:
    """Over a seeded district, after every sweep: each administrator's reminders, of every
    kind, link to a page that administrator may open."""
    call_command("seed_district", students=40, seed=7, stdout=StringIO())
    run_all(dt.date.today())  # noqa: DTZ011 (the seed dates its world from today)
    admins = {u.pk: with_mfa(u) for u in User.objects.filter(role__in=User.ADMIN_ROLES)}
    notes = list(Notification.objects.filter(user__in=admins).order_by("user_id", "kind"))
    director = User.objects.get(role=User.Role.DISTRICT_ADMIN)
    assert any(n.kind == "deadline" and n.user_id == director.pk for n in notes)
    kinds = {n.kind for n in notes}
    assert "deadline" in kinds
    clients: dict[int, Client] = {}
    for note in notes:
        client = clients.setdefault(note.user_id, signed_in(Client(), admins[note.user_id]))
        response = client.get(note.url)
        assert response.status_code == 200, (note.kind, note.url, admins[note.user_id].role)
        assert "Not allowed" not in response.content.decode()
