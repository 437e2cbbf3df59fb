"""The lead-time and annual-review warnings, and the proposed annual review date."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings.actions import meeting_notice_record, propose_annual_review_date
from meetings.models import Meeting
from students.models import IEP
from tests import factories as f
from tests.conftest import FROZEN_TODAY
from tests.meetings.factories import MeetingFactory


def test_it_warns_when_the_notice_went_out_later_than_the_lead_time(meeting: Meeting) -> None:
    meeting_notice_record(meeting=meeting, by=meeting.iep.case_manager, sent_on=FROZEN_TODAY, method="letter")
    meeting.date = FROZEN_TODAY + dt.timedelta(days=5)
    warnings = meeting.warnings(FROZEN_TODAY)
    assert any("went out 5 days before" in w and "at least 10" in w for w in warnings)


def test_it_does_not_warn_when_the_notice_left_in_time(meeting: Meeting) -> None:
    meeting_notice_record(meeting=meeting, by=meeting.iep.case_manager, sent_on=FROZEN_TODAY, method="email")
    assert meeting.date - FROZEN_TODAY >= dt.timedelta(days=10)
    assert meeting.warnings(FROZEN_TODAY) == []


def test_it_warns_when_an_unsent_notice_can_no_longer_make_the_lead_time(iep: IEP) -> None:
    soon = MeetingFactory(iep=iep, date=FROZEN_TODAY + dt.timedelta(days=6))
    assert any("notice is late" in w for w in soon.warnings(FROZEN_TODAY))
    later = MeetingFactory(iep=iep, date=FROZEN_TODAY + dt.timedelta(days=10))
    assert later.warnings(FROZEN_TODAY) == []


def test_the_lead_time_is_a_district_setting(meeting: Meeting, settings: object) -> None:
    settings.IEP_MEETING_NOTICE_LEAD_DAYS = 30  # type: ignore[attr-defined]
    assert any("notice is late" in w for w in meeting.warnings(FROZEN_TODAY))
    assert meeting.notice_due_by == meeting.date - dt.timedelta(days=30)


def test_it_warns_when_an_annual_review_is_after_its_deadline(iep: IEP) -> None:
    late = MeetingFactory(iep=iep, date=iep.annual_review_due + dt.timedelta(days=1))
    assert any("after the annual review deadline" in w for w in late.warnings(FROZEN_TODAY))
    on_time = MeetingFactory(iep=iep, date=iep.annual_review_due)
    assert not any("deadline" in w for w in on_time.warnings(FROZEN_TODAY))


def test_an_amendment_after_the_annual_review_deadline_is_not_warned_about(iep: IEP) -> None:
    amendment = MeetingFactory(
        iep=iep, kind=Meeting.Kind.AMENDMENT, date=iep.annual_review_due + dt.timedelta(days=3)
    )
    assert not any("deadline" in w for w in amendment.warnings(FROZEN_TODAY))


def test_it_proposes_a_school_day_before_the_annual_review_deadline(iep: IEP, settings: object) -> None:
    settings.IEP_ANNUAL_REVIEW_PROPOSE_DAYS_BEFORE = 21  # type: ignore[attr-defined]
    iep.annual_review_due = dt.date(2027, 4, 19)  # a Monday; 21 days before is Monday Mar 29
    f.ClosureFactory(
        calendar=iep.student.school.calendars.get(), date=dt.date(2027, 3, 29), reason="Spring break"
    )
    proposed = propose_annual_review_date(iep=iep, today=FROZEN_TODAY)
    assert proposed == dt.date(2027, 3, 26)  # the Friday before the closure
    assert proposed < iep.annual_review_due


def test_a_deadline_close_at_hand_is_proposed_after_the_notice_lead_time(iep: IEP) -> None:
    iep.annual_review_due = FROZEN_TODAY + dt.timedelta(days=20)  # Tue Dec 8
    proposed = propose_annual_review_date(iep=iep, today=FROZEN_TODAY)
    assert FROZEN_TODAY + dt.timedelta(days=10) <= proposed <= iep.annual_review_due
    assert proposed.weekday() < 5


@pytest.mark.parametrize("kind", ["annual_review"])
def test_the_schedule_page_offers_the_proposed_date(kind: str, iep: IEP, login) -> None:  # noqa: ANN001
    client = login(iep.case_manager)
    response = client.get(f"/students/{iep.student_id}/meetings/new/?kind={kind}", follow=True)
    assert response.status_code == 200
    proposed = propose_annual_review_date(iep=iep, today=FROZEN_TODAY)
    assert response.context["form"].initial["date"] == proposed
    assert b"Suggested date" in response.content
