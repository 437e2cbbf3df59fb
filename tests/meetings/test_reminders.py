"""Meeting follow-ups, family notices for annual reviews, and invitations in the centre."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from meetings.actions import meeting_cancel, meeting_schedule, meeting_update
from meetings.models import FollowUp, Meeting
from meetings.reminders import follow_up_sweep, notice_sweep
from notifications.models import Notification
from notifications.sweeps import run_sweep
from students.models import IEP
from tests import factories as f
from tests.meetings.factories import FollowUpFactory, MeetingFactory

TODAY = dt.date(2026, 11, 18)
D = dt.date


def open_notes(kind: str) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind, resolved_at__isnull=True).order_by("user_id", "pk"))


class TestFollowUps:
    def test_a_follow_up_past_due_reminds_its_owner_once(self, iep: IEP, provider) -> None:  # noqa: ANN001
        meeting = MeetingFactory(iep=iep, date=D(2026, 11, 2))
        FollowUpFactory(meeting=meeting, owner=provider, due_on=D(2026, 11, 16),
                        description="Share the articulation home practice sheet")
        assert run_sweep("meeting_follow_ups", TODAY).created == 1
        assert run_sweep("meeting_follow_ups", TODAY).created == 0
        (note,) = open_notes("follow_up")
        assert note.user == provider
        assert note.title == ("Maya Lopez: meeting follow-up was due Nov 16 — Share the "
                              "articulation home practice sheet")
        assert note.url == f"/students/{iep.student.pk}/meetings/{meeting.pk}/#followups-heading"

    def test_a_follow_up_due_today_is_not_yet_late(self, iep: IEP) -> None:
        FollowUpFactory(meeting=MeetingFactory(iep=iep, date=D(2026, 11, 2)), due_on=TODAY)
        assert run_sweep("meeting_follow_ups", TODAY).created == 0

    def test_marking_it_done_resolves_the_reminder(self, iep: IEP) -> None:
        item = FollowUpFactory(meeting=MeetingFactory(iep=iep, date=D(2026, 11, 2)), due_on=D(2026, 11, 10))
        run_sweep("meeting_follow_ups", TODAY)
        FollowUp.objects.filter(pk=item.pk).update(done_at=timezone.now())
        assert run_sweep("meeting_follow_ups", TODAY).created == 0
        assert open_notes("follow_up") == []


class TestFamilyNotice:
    def test_not_yet_due_well_before_the_lead_time(self, iep: IEP) -> None:
        MeetingFactory(iep=iep, date=D(2026, 12, 10))  # notice due Nov 30
        assert run_sweep("meeting_notices", TODAY).created == 0

    def test_the_case_manager_is_reminded_before_the_notice_is_due(self, iep: IEP, case_manager) -> None:  # noqa: ANN001
        meeting = MeetingFactory(iep=iep, date=D(2026, 11, 30))  # notice due Nov 20
        assert run_sweep("meeting_notices", TODAY).created == 1
        assert run_sweep("meeting_notices", TODAY).created == 0
        (note,) = open_notes("deadline")
        assert (note.user, note.urgent) == (case_manager, False)
        assert note.title == "Maya Lopez: send the family notice for the annual review on Nov 30 by Nov 20"
        assert note.url == f"/students/{iep.student.pk}/meetings/{meeting.pk}/notice/"

    def test_a_late_notice_is_urgent_and_replaces_the_first_reminder(self, iep: IEP) -> None:
        MeetingFactory(iep=iep, date=D(2026, 11, 30))
        run_sweep("meeting_notices", TODAY)
        assert run_sweep("meeting_notices", D(2026, 11, 23)).created == 1
        (note,) = open_notes("deadline")
        assert note.urgent
        assert note.title == ("Maya Lopez: the family notice for the annual review on Nov 30 is late "
                              "(due Nov 20) — send it now or move the meeting")

    def test_recording_the_notice_resolves_the_reminder(self, iep: IEP) -> None:
        meeting = MeetingFactory(iep=iep, date=D(2026, 11, 30))
        run_sweep("meeting_notices", TODAY)
        Meeting.objects.filter(pk=meeting.pk).update(notice_sent_on=TODAY, notice_method="letter")
        assert run_sweep("meeting_notices", TODAY).created == 0
        assert open_notes("deadline") == []

    def test_other_meetings_need_no_annual_review_notice(self, iep: IEP) -> None:
        MeetingFactory(iep=iep, date=D(2026, 11, 30), kind=Meeting.Kind.AMENDMENT)
        assert run_sweep("meeting_notices", TODAY).created == 0


def test_the_meeting_sweeps_run_a_fixed_number_of_queries(
    iep: IEP, school, case_manager, django_assert_num_queries,  # noqa: ANN001
) -> None:
    for size in (1, 8):
        for _ in range(size):
            other = f.IEPFactory(student=f.StudentFactory(school=school), case_manager=case_manager)
            meeting = MeetingFactory(iep=other, date=D(2026, 11, 25))
            FollowUpFactory(meeting=meeting, due_on=D(2026, 11, 17))
        # 1 open follow-ups past due with meetings and students, 2 resolving settled ones.
        with django_assert_num_queries(2):
            assert len(follow_up_sweep(TODAY)) >= size
        # 1 annual-review meetings whose notice is due soon or late, 2 resolving settled ones.
        with django_assert_num_queries(2):
            assert len(notice_sweep(TODAY)) >= size


class TestInvitations:
    def schedule(self, iep: IEP, *invitees) -> Meeting:  # noqa: ANN002
        return meeting_schedule(iep=iep, by=iep.case_manager, kind=Meeting.Kind.ANNUAL_REVIEW,
                                date=D(2026, 12, 10), start_time=dt.time(15, 30),
                                purpose="Annual review", location="Room 114", invitees=invitees)

    def test_scheduling_puts_the_invitation_in_each_invitees_centre(
        self, iep: IEP, provider, gen_ed_teacher,  # noqa: ANN001
    ) -> None:
        meeting = self.schedule(iep, provider, gen_ed_teacher)
        notes = open_notes("meeting")
        assert {n.user_id for n in notes} == {provider.pk, gen_ed_teacher.pk}
        assert notes[0].title == ("Maya Lopez: you are invited to an IEP meeting (annual review) on "
                                  "Thu Dec 10 at 3:30 PM")
        assert notes[0].url == f"/students/{iep.student.pk}/meetings/{meeting.pk}/"

    def test_rescheduling_replaces_the_old_invitation(self, iep: IEP, provider) -> None:  # noqa: ANN001
        meeting = self.schedule(iep, provider)
        meeting_update(meeting=meeting, by=iep.case_manager, date=D(2026, 12, 11))
        (note,) = open_notes("meeting")
        assert note.title == "Maya Lopez: IEP meeting (annual review) moved to Fri Dec 11 at 3:30 PM"
        assert Notification.objects.filter(kind="meeting").count() == 2

    def test_a_change_that_does_not_move_it_tells_only_new_invitees(
        self, iep: IEP, provider, gen_ed_teacher,  # noqa: ANN001
    ) -> None:
        meeting = self.schedule(iep, provider)
        meeting_update(meeting=meeting, by=iep.case_manager, invitees=[provider, gen_ed_teacher],
                       purpose="Annual review and transition")
        assert Notification.objects.filter(kind="meeting", user=provider).count() == 1
        assert Notification.objects.filter(kind="meeting", user=gen_ed_teacher).count() == 1

    def test_dropped_invitees_and_a_cancellation_are_told(self, iep: IEP, provider, gen_ed_teacher) -> None:  # noqa: ANN001
        meeting = self.schedule(iep, provider, gen_ed_teacher)
        meeting_update(meeting=meeting, by=iep.case_manager, invitees=[provider])
        (dropped,) = [n for n in open_notes("meeting") if n.user_id == gen_ed_teacher.pk]
        assert dropped.title == "Maya Lopez: the IEP meeting (annual review) on Thu Dec 10 at 3:30 PM is off for you"
        meeting_cancel(meeting=meeting, by=iep.case_manager)
        titles = {n.user_id: n.title for n in open_notes("meeting")}
        assert titles[provider.pk].endswith("is off for you")

    def test_sending_the_same_invitation_twice_creates_one_notification(self, iep: IEP, provider) -> None:  # noqa: ANN001
        from meetings.reminders import invitation_notices

        meeting = self.schedule(iep, provider)
        assert invitation_notices(meeting=meeting, user_pks=[provider.pk]) == 0
        assert len(open_notes("meeting")) == 1
