"""The approvals page: every registered kind's waiting entries for this administrator."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from iep_portal.approvals import approval_kinds
from services.ledger_queries import ledgers_for
from services.models import SessionApproval
from tests.factories import IEPFactory, StudentFactory
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

VERY_LATE = dt.date(2026, 10, 5)


def waiting(requirement, **over):  # noqa: ANN001, ANN003, ANN201
    kwargs = {
        "requirement": requirement,
        "date": VERY_LATE,
        "late": True,
        "needs_approval": True,
        "late_reason": "Paper log found in a substitute's folder",
    }
    kwargs.update(over)
    return ServiceSessionFactory(**kwargs)


def counted(requirement) -> int:  # noqa: ANN001
    return ledgers_for([requirement], dt.date(2026, 11, 18))[requirement.pk].ledger.delivered


def test_it_lists_the_entries_of_the_admins_schools_with_both_dates(login, school_admin, speech) -> None:  # noqa: ANN001
    waiting(speech)
    body = login(school_admin).get(reverse("approvals:index")).content.decode()
    assert "Service sessions (1)" in body
    assert "Maya Lopez" in body and "Happened Mon Oct 5, 2026" in body
    assert "Paper log found in a substitute" in body


def test_another_schools_admin_does_not_see_them(login, other_school_admin, speech) -> None:  # noqa: ANN001
    waiting(speech)
    body = login(other_school_admin).get(reverse("approvals:index")).content.decode()
    assert "Nothing is waiting for your approval." in body


def test_the_district_admin_sees_every_school(login, district_admin, speech, other_school) -> None:  # noqa: ANN001
    iep = IEPFactory(student=StudentFactory(school=other_school, first_name="Zoe"))
    waiting(speech)
    waiting(ServiceRequirementFactory(iep=iep))
    assert "Service sessions (2)" in login(district_admin).get(reverse("approvals:index")).content.decode()


def test_teachers_get_404(login, case_manager) -> None:  # noqa: ANN001
    assert login(case_manager).get(reverse("approvals:index")).status_code == 404


def test_approve_counts_it_and_takes_it_off_the_list(login, school_admin, speech) -> None:  # noqa: ANN001
    row = waiting(speech)
    client = login(school_admin)
    assert counted(speech) == 0
    response = client.post(reverse("approvals:approve", args=["service_session", row.pk]), follow=True)
    assert "Approved: the entry now counts." in response.content.decode()
    assert counted(speech) == 30
    assert "Nothing is waiting" in client.get(reverse("approvals:index")).content.decode()


def test_reject_needs_a_reason(login, school_admin, speech) -> None:  # noqa: ANN001
    row = waiting(speech)
    client = login(school_admin)
    url = reverse("approvals:reject", args=["service_session", row.pk])
    assert "Say why the entry is rejected" in client.post(url, {"reason": " "}, follow=True).content.decode()
    assert not SessionApproval.objects.exists()
    client.post(url, {"reason": "No attendance that day"})
    row.refresh_from_db()
    assert (row.approval.decision, row.approval.reason) == ("rejected", "No attendance that day")


def test_the_nav_offers_it_to_admins_only(login, school_admin, case_manager) -> None:  # noqa: ANN001
    assert reverse("approvals:index") in login(school_admin).get(reverse("home")).content.decode()
    assert reverse("approvals:index") not in login(case_manager).get(reverse("home")).content.decode()


def test_its_queries_do_not_grow_with_the_entries(
    login,
    school_admin,
    speech,
    another_speech_student,  # noqa: ANN001
    django_assert_num_queries,
) -> None:
    client = login(school_admin)
    client.get(reverse("approvals:index"))

    def count() -> None:
        # session (1), user (1), the admin's two-step check (1), unread notifications for the
        # header (1), and one per registered kind (service sessions, data points, check-offs):
        # its waiting entries with the admin's schools as a subquery
        with django_assert_num_queries(4 + len(approval_kinds())):
            assert client.get(reverse("approvals:index")).status_code == 200

    waiting(speech)
    count()
    for i in range(5):
        waiting(another_speech_student(f"S{i}"))
    count()
