"""Follow-ups show on their owner's My day until marked done."""

from __future__ import annotations

import datetime as dt

import pytest

from iep_portal.models import User
from meetings.actions import follow_up_add
from meetings.models import FollowUp, Meeting
from meetings.views import my_day_panel
from tests.conftest import FROZEN_TODAY
from tests.meetings.factories import FollowUpFactory, MeetingFactory


def test_a_follow_up_appears_on_its_owners_my_day_and_goes_when_done(
    past_meeting: Meeting, provider: User, login,  # noqa: ANN001
) -> None:
    follow_up = follow_up_add(meeting=past_meeting, by=past_meeting.iep.case_manager, owner=provider,
                              description="Share the articulation home plan",
                              due_on=dt.date(2026, 11, 25))
    client = login(provider)
    assert b"Share the articulation home plan" in client.get("/").content

    url = f"/students/{past_meeting.iep.student_id}/follow-ups/{follow_up.pk}/done/"
    response = client.post(url, {"next": "home"})
    assert response.status_code == 302 and response["Location"] == "/"
    follow_up.refresh_from_db()
    assert follow_up.is_done and follow_up.done_by == provider
    page = client.get("/")
    assert b"Done: Share the articulation home plan" in page.content  # the confirmation
    assert b"Share the articulation home plan" not in client.get("/").content


def test_someone_elses_follow_up_is_not_on_my_day(past_meeting: Meeting, provider: User, login) -> None:  # noqa: ANN001
    FollowUpFactory(meeting=past_meeting, owner=past_meeting.iep.case_manager,
                    description="Case manager task")
    assert b"Case manager task" not in login(provider).get("/").content
    assert b"Case manager task" in login(past_meeting.iep.case_manager).get("/").content


def test_only_the_owner_or_the_case_manager_can_close_a_follow_up(
    past_meeting: Meeting, provider: User, observer: User, login,  # noqa: ANN001
) -> None:
    follow_up = FollowUpFactory(meeting=past_meeting, owner=provider)
    url = f"/students/{past_meeting.iep.student_id}/follow-ups/{follow_up.pk}/done/"
    assert login(observer).post(url).status_code == 403
    assert login(past_meeting.iep.case_manager).post(url).status_code == 302
    assert FollowUp.objects.get(pk=follow_up.pk).done_by == past_meeting.iep.case_manager


def test_a_follow_up_owner_must_be_on_the_team(past_meeting: Meeting, outsider: User) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="not on this student's team"):
        follow_up_add(meeting=past_meeting, by=past_meeting.iep.case_manager, owner=outsider,
                      description="x", due_on=dt.date(2026, 11, 25))


def test_my_day_lists_my_upcoming_meetings(meeting: Meeting, provider: User, observer: User) -> None:
    panel = my_day_panel(provider, FROZEN_TODAY, [])
    assert panel is not None and panel["meetings"] == [meeting]
    assert my_day_panel(observer, FROZEN_TODAY, []) is None  # not invited


@pytest.mark.parametrize("n", [1, 8])
def test_the_my_day_panel_runs_two_queries(
    n: int, iep, provider: User, django_assert_num_queries,  # noqa: ANN001
) -> None:
    for i in range(n):
        m = MeetingFactory(iep=iep, date=dt.date(2026, 12, 1 + i), invitees=[provider])
        FollowUpFactory(meeting=m, owner=provider)
    # upcoming meetings with students (1), open follow-ups with meeting and student (1).
    with django_assert_num_queries(2):
        panel = my_day_panel(provider, FROZEN_TODAY, [])
    assert panel is not None and len(panel["meetings"]) == n and len(panel["follow_ups"]) == n
