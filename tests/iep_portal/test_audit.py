"""The access log and the change history: written on every read and change, never rewritten."""

from __future__ import annotations

import pghistory
import pytest
from django.db import ProgrammingError, transaction
from django.urls import reverse

from iep_portal.models import AccessLog
from students.models import IEP


def test_viewing_a_student_writes_the_access_log(login, case_manager, iep: IEP) -> None:  # noqa: ANN001
    login(case_manager).get(reverse("students:detail", args=[iep.student.pk]), REMOTE_ADDR="10.1.2.3")
    row = AccessLog.objects.get()
    assert (row.user, row.student, row.action) == (case_manager, iep.student, "view")
    assert row.path == reverse("students:detail", args=[iep.student.pk])
    assert row.ip_address == "10.1.2.3"


def test_a_refused_view_writes_nothing(login, outsider, iep: IEP) -> None:  # noqa: ANN001
    assert login(outsider).get(reverse("students:detail", args=[iep.student.pk])).status_code == 404
    assert not AccessLog.objects.exists()


def test_the_database_refuses_to_edit_or_delete_the_access_log(login, case_manager, iep: IEP) -> None:  # noqa: ANN001
    login(case_manager).get(reverse("students:detail", args=[iep.student.pk]))
    with pytest.raises(ProgrammingError), transaction.atomic():
        AccessLog.objects.update(action="edited")
    with pytest.raises(ProgrammingError), transaction.atomic():
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get().action == "view"


def test_changes_to_an_iep_are_kept_with_who_made_them(iep: IEP, case_manager) -> None:  # noqa: ANN001
    with pghistory.context(user=case_manager.pk, reason="moved the review"):
        IEP.objects.filter(pk=iep.pk).update(annual_review_due="2027-08-15")  # a bulk update
    event = IEP.pgh_event_model.objects.filter(pgh_obj=iep, pgh_label="update").latest("pgh_id")  # type: ignore[attr-defined]
    assert str(event.annual_review_due) == "2027-08-15"
    assert event.pgh_context.metadata["user"] == case_manager.pk
    assert event.pgh_context.metadata["reason"] == "moved the review"


def test_the_database_refuses_to_rewrite_history(iep: IEP) -> None:
    events = IEP.pgh_event_model.objects.filter(pgh_obj=iep)  # type: ignore[attr-defined]
    assert events.exists()
    with pytest.raises(ProgrammingError), transaction.atomic():
        events.update(status="draft")
    with pytest.raises(ProgrammingError), transaction.atomic():
        events.delete()


def test_admins_search_the_access_log_only_for_their_schools(
    login, case_manager, school_admin, other_school_admin, iep: IEP  # noqa: ANN001
) -> None:
    login(case_manager).get(reverse("students:detail", args=[iep.student.pk]))
    url = reverse("fidelity:access_log")
    page = login(school_admin).get(url, {"student": iep.student.student_number})
    assert case_manager.email not in page.content.decode()  # names are shown, not emails
    assert str(case_manager) in page.content.decode()
    other = login(other_school_admin).get(url)
    assert str(iep.student) not in other.content.decode()


def test_the_access_log_exports_as_csv(login, case_manager, district_admin, iep: IEP) -> None:  # noqa: ANN001
    login(case_manager).get(reverse("students:detail", args=[iep.student.pk]))
    response = login(district_admin).get(reverse("fidelity:access_log"), {"format": "csv", "user": case_manager.email})
    body = b"".join(response.streaming_content).decode()
    lines = body.strip().splitlines()
    assert lines[0].startswith("when,staff email")
    assert len(lines) == 2
    assert case_manager.email in lines[1] and iep.student.student_number in lines[1]


def test_the_access_log_search_explains_bad_dates(login, district_admin, db) -> None:  # noqa: ANN001
    page = login(district_admin).get(
        reverse("fidelity:access_log"), {"date_from": "2026-11-10", "date_to": "2026-11-01"}
    )
    assert "The start date must be on or before the end date." in page.content.decode()


def test_opening_a_form_is_a_view_and_only_saving_is_a_change(login, case_manager, iep: IEP) -> None:  # noqa: ANN001
    """A reminder that leads to a form page (schedule the annual review) reads the record: the
    log says view; the save that follows says change."""
    client = login(case_manager)
    url = reverse("meetings:meeting_add", args=[iep.student.pk])
    assert client.get(url, follow=True).status_code == 200
    assert set(AccessLog.objects.values_list("action", flat=True)) == {"view"}
    client.post(url, {})  # refused (nothing filled in), but it was an attempt to change
    assert AccessLog.objects.filter(action="change").count() == 1
