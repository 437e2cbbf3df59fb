"""Logging a scheduled group in one tap: each student delivered unless marked otherwise, each
with their own status and note, once however often the form is sent."""

from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse

from iep_portal.models import Submission
from provider_schedules.actions import StudentOutcome, scheduled_session_log
from services.models import ServiceSession
from tests.services.factories import ServiceSessionFactory

D = dt.date
TUESDAY = D(2026, 11, 17)


def log_url(plan, day: dt.date, key: uuid.UUID | None = None) -> str:  # noqa: ANN001
    url = reverse("provider_schedules:log", args=[plan.pk, day.isoformat()])
    return f"{url}?k={key}" if key else url


def one_absent(group_lines, key: uuid.UUID) -> dict[str, str]:  # noqa: ANN001
    maya, ava, noah = group_lines
    return {
        "k": str(key), "certify": "on",
        f"status_{maya.pk}": "delivered", f"note_{maya.pk}": "/r/ in initial position, 80% accuracy",
        f"status_{ava.pk}": "delivered", f"note_{ava.pk}": "",
        f"status_{noah.pk}": "student_absent", f"note_{noah.pk}": "Out sick, per the office",
    }


class TestTheRecurringGroupWithOneAbsentStudent:
    def test_one_tap_logs_two_delivered_and_one_absent_each_with_its_own_note(
        self, login, provider, group, group_lines,  # noqa: ANN001
    ) -> None:
        client = login(provider)
        key = uuid.uuid4()
        page = client.get(log_url(group, TUESDAY, key))
        assert page.status_code == 200
        body = page.content.decode()
        assert "Articulation group, 3 students" in body and "a group of 3" in body
        assert 'value="delivered" selected' in body  # everyone defaults to delivered
        response = client.post(log_url(group, TUESDAY), one_absent(group_lines, key))
        assert response.status_code == 302, response.content.decode()[:2000]
        rows = {r.requirement_id: r for r in ServiceSession.objects.filter(date=TUESDAY)}
        maya, ava, noah = group_lines
        assert rows[maya.pk].status == "delivered" and rows[maya.pk].note.startswith("/r/ in initial")
        assert rows[ava.pk].status == "delivered" and rows[ava.pk].note == ""
        assert rows[noah.pk].status == "student_absent" and rows[noah.pk].note == "Out sick, per the office"
        for row in rows.values():
            assert row.minutes == 30 and row.start_time == dt.time(10, 0) and row.group_size == 3
            assert row.logged_by == provider and row.logged_at is not None
            assert row.certified_by == provider and row.certified_at is not None  # the provider certifies

    def test_a_second_submit_or_back_and_save_again_logs_nothing_more(
        self, login, provider, group, group_lines,  # noqa: ANN001
    ) -> None:
        client = login(provider)
        key = uuid.uuid4()
        data = one_absent(group_lines, key)
        assert client.post(log_url(group, TUESDAY), data).status_code == 302
        again = client.post(log_url(group, TUESDAY), data)
        assert again.status_code == 200 and "already saved" in again.content.decode().lower()
        back = client.get(log_url(group, TUESDAY, key))
        assert "already saved" in back.content.decode().lower()
        assert ServiceSession.objects.filter(date=TUESDAY).count() == 3
        assert Submission.objects.filter(key=key).count() == 1

    def test_the_same_submission_twice_through_the_action_returns_the_first_rows(
        self, provider, group, group_lines,  # noqa: ANN001
    ) -> None:
        key = uuid.uuid4()
        outcomes = [StudentOutcome(requirement=r, status="delivered") for r in group_lines]
        first = scheduled_session_log(by=provider, day=TUESDAY, start_time=dt.time(10), minutes=30,
                                      outcomes=outcomes, idempotency_key=key)
        second = scheduled_session_log(by=provider, day=TUESDAY, start_time=dt.time(10), minutes=30,
                                       outcomes=outcomes, idempotency_key=key)
        assert sorted(r.pk for r in first) == sorted(r.pk for r in second)
        assert ServiceSession.objects.count() == 3

    def test_a_student_already_logged_that_day_is_shown_and_left_out(
        self, login, provider, group, group_lines,  # noqa: ANN001
    ) -> None:
        maya, ava, noah = group_lines
        ServiceSessionFactory(requirement=maya, date=TUESDAY, start_time=dt.time(10), minutes=30, group_size=3)
        client = login(provider)
        key = uuid.uuid4()
        page = client.get(log_url(group, TUESDAY, key)).content.decode()
        assert "Already logged that day" in page and f"status_{maya.pk}" not in page
        data = {"k": str(key), "certify": "on", f"status_{ava.pk}": "delivered",
                f"status_{noah.pk}": "delivered"}
        assert client.post(log_url(group, TUESDAY), data).status_code == 302
        assert ServiceSession.objects.filter(date=TUESDAY).count() == 3

    def test_a_missed_session_that_needs_a_reason_names_the_student_and_saves_nothing(
        self, login, provider, group, group_lines,  # noqa: ANN001
    ) -> None:
        client = login(provider)
        key = uuid.uuid4()
        data = one_absent(group_lines, key)
        data[f"status_{group_lines[1].pk}"] = "student_unavailable"  # needs a reason
        response = client.post(log_url(group, TUESDAY), data)
        assert response.status_code == 400
        assert "Ava Ng: Say why the session did not happen" in response.content.decode()
        assert not ServiceSession.objects.exists()
        assert not Submission.objects.filter(key=key).exists()  # the key is free for the retry

    def test_there_is_no_log_page_for_a_day_the_group_does_not_meet(
        self, login, provider, group, calendar,  # noqa: ANN001
    ) -> None:
        from tests.factories import ClosureFactory

        client = login(provider)
        assert client.get(log_url(group, D(2026, 11, 18), uuid.uuid4())).status_code == 404  # a Wednesday
        ClosureFactory(calendar=calendar, date=D(2026, 11, 12), reason="Snow day")
        assert client.get(log_url(group, D(2026, 11, 12), uuid.uuid4())).status_code == 404  # a closed Thursday
        assert client.get(log_url(group, D(2026, 11, 17), uuid.uuid4()).replace("2026-11-17", "nope")).status_code == 404
