"""The billing export: the right columns, the amendment trail, and only what you may see."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.urls import reverse

from iep_portal.models import AccessLog
from services.actions import service_session_amend
from services.views import EXPORT_COLUMNS
from tests.services.factories import ServiceSessionFactory

D = dt.date
RANGE = {"start": "2026-11-01", "end": "2026-11-18"}


def rows(response) -> list[dict[str, str]]:  # noqa: ANN001
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_it_has_the_columns_a_billing_workflow_needs(login, provider, speech) -> None:  # noqa: ANN001
    ServiceSessionFactory(requirement=speech, date=D(2026, 11, 16), group_size=3)
    response = login(provider).get(reverse("services:export"), RANGE)
    (row,) = rows(response)
    assert set(EXPORT_COLUMNS) >= {"student_id", "service_date", "start_time", "end_time", "minutes",
                                   "service_kind", "service_area", "setting", "group_size", "provider",
                                   "status", "certified_at", "amends_record_id"}
    assert row["student_id"] == speech.iep.student.student_number
    assert (row["service_date"], row["minutes"], row["group_size"]) == ("2026-11-16", "30", "3")
    assert row["service_area"] == "Speech-language" and row["counts_in_ledger"] == "yes"
    assert row["certified_at"].startswith("2026-11-18T")
    assert 'filename="service-logs-2026-11-01-to-2026-11-18.csv"' in response["Content-Disposition"]


def test_an_amendment_is_linked_to_the_entry_it_corrects(login, provider, speech) -> None:  # noqa: ANN001
    original = ServiceSessionFactory(requirement=speech, date=D(2026, 11, 16))
    fixed = service_session_amend(session=original, by=provider, reason="Ended early",
                                  date=original.date, minutes=20, status="delivered")
    by_id = {r["record_id"]: r for r in rows(login(provider).get(reverse("services:export"), RANGE))}
    assert by_id[str(original.pk)]["superseded_by_record_id"] == str(fixed.pk)
    assert by_id[str(original.pk)]["counts_in_ledger"] == "no"
    assert by_id[str(fixed.pk)]["amends_record_id"] == str(original.pk)
    assert by_id[str(fixed.pk)]["amendment_reason"] == "Ended early"


def test_each_person_exports_only_what_they_may_see(login, provider, observer, school_admin,  # noqa: ANN001
                                                    other_school_admin, district_admin, speech) -> None:
    ServiceSessionFactory(requirement=speech, date=D(2026, 11, 16))
    assert len(rows(login(provider).get(reverse("services:export"), RANGE))) == 1
    assert len(rows(login(school_admin).get(reverse("services:export"), RANGE))) == 1
    assert len(rows(login(district_admin).get(reverse("services:export"), RANGE))) == 1
    assert rows(login(observer).get(reverse("services:export"), RANGE)) == []
    assert rows(login(other_school_admin).get(reverse("services:export"), RANGE)) == []


def test_it_filters_by_date_range_and_records_the_export(login, provider, speech) -> None:  # noqa: ANN001
    ServiceSessionFactory(requirement=speech, date=D(2026, 10, 20))
    ServiceSessionFactory(requirement=speech, date=D(2026, 11, 16))
    assert len(rows(login(provider).get(reverse("services:export"), RANGE))) == 1
    assert AccessLog.objects.filter(action="export", student=speech.iep.student).count() == 1


def test_a_backwards_range_is_refused(login, provider) -> None:  # noqa: ANN001
    response = login(provider).get(reverse("services:export"), {"start": "2026-11-18", "end": "2026-11-01"})
    assert "The end date must be on or after the start date." in response.content.decode()


def test_it_shows_both_dates_lateness_pending_and_approval(login, provider, case_manager, speech,  # noqa: ANN001
                                                           school_admin) -> None:
    from services.actions import service_session_decide, service_sessions_log

    (pending,) = service_sessions_log(requirements=[speech], by=case_manager, date=D(2026, 11, 17), minutes=30,
                                      status="delivered", idempotency_key=__import__("uuid").uuid4(),
                                      certify=False)
    late = ServiceSessionFactory(requirement=speech, date=D(2026, 11, 2), late=True, needs_approval=True,
                                 late_reason="Paper log found in November")
    service_session_decide(session=late, by=school_admin, approve=False, reason="No attendance that day")
    found = {r["record_id"]: r for r in rows(login(school_admin).get(reverse("services:export"), RANGE))}
    on_behalf = found[str(pending.pk)]
    assert (on_behalf["certification"], on_behalf["counts_in_ledger"]) == ("pending", "no")
    assert on_behalf["logged_on_behalf_of"] == str(provider)
    assert on_behalf["service_date"] == "2026-11-17" and on_behalf["logged_at"].endswith("-06:00")
    refused = found[str(late.pk)]
    assert (refused["late"], refused["late_reason"]) == ("yes", "Paper log found in November")
    assert (refused["approval"], refused["approval_by"], refused["approval_reason"]) == (
        "rejected", str(school_admin), "No attendance that day")
    assert refused["approval_at"].endswith("-06:00") and refused["counts_in_ledger"] == "no"
