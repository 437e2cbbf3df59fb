"""The report, the claims file, layouts, credentials and the student's billing page."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from billing.models import BillingConsent, ExportProfile, ProviderCredential
from billing.reminders import licence_sweep
from notifications.models import Notification
from tests.billing.conftest import MONDAY, credential, make_billable, session
from tests.factories import IEPFactory, StudentFactory, TeamMemberFactory
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.django_db
RANGE = {"start": "2026-11-01", "end": "2026-11-18"}


def _rows(response) -> list[list[str]]:  # noqa: ANN001
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def _generic() -> ExportProfile:
    return ExportProfile.objects.get(name__startswith="Generic")


def _more_students(n: int, school, case_manager, provider, admin) -> None:  # noqa: ANN001
    """n more students, each with one billable and one not-billable speech session."""
    for i in range(n):
        iep = IEPFactory(student=StudentFactory(school=school, first_name=f"Extra{i}"), case_manager=case_manager)
        TeamMemberFactory(iep=iep, user=provider, role="provider")
        line = ServiceRequirementFactory(iep=iep, provider=provider)
        make_billable(iep.student, line, admin)
        session(line)
        session(line, date=dt.date(2026, 11, 13), note="")


class TestReport:
    def test_it_lists_each_not_billable_session_with_every_reason(self, login, billed) -> None:  # noqa: ANN001
        session(billed.line)
        session(billed.line, date=dt.date(2026, 11, 13), note="", certified_by=None, certified_at=None,
                on_behalf_of=billed.provider)
        page = login(billed.admin).get(reverse("billing:report"), RANGE).content.decode()
        assert "1 of 2 sessions billable (2 units)" in page
        assert "Session note missing or incomplete" in page and "Unsigned: pending" in page
        assert "Fri Nov 13" in page and "Mon Nov 16" not in page

    def test_a_school_administrator_sees_only_their_schools(self, login, billed, other_school_admin) -> None:  # noqa: ANN001
        session(billed.line, note="")
        page = login(other_school_admin).get(reverse("billing:report"), RANGE).content.decode()
        assert "0 of 0 sessions" in page

    def test_a_backwards_range_is_refused_with_a_message(self, login, billed) -> None:  # noqa: ANN001
        response = login(billed.admin).get(reverse("billing:report"), {"start": "2026-11-18", "end": "2026-11-01"})
        assert response.status_code == 400
        assert "on or after the start date" in response.content.decode()

    def test_its_queries_do_not_grow_with_the_sessions(self, login, billed, school, case_manager) -> None:  # noqa: ANN001
        client = login(billed.admin)
        session(billed.line, note="")
        _more_students(1, school, case_manager, billed.provider, billed.admin)
        client.get(reverse("billing:report"), RANGE)  # the session's first request does more
        with CaptureQueriesContext(connection) as small:
            client.get(reverse("billing:report"), RANGE)
        _more_students(6, school, case_manager, billed.provider, billed.admin)
        with CaptureQueriesContext(connection) as large:
            page = client.get(reverse("billing:report"), RANGE).content.decode()
        assert "7 of 15 sessions billable" in page
        assert len(large) == len(small), "\n".join(q["sql"][:150] for q in large.captured_queries)


class TestClaimsFile:
    def test_it_writes_billable_sessions_only_in_the_layouts_columns(self, login, billed) -> None:  # noqa: ANN001
        good = session(billed.line, group_size=2, minutes=38)
        session(billed.line, date=dt.date(2026, 11, 13), note="")
        rows = _rows(login(billed.admin).get(reverse("billing:export"), {**RANGE, "profile": _generic().pk}))
        assert rows[0] == [c["header"] for c in _generic().columns]
        assert len(rows) == 2
        line = dict(zip(rows[0], rows[1], strict=True))
        assert line["Claim line ID"] == str(good.pk)
        assert (line["Date of service"], line["Procedure code"], line["Modifier 1"], line["Modifier 2"]) == (
            "11/16/2026", "92507", "GN", "HQ")
        assert (line["Units"], line["Diagnosis pointer A"], line["Rendering provider NPI"]) == ("3", "F80.0",
                                                                                             "1234567893")

    def test_a_state_layout_maps_codes_and_writes_iso_dates(self, login, billed) -> None:  # noqa: ANN001
        session(billed.line)
        state = ExportProfile.objects.get(name__startswith="State")
        rows = _rows(login(billed.admin).get(reverse("billing:export"), {**RANGE, "profile": state.pk}))
        line = dict(zip(rows[0], rows[1], strict=True))
        assert (line["RECORD_TYPE"], line["DOS"], line["POS"], line["PROVIDER_TYPE"]) == (
            "SBS", "2026-11-16", "SCH", "SLP")

    def test_no_cell_runs_as_a_formula(self, login, billed) -> None:  # noqa: ANN001
        billed.student.last_name = "=HYPERLINK(\"http://x\")"
        billed.student.save()
        session(billed.line)
        rows = _rows(login(billed.admin).get(reverse("billing:export"), {**RANGE, "profile": _generic().pk}))
        assert rows[1][rows[0].index("Patient last name")].startswith("'=")

    def test_a_session_after_revocation_is_left_out(self, login, billed) -> None:  # noqa: ANN001
        BillingConsent.objects.update(revoked_on=dt.date(2026, 11, 14))
        session(billed.line)
        rows = _rows(login(billed.admin).get(reverse("billing:export"), {**RANGE, "profile": _generic().pk}))
        assert len(rows) == 1

    def test_its_queries_do_not_grow_with_the_sessions(self, login, billed, school, case_manager) -> None:  # noqa: ANN001
        client = login(billed.admin)
        query = {**RANGE, "profile": _generic().pk}
        _more_students(1, school, case_manager, billed.provider, billed.admin)
        _rows(client.get(reverse("billing:export"), query))  # the session's first request does more
        with CaptureQueriesContext(connection) as small:
            assert len(_rows(client.get(reverse("billing:export"), query))) == 2
        _more_students(6, school, case_manager, billed.provider, billed.admin)
        with CaptureQueriesContext(connection) as large:
            assert len(_rows(client.get(reverse("billing:export"), query))) == 8
        assert len(large) == len(small), "\n".join(q["sql"][:150] for q in large.captured_queries)


class TestLayouts:
    def test_the_district_changes_a_layouts_columns_and_mappings(self, login, district_admin) -> None:  # noqa: ANN001
        profile = _generic()
        response = login(district_admin).post(reverse("billing:profile_edit", args=[profile.pk]), {
            "name": "Our vendor", "date_format": "%Y%m%d", "columns": "NPI = provider_npi\nDOS = service_date\n"
            "Kind = text:SPEECH", "code_map": "place_of_service: 03 = 99"})
        assert response.status_code == 302
        profile.refresh_from_db()
        assert profile.columns[2] == {"header": "Kind", "field": "text:SPEECH"}
        assert profile.code_map == {"place_of_service": {"03": "99"}}

    def test_an_unknown_field_is_refused_and_what_was_typed_kept(self, login, district_admin) -> None:  # noqa: ANN001
        response = login(district_admin).post(reverse("billing:profile_edit", args=[_generic().pk]), {
            "name": "Our vendor", "date_format": "%Y%m%d", "columns": "NPI = provider_npi\nBad = shoe_size"})
        page = response.content.decode()
        assert response.status_code == 400
        assert "Line 2: “shoe_size” is not a field" in page and "Bad = shoe_size" in page


class TestCredentials:
    def test_a_wrong_npi_check_digit_is_refused_in_words(self, login, district_admin, provider) -> None:  # noqa: ANN001
        response = login(district_admin).post(reverse("billing:credential_edit", args=[provider.pk]), {
            "credential_type": "slp", "npi": "1234567890", "licence_number": "146.001", "licence_state": "il",
            "licence_expires": "2027-06-30"})
        assert response.status_code == 400
        assert "check digit" in response.content.decode()
        assert not ProviderCredential.objects.exists()

    def test_a_renewal_updates_the_one_credential(self, login, district_admin, provider) -> None:  # noqa: ANN001
        client = login(district_admin)
        for expires in ("2026-12-31", "2028-12-31"):
            response = client.post(reverse("billing:credential_edit", args=[provider.pk]), {
                "credential_type": "slp", "npi": "1234567893", "licence_number": "146.001", "licence_state": "il",
                "licence_expires": expires})
            assert response.status_code == 302
        c = ProviderCredential.objects.get()
        assert (c.licence_expires, c.licence_state) == (dt.date(2028, 12, 31), "IL")


def test_the_licence_sweep_reminds_before_expiry_and_once(billed) -> None:  # noqa: ANN001
    ProviderCredential.objects.update(licence_expires=MONDAY + dt.timedelta(days=30))
    reminders = licence_sweep(MONDAY)
    assert {r.user_id for r in reminders} == {billed.provider.pk, billed.admin.pk}
    assert "record the renewal" in reminders[0].title
    from notifications.notify import remind_many

    assert remind_many(reminders) == 2
    assert remind_many(licence_sweep(MONDAY)) == 0
    ProviderCredential.objects.update(licence_expires=dt.date(2028, 6, 30))
    assert licence_sweep(MONDAY) == []
    assert Notification.objects.filter(resolved_at__isnull=False).count() == 2


def test_the_student_page_shows_each_sessions_reasons(login, billed, case_manager) -> None:  # noqa: ANN001
    session(billed.line)
    session(billed.line, date=dt.date(2026, 11, 13), note="")
    page = login(case_manager).get(reverse("billing:student", args=[billed.student.pk])).content.decode()
    assert "Billable, 2 units" in page and "Session note missing" in page
    assert "Consent given Sep 1, 2026" in page and "F80.0" in page and "92507" in page


def test_the_log_form_starts_the_note_from_the_billing_outline(login, provider, iep) -> None:  # noqa: ANN001
    ServiceRequirementFactory(iep=iep, provider=provider)
    page = login(provider).get(reverse("services:log"), follow=True).content.decode()
    assert "Activity: \nResponse: \nProgress: " in page
    assert "the student&#x27;s response and progress toward the IEP goals" in page


def test_consent_saved_twice_from_one_form_is_saved_once(login, case_manager, iep) -> None:  # noqa: ANN001
    client = login(case_manager)
    url = reverse("billing:consent_add", args=[iep.student.pk])
    key = client.get(url)["Location"].split("k=")[1]
    for _ in range(2):
        client.post(f"{url}?k={key}", {"k": key, "given_on": "2026-09-01"})
    assert BillingConsent.objects.count() == 1
    assert credential  # the helper the other tests share
