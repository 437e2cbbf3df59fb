"""The audit trail administrators rely on: search the access log by student, user and date,
see who viewed a student on the student page, export as CSV."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from tests import factories as f


def _views(login, case_manager, provider, student) -> None:  # noqa: ANN001
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)):
        login(provider).get(reverse("students:detail", args=[student.pk]))
    login(case_manager).get(reverse("students:detail", args=[student.pk]))


def test_the_access_log_is_searched_by_student_user_and_date(login, school_admin, case_manager, provider,  # noqa: ANN001
                                                            iep, student, school) -> None:
    other = f.StudentFactory(school=school, last_name="Zimmer")
    f.IEPFactory(student=other, case_manager=case_manager)
    _views(login, case_manager, provider, student)
    login(case_manager).get(reverse("students:detail", args=[other.pk]))
    client = login(school_admin)
    url = reverse("fidelity:access_log")
    by_student = client.get(url, {"student": "Zimmer"}).content.decode()
    assert "Zimmer" in by_student and "Lopez" not in by_student
    by_user = client.get(url, {"user": provider.last_name}).content.decode()
    assert str(provider) in by_user and str(case_manager) not in by_user.split("<table")[1]
    by_date = client.get(url, {"date_from": "2026-11-01", "date_to": "2026-11-03"}).content.decode()
    assert str(provider) in by_date and "Zimmer" not in by_date


def test_admins_see_who_viewed_the_student_on_the_student_page(login, school_admin, case_manager, provider,  # noqa: ANN001
                                                              iep, student) -> None:
    _views(login, case_manager, provider, student)
    body = login(school_admin).get(reverse("students:detail", args=[student.pk])).content.decode()
    assert str(provider) in body and str(case_manager) in body
    assert reverse("fidelity:access_log") in body


def test_the_access_log_exports_what_the_search_found(login, district_admin, case_manager, provider,  # noqa: ANN001
                                                      iep, student) -> None:
    _views(login, case_manager, provider, student)
    response = login(district_admin).get(reverse("fidelity:access_log"),
                                         {"format": "csv", "date_from": "2026-11-01", "date_to": "2026-11-03"})
    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert len(lines) == 2 and provider.email in lines[1]


def test_exporting_the_access_log_logs_each_student_it_names(login, district_admin, case_manager, provider,  # noqa: ANN001
                                                             iep, student, school) -> None:
    from iep_portal.models import AccessLog

    other = f.StudentFactory(school=school, last_name="Zimmer")
    f.IEPFactory(student=other, case_manager=case_manager)
    _views(login, case_manager, provider, student)
    login(case_manager).get(reverse("students:detail", args=[other.pk]))
    client = login(district_admin)
    response = client.get(reverse("fidelity:access_log"), {"format": "csv", "student": "Lopez"})
    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    exports = AccessLog.objects.filter(action="export")
    assert [(a.user, a.student, a.ip_address) for a in exports] == [(district_admin, student, "127.0.0.1")]
    assert exports.get().path.startswith(reverse("fidelity:access_log"))
    assert len(lines) == 3  # the header and the two views: the file is the log as it was asked
    again = client.get(reverse("fidelity:access_log"), {"format": "csv", "student": "Lopez"})
    lines = b"".join(again.streaming_content).decode().strip().splitlines()
    assert len(lines) == 4 and district_admin.email in lines[1] and ",export," in lines[1]
    assert AccessLog.objects.filter(action="export").count() == 2
