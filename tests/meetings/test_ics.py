"""Calendar files: they parse back as one event, and a reschedule keeps its identity."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core import mail
from icalendar import Calendar

from iep_portal.models import User
from meetings.actions import meeting_cancel, meeting_schedule, meeting_update
from meetings.ics import event_uid, meeting_calendar
from meetings.models import Meeting
from students.models import IEP

CHICAGO = ZoneInfo("America/Chicago")


def event_of(ics: bytes):  # noqa: ANN201
    cal = Calendar.from_ical(ics)
    [event] = cal.walk("VEVENT")
    return cal, event


def test_the_calendar_file_parses_back_as_the_meeting(meeting: Meeting, provider: User) -> None:
    cal, event = event_of(meeting_calendar(meeting))
    assert str(cal["method"]) == "REQUEST"
    assert str(event["uid"]) == event_uid(meeting)
    assert event["sequence"] == 0
    assert event.decoded("dtstart") == dt.datetime(2026, 12, 10, 15, 30, tzinfo=CHICAGO)
    assert event.decoded("dtend") == dt.datetime(2026, 12, 10, 16, 30, tzinfo=CHICAGO)
    assert str(event["location"]) == "Room 114"
    assert "Annual review" in str(event["summary"])
    assert "Lopez" not in str(event["summary"])  # initials only in an email attachment
    attendees = event["attendee"]
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == [f"mailto:{provider.email}"]
    assert cal.walk("VTIMEZONE")  # the time zone travels with the event


def test_scheduling_emails_each_invitee_a_calendar_file(
    iep: IEP, provider: User, observer: User, django_capture_on_commit_callbacks,  # noqa: ANN001
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_schedule(
            iep=iep, by=iep.case_manager, kind="annual_review", date=dt.date(2026, 12, 10),
            start_time=dt.time(15, 30), purpose="Annual review", location="Room 114",
            invitees=[provider, observer],
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([provider.email, observer.email])
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert name == "meeting.ics" and mimetype.startswith("text/calendar; method=REQUEST")
    _cal, event = event_of(content if isinstance(content, bytes) else content.encode())
    assert str(event["uid"]) == event_uid(meeting)


def test_a_reschedule_sends_the_same_event_with_a_higher_sequence(
    meeting: Meeting, provider: User, django_capture_on_commit_callbacks,  # noqa: ANN001
) -> None:
    _cal, before = event_of(meeting_calendar(meeting))
    with django_capture_on_commit_callbacks(execute=True):
        moved = meeting_update(meeting=meeting, by=meeting.iep.case_manager,
                               date=dt.date(2026, 12, 14), start_time=dt.time(8, 0))
    assert moved.sequence == 1
    [email] = mail.outbox
    assert email.subject.startswith("Updated:")
    _name, content, _type = email.attachments[0]
    _cal, after = event_of(content if isinstance(content, bytes) else content.encode())
    assert str(after["uid"]) == str(before["uid"])
    assert after["sequence"] > before["sequence"]
    assert after.decoded("dtstart") == dt.datetime(2026, 12, 14, 8, 0, tzinfo=CHICAGO)


def test_changing_only_the_purpose_does_not_move_the_event(
    meeting: Meeting, django_capture_on_commit_callbacks,  # noqa: ANN001
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        changed = meeting_update(meeting=meeting, by=meeting.iep.case_manager, purpose="New words")
    assert changed.sequence == 0
    assert mail.outbox == []


def test_a_moved_date_asks_for_a_new_family_notice(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(notice_sent_on=dt.date(2026, 11, 16), notice_method="letter")
    moved = meeting_update(meeting=meeting, by=meeting.iep.case_manager, date=dt.date(2026, 12, 15))
    assert moved.notice_sent_on is None


def test_a_dropped_invitee_and_a_cancellation_get_a_cancel(
    meeting: Meeting, provider: User, observer: User,
    django_capture_on_commit_callbacks,  # noqa: ANN001
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=meeting, by=meeting.iep.case_manager, invitees=[observer])
    assert {(m.to[0], m.subject.split(":")[0]) for m in mail.outbox} == {
        (provider.email, "Cancelled"), (observer.email, "IEP meeting (Annual review) on Dec 10")
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = meeting_cancel(meeting=meeting, by=meeting.iep.case_manager)
    [email] = mail.outbox
    _cal, event = event_of(email.attachments[0][1])
    assert str(event["status"]) == "CANCELLED"
    assert event["sequence"] == cancelled.sequence == 1


def test_the_calendar_download_is_for_people_who_see_the_student(meeting: Meeting, login) -> None:  # noqa: ANN001
    url = f"/students/{meeting.iep.student_id}/meetings/{meeting.pk}/meeting.ics"
    response = login(meeting.iep.case_manager).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    _cal, event = event_of(response.content)
    assert str(event["uid"]) == event_uid(meeting)
