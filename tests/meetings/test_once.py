"""A meeting, a follow-up, a consent and a transition plan are saved once per filled-in form;
the same meeting saved again from another tab is refused; the team is invited once."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core import mail

from iep_portal.models import User
from meetings.actions import AlreadyScheduled, meeting_invitations_send, meeting_schedule
from meetings.models import ConsentRecord, FollowUp, Meeting, MeetingInvitationSent, TransitionPlan
from students.models import IEP
from tests.meetings.test_views import schedule_data


def _url(iep: IEP, key: uuid.UUID | str) -> str:
    return f"/students/{iep.student_id}/meetings/new/?k={key}"


def test_the_schedule_page_gets_its_key_in_its_address(iep: IEP, login) -> None:  # noqa: ANN001
    response = login(iep.case_manager).get(f"/students/{iep.student_id}/meetings/new/")
    assert response.status_code == 302 and "k=" in response["Location"]


def test_back_then_save_schedules_once_and_invites_once(
    iep: IEP,
    provider: User,
    login,
    django_capture_on_commit_callbacks,  # noqa: ANN001
) -> None:
    client = login(iep.case_manager)
    url = _url(iep, uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, schedule_data(invitees=[provider.pk])).status_code == 302
        again = client.post(url, schedule_data(invitees=[provider.pk]))
    meeting = Meeting.objects.get(iep=iep)
    body = again.content.decode()
    assert "Already saved" in body and f"/meetings/{meeting.pk}/" in body
    assert [m.to for m in mail.outbox] == [[provider.email]]


def test_a_second_tab_is_told_it_is_already_scheduled_with_a_link(
    iep: IEP,
    provider: User,
    login,  # noqa: ANN001
) -> None:
    client = login(iep.case_manager)
    client.post(_url(iep, uuid.uuid4()), schedule_data(invitees=[provider.pk]))
    second = client.post(_url(iep, uuid.uuid4()), schedule_data(invitees=[provider.pk], start_time="16:00"))
    meeting = Meeting.objects.get(iep=iep)
    body = second.content.decode()
    assert "already scheduled" in body
    assert f'href="/students/{iep.student_id}/meetings/{meeting.pk}/"' in body
    assert 'value="16:00"' in body  # what was typed is kept


def test_a_cancelled_meeting_does_not_block_a_new_one_that_day(iep: IEP, provider: User) -> None:
    fields = {
        "kind": "annual_review",
        "date": dt.date(2026, 12, 15),
        "start_time": dt.time(15, 30),
        "purpose": "Review",
        "location": "Room 114",
        "invitees": [provider],
    }
    first = meeting_schedule(iep=iep, by=iep.case_manager, **fields)  # type: ignore[arg-type]
    with pytest.raises(AlreadyScheduled) as refused:
        meeting_schedule(iep=iep, by=iep.case_manager, **fields)  # type: ignore[arg-type]
    assert refused.value.meeting == first
    Meeting.objects.filter(pk=first.pk).update(status=Meeting.Status.CANCELLED)
    assert meeting_schedule(iep=iep, by=iep.case_manager, **fields).pk != first.pk  # type: ignore[arg-type]


def test_sending_the_invitations_twice_emails_each_invitee_once(meeting: Meeting, provider: User) -> None:
    assert meeting_invitations_send(meeting_pk=meeting.pk) == 1
    assert meeting_invitations_send(meeting_pk=meeting.pk) == 0
    assert len(mail.outbox) == 1
    assert MeetingInvitationSent.objects.filter(meeting=meeting, user=provider).count() == 1
    # A moved meeting (a new sequence) is a new email; a cancellation is one more.
    Meeting.objects.filter(pk=meeting.pk).update(sequence=1)
    assert meeting_invitations_send(meeting_pk=meeting.pk) == 1
    assert meeting_invitations_send(meeting_pk=meeting.pk, method="CANCEL") == 1
    assert meeting_invitations_send(meeting_pk=meeting.pk, method="CANCEL") == 0
    assert len(mail.outbox) == 3


def test_a_follow_up_is_added_once_per_form(meeting: Meeting, provider: User, login) -> None:  # noqa: ANN001
    client = login(meeting.iep.case_manager)
    url = f"/students/{meeting.iep.student_id}/meetings/{meeting.pk}/follow-ups/"
    data = {
        "k": str(uuid.uuid4()),
        "owner": provider.pk,
        "description": "Send the final IEP",
        "due_on": "2026-12-20",
    }
    assert client.post(url, data).status_code == 302
    assert "Already saved" in client.post(url, data).content.decode()
    assert FollowUp.objects.count() == 1


def test_consent_and_transition_plan_are_recorded_once_per_form(iep: IEP, login) -> None:  # noqa: ANN001
    client = login(iep.case_manager)
    consent = {
        "k": str(uuid.uuid4()),
        "consent-kind": "services",
        "consent-received_on": "2026-11-10",
        "consent-given_by": "Ana Lopez",
    }
    url = f"/students/{iep.student_id}/consent/"
    assert client.post(url, consent).status_code == 302
    again = client.post(url, consent).content.decode()
    assert "Already saved" in again and "Ana Lopez" in again
    assert ConsentRecord.objects.count() == 1
    plan = {"k": str(uuid.uuid4()), "plan-completed_on": "2026-11-10", "plan-summary": "Work study"}
    url = f"/students/{iep.student_id}/transition-plan/"
    assert client.post(url, plan).status_code == 302
    assert "Already saved" in client.post(url, plan).content.decode()
    assert TransitionPlan.objects.count() == 1


def test_the_embedded_forms_carry_a_key_each(iep: IEP, login) -> None:  # noqa: ANN001
    body = login(iep.case_manager).get(f"/students/{iep.student_id}/meetings/").content.decode()
    assert body.count('name="k"') == 2
