from __future__ import annotations

import datetime as dt

from django.core import mail

from notifications.digest import digest_period, send_digests, send_urgent
from notifications.models import Digest, Notification, NotificationSettings
from notifications.notify import Reminder, remind_many

WEDNESDAY = dt.date(2026, 11, 18)


def _remind(user, key: str, kind: str = "deadline", urgent: bool = False) -> int:  # noqa: ANN001
    return remind_many([Reminder(user.pk, kind, key, f"Do {key}", "/students/1/", urgent=urgent)])


def test_a_reminder_is_created_once_however_often_it_is_asked_for(case_manager) -> None:  # noqa: ANN001
    assert _remind(case_manager, "a") == 1
    assert _remind(case_manager, "a") == 0
    assert Notification.objects.count() == 1


def test_one_digest_per_person_per_day_with_every_item(case_manager, provider) -> None:  # noqa: ANN001
    _remind(case_manager, "a")
    _remind(case_manager, "b")
    _remind(provider, "c")
    assert send_digests(WEDNESDAY) == 2
    assert send_digests(WEDNESDAY) == 0  # a retried task sends nothing twice
    assert len(mail.outbox) == 2
    body = next(m for m in mail.outbox if m.to == [case_manager.email]).body
    assert "Do a" in body and "Do b" in body and "http://127.0.0.1:8000/students/1/" in body
    assert Digest.objects.filter(user=case_manager, period="2026-11-18", item_count=2).exists()


def test_items_created_after_the_digest_wait_for_the_next_one(case_manager) -> None:  # noqa: ANN001
    _remind(case_manager, "a")
    send_digests(WEDNESDAY)
    _remind(case_manager, "b")
    assert send_digests(WEDNESDAY) == 0
    assert send_digests(WEDNESDAY + dt.timedelta(days=1)) == 1
    assert "Do b" in mail.outbox[-1].body and "Do a" not in mail.outbox[-1].body


def test_weekly_digests_go_out_on_mondays_only(case_manager) -> None:  # noqa: ANN001
    NotificationSettings.objects.create(user=case_manager, digest="weekly")
    _remind(case_manager, "a")
    assert send_digests(WEDNESDAY) == 0
    assert send_digests(dt.date(2026, 11, 23)) == 1
    assert digest_period(dt.date(2026, 11, 23), "weekly") == "2026-W48"


def test_no_digest_on_weekends() -> None:
    assert digest_period(dt.date(2026, 11, 21), "daily") is None


def test_urgent_items_go_out_at_once_and_not_again_in_the_digest(case_manager) -> None:  # noqa: ANN001
    _remind(case_manager, "overdue", urgent=True)
    _remind(case_manager, "later")
    assert send_urgent() == 1
    assert mail.outbox[0].subject.startswith("Urgent:")
    send_digests(WEDNESDAY)
    assert "Do overdue" not in mail.outbox[-1].body and "Do later" in mail.outbox[-1].body


def test_a_muted_optional_kind_stays_in_the_app_but_is_not_emailed(case_manager) -> None:  # noqa: ANN001
    NotificationSettings.objects.create(user=case_manager, muted_kinds=["family_contact"])
    _remind(case_manager, "contact", kind="family_contact")
    assert send_digests(WEDNESDAY) == 0
    assert Notification.objects.get().muted


def test_legally_required_kinds_cannot_be_muted(case_manager) -> None:  # noqa: ANN001
    NotificationSettings.objects.create(user=case_manager, muted_kinds=["deadline"])
    _remind(case_manager, "review")
    assert send_digests(WEDNESDAY) == 1
