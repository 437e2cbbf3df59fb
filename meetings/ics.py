"""Calendar files (iCalendar, RFC 5545) for IEP meetings, built with the icalendar library.

One meeting is one event for its whole life: the UID comes from `Meeting.uid` and never
changes; every reschedule raises `Meeting.sequence`, so calendar programs replace the event
instead of adding a second one, and a cancellation is the same event with STATUS:CANCELLED.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from meetings.models import Meeting

PRODID = "-//IEP Portal//Meetings//EN"


def event_uid(meeting: Meeting) -> str:
    return f"iep-meeting-{meeting.uid}@iep-portal"


def meeting_calendar(meeting: Meeting, *, method: str = "REQUEST") -> bytes:
    """The meeting as a one-event calendar file. `method` is REQUEST, or CANCEL when cancelled.

    Only staff receive it, and it names the student as little as it can: initials and the
    meeting kind; the details are behind sign-in at the link.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    event.add("uid", event_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    student = meeting.iep.student
    initials = f"{student.first_name[:1]}. {student.last_name[:1]}."
    event.add("summary", f"IEP meeting: {meeting.get_kind_display()} ({initials})")
    where = meeting.location or meeting.video_link
    if where:
        event.add("location", where)
    link = settings.SITE_URL + reverse(
        "meetings:meeting_detail", args=[student.pk, meeting.pk]
    )
    event.add("url", link)
    event.add("description", f"Details and the family notice (sign-in required): {link}")
    if meeting.status == Meeting.Status.CANCELLED or method == "CANCEL":
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    organizer = vCalAddress(f"mailto:{meeting.iep.case_manager.email}")
    organizer.params["cn"] = vText(str(meeting.iep.case_manager))
    event.add("organizer", organizer)
    for user in meeting.invitees.all():
        attendee = vCalAddress(f"mailto:{user.email}")
        attendee.params["cn"] = vText(str(user))
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    cal.add_component(event)
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data
