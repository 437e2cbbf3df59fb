from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

from django.urls import reverse

from families.models import Guardian
from meetings.models import Meeting
from tests.progress.factories import GoalFactory, ProgressReportFactory
from tests.url_access import SEES_STUDENT, Rule

# The case manager and the administrators keep the family's records and invite guardians.
MANAGERS = frozenset({"case_manager", "school_admin", "district_admin"})
# Who logs a family contact: the relationship's `contact_family` (students.access).
CONTACTS = frozenset({"case_manager", "gen_ed_teacher", "provider"})
GUARDIAN = frozenset({"guardian"})


def keyed(url: str) -> str:
    return f"{url}?k={uuid.uuid4()}"


def _row(w: SimpleNamespace) -> int:
    return Guardian.objects.get(user=w.guardian).pk


def _sent_report(w: SimpleNamespace) -> None:
    goal = GoalFactory(iep=w.iep, collectors=[w.case_manager])
    ProgressReportFactory(goal=goal, sent_on=dt.date(2026, 11, 17), sent_how="email", sent_language="es")


def _meeting(w: SimpleNamespace) -> None:
    from tests.meetings.factories import MeetingFactory

    w.meeting = MeetingFactory(iep=w.iep, invitees=[w.provider])
    Meeting.objects.filter(pk=w.meeting.pk).update(notice_sent_on=dt.date(2026, 11, 16), notice_method="letter")


URL_ACCESS = {
    # Staff pages: the record's readers; changes by its managers.
    "families:guardians": Rule(url=lambda w: reverse("families:guardians", args=[w.student.pk]), ok=SEES_STUDENT),
    "families:guardian_add": Rule(
        url=lambda w: keyed(reverse("families:guardian_add", args=[w.student.pk])), ok=MANAGERS,
        forbidden=SEES_STUDENT - MANAGERS),
    "families:guardian_edit": Rule(
        url=lambda w: reverse("families:guardian_edit", args=[_row(w)]), ok=MANAGERS,
        forbidden=SEES_STUDENT - MANAGERS),
    "families:guardian_invite": Rule(
        url=lambda w: reverse("families:guardian_invite", args=[_row(w)]), method="post", ok=MANAGERS,
        forbidden=SEES_STUDENT - MANAGERS),
    "families:contact_add": Rule(
        url=lambda w: keyed(reverse("families:contact_add", args=[w.student.pk])), ok=CONTACTS,
        forbidden=SEES_STUDENT - CONTACTS),
    # The family portal: the guardian alone; every member of staff gets 404 there.
    "families:portal": Rule(url=lambda w: reverse("families:portal"), ok=GUARDIAN),
    "families:child": Rule(url=lambda w: reverse("families:child", args=[w.student.pk]), ok=GUARDIAN),
    "families:report": Rule(url=lambda w: reverse("families:report", args=[w.student.pk, 2]), ok=GUARDIAN,
                            setup=_sent_report),
    "families:meeting_ics": Rule(
        url=lambda w: reverse("families:meeting_ics", args=[w.student.pk, w.meeting.pk]), ok=GUARDIAN,
        setup=_meeting),
    "families:message": Rule(
        url=lambda w: reverse("families:message", args=[w.student.pk]), method="post", ok=GUARDIAN,
        data=lambda w: {"k": str(uuid.uuid4()), "subject": "Homework", "body": "Is there homework in math?"}),
}
