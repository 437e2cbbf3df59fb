"""Minutes behind pace and minutes owed: who hears, when, once a week, and until it is fixed."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from notifications.models import Notification, OutboxMessage
from notifications.sweeps import run_sweep
from services.actions import service_sessions_log
from services.models import ServiceRequirement, ServiceSession
from services.reminders import minutes_sweep
from services.tasks import sessions_logged
from students.models import TeamMember
from tests import factories as f
from tests.services.conftest import deliver_through
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

TODAY = dt.date(2026, 11, 18)  # a Wednesday
THURSDAY = dt.date(2026, 11, 19)
D = dt.date


def behind(user_id: int | None = None) -> list[Notification]:
    rows = Notification.objects.filter(kind="minutes_behind").order_by("pk")
    return list(rows.filter(user_id=user_id) if user_id else rows)


def recipients(kind: str = "minutes_behind") -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("user_id", flat=True))


class TestBehind:
    def test_a_service_on_pace_reminds_nobody(self, speech: ServiceRequirement) -> None:
        deliver_through(speech, D(2026, 11, 15))
        ServiceSessionFactory(requirement=speech, date=D(2026, 11, 16), minutes=30)
        assert run_sweep("minutes", TODAY).created == 0

    def test_falling_behind_this_week_tells_the_provider_the_sessions_left_this_week(
        self, speech: ServiceRequirement, provider,  # noqa: ANN001
    ) -> None:
        deliver_through(speech, D(2026, 11, 15))  # on pace at the weekend, nothing since
        # Thursday's sweep counts through Wednesday (today is in progress): 3 days x 12 min.
        assert run_sweep("minutes", THURSDAY).created == 1
        (note,) = behind()
        assert note.user == provider
        # The pace (this week's sessions by the schedule) and the owed backlog, apart.
        assert note.title == ("Maya Lopez: speech-language minutes behind pace (36 min short) — "
                              "this week: 2 sessions left, by Friday")
        assert note.body == ("Expected so far: 624 minutes; delivered: 588. This week: 2 sessions "
                             "left; owed: nothing.")
        assert note.url == f"/services/log/?requirement={speech.pk}"
        assert not note.urgent

    def test_the_same_week_never_reminds_twice_and_the_next_week_does(
        self, speech: ServiceRequirement,
    ) -> None:
        deliver_through(speech, D(2026, 11, 15))
        assert run_sweep("minutes", THURSDAY).created == 1
        assert run_sweep("minutes", THURSDAY).created == 0
        assert run_sweep("minutes", D(2026, 11, 20)).created == 0  # Friday, same ISO week
        assert run_sweep("minutes", D(2026, 11, 23)).created >= 1  # still behind next Monday

    def test_after_two_weeks_behind_the_case_manager_hears_too(
        self, speech: ServiceRequirement, provider, case_manager, school_admin,  # noqa: ANN001
    ) -> None:
        deliver_through(speech, D(2026, 11, 1))  # the weeks ending Nov 8 and Nov 15 were behind
        run_sweep("minutes", THURSDAY)  # through Wednesday: 13 school days x 12 min = 156
        assert recipients() == {provider.pk, case_manager.pk}
        (note,) = behind(case_manager.pk)
        assert note.title == ("Maya Lopez: speech-language minutes behind pace 2 weeks running "
                              f"(156 min short) — {provider}, this week: 2 sessions left, by Friday")

    def test_three_weeks_behind_is_not_yet_for_the_admin(
        self, speech: ServiceRequirement, provider, case_manager, school_admin,  # noqa: ANN001
    ) -> None:
        deliver_through(speech, D(2026, 10, 25))
        run_sweep("minutes", TODAY)
        assert recipients() == {provider.pk, case_manager.pk}

    def test_after_four_weeks_behind_the_school_admin_hears_too(
        self, speech: ServiceRequirement, provider, case_manager, school_admin, other_school_admin,  # noqa: ANN001
    ) -> None:
        deliver_through(speech, D(2026, 10, 18))
        run_sweep("minutes", TODAY)
        assert recipients() == {provider.pk, case_manager.pk, school_admin.pk}
        (note,) = behind(school_admin.pk)
        # Worded for the administrator, a count per school, opening the lines behind.
        school = speech.iep.student.school
        assert note.title == f"1 service line at {school.name} has been behind pace 4 weeks or more"
        assert note.url == f"/fidelity/students/?dim=school&id={school.pk}&metric=behind&period=4weeks"
        assert "Maya Lopez, speech-language:" in note.body and note.student_id is None

    def test_minutes_delivered_long_before_the_weeks_looked_at_still_count_in_each_of_them(
        self, speech: ServiceRequirement, provider, case_manager, school_admin,  # noqa: ANN001
    ) -> None:
        # On pace through Oct 18 and then nothing, as in the four-weeks case; but 100 extra
        # minutes in September (weeks the sweep sums as one) keep it within a session of its
        # pace through Nov 1: behind only the weeks ending Nov 8 and Nov 15.
        deliver_through(speech, D(2026, 10, 18))
        ServiceSessionFactory(requirement=speech, date=D(2026, 9, 10), minutes=100)
        run_sweep("minutes", TODAY)
        assert recipients() == {provider.pk, case_manager.pk}
        (note,) = behind(case_manager.pk)
        assert "behind pace 2 weeks running" in note.title

    def test_a_week_back_on_pace_restarts_the_count(
        self, speech: ServiceRequirement, provider,  # noqa: ANN001
    ) -> None:
        deliver_through(speech, D(2026, 10, 18))
        deliver_through(speech, D(2026, 11, 8))  # caught up by Nov 8, behind again since
        ServiceSessionFactory(requirement=speech, date=D(2026, 11, 9), minutes=1)
        run_sweep("minutes", TODAY)
        assert recipients() == {provider.pk}

    def test_the_case_manager_who_provides_the_service_hears_once(
        self, iep, case_manager,  # noqa: ANN001
    ) -> None:
        reading = ServiceRequirementFactory(iep=iep, provider=case_manager, area="Reading",
                                            kind=ServiceRequirement.Kind.SDI)
        deliver_through(reading, D(2026, 11, 1))
        run_sweep("minutes", TODAY)
        assert [n.user_id for n in behind()] == [case_manager.pk]

    def test_an_ended_iep_reminds_nobody(self, speech: ServiceRequirement) -> None:
        type(speech.iep).objects.filter(pk=speech.iep.pk).update(status="ended")
        assert run_sweep("minutes", TODAY).created == 0

    def test_logging_the_catch_up_minutes_resolves_the_reminders(
        self, speech: ServiceRequirement, provider,  # noqa: ANN001
    ) -> None:
        deliver_through(speech, D(2026, 11, 1))
        run_sweep("minutes", TODAY)
        service_sessions_log(requirements=[speech], by=provider, date=TODAY, minutes=150,
                             status="delivered", idempotency_key=uuid.uuid4(), certify=True)
        message = OutboxMessage.objects.get()
        assert (message.task, message.args) == ("services.sessions_logged", [speech.pk])
        sessions_logged(*message.args)  # what the worker runs
        assert all(n.resolved_at is not None for n in behind())
        assert run_sweep("minutes", TODAY).created == 0  # and nothing new: it is on pace

    def test_a_session_that_leaves_it_behind_resolves_nothing(
        self, speech: ServiceRequirement, provider,  # noqa: ANN001
    ) -> None:
        deliver_through(speech, D(2026, 11, 1))
        run_sweep("minutes", TODAY)
        service_sessions_log(requirements=[speech], by=provider, date=TODAY, minutes=30,
                             status="delivered", idempotency_key=uuid.uuid4(), certify=True)
        sessions_logged(*OutboxMessage.objects.get().args)
        assert all(n.resolved_at is None for n in behind())


class TestOwed:
    @pytest.fixture
    def on_pace(self, speech: ServiceRequirement) -> ServiceRequirement:
        deliver_through(speech, D(2026, 11, 15))
        ServiceSessionFactory(requirement=speech, date=D(2026, 11, 16), minutes=30)
        return speech

    def test_a_school_caused_miss_not_made_up_after_two_weeks_reminds_provider_and_case_manager(
        self, on_pace: ServiceRequirement, provider, case_manager,  # noqa: ANN001
    ) -> None:
        ServiceSessionFactory(requirement=on_pace, date=D(2026, 10, 30), minutes=30,
                              status=ServiceSession.Status.PROVIDER_ABSENT)
        assert run_sweep("minutes", TODAY).created == 2
        assert run_sweep("minutes", TODAY).created == 0
        assert recipients("minutes_owed") == {provider.pk, case_manager.pk}
        note = Notification.objects.filter(kind="minutes_owed").first()
        assert note.title == ("Maya Lopez, speech-language: owed: 1 makeup session of 30 min (30 min), "
                              "0 planned — plan the makeups")
        assert note.body.startswith("Sessions the school missed before Nov 4 are not made up yet.")
        assert note.url == f"/makeups/line/{on_pace.pk}/"

    def test_a_recent_miss_is_not_yet_due(self, on_pace: ServiceRequirement) -> None:
        ServiceSessionFactory(requirement=on_pace, date=D(2026, 11, 10), minutes=30,
                              status=ServiceSession.Status.SCHOOL_CANCELLED, reason="Assembly")
        assert run_sweep("minutes", TODAY).created == 0

    def test_a_student_absence_is_not_owed(self, on_pace: ServiceRequirement) -> None:
        ServiceSessionFactory(requirement=on_pace, date=D(2026, 10, 30), minutes=30,
                              status=ServiceSession.Status.STUDENT_ABSENT)
        assert run_sweep("minutes", TODAY).created == 0

    def test_a_makeup_settles_what_is_owed(self, on_pace: ServiceRequirement, provider) -> None:  # noqa: ANN001
        missed = ServiceSessionFactory(requirement=on_pace, date=D(2026, 10, 30), minutes=30,
                                       status=ServiceSession.Status.PROVIDER_ABSENT)
        run_sweep("minutes", TODAY)
        service_sessions_log(requirements=[on_pace], by=provider, date=TODAY, minutes=30,
                             status="makeup", idempotency_key=uuid.uuid4(), certify=True,
                             makes_up=[missed])
        sessions_logged(*OutboxMessage.objects.get().args)
        assert all(n.resolved_at is not None for n in Notification.objects.filter(kind="minutes_owed"))
        assert run_sweep("minutes", TODAY).created == 0


def test_the_sweep_runs_a_fixed_number_of_queries(
    speech: ServiceRequirement, school, case_manager, provider, school_admin,  # noqa: ANN001
    django_assert_num_queries,  # noqa: ANN001
) -> None:
    for size in (1, 8):
        for _ in range(size):
            iep = f.IEPFactory(student=f.StudentFactory(school=school), case_manager=case_manager)
            f.TeamMemberFactory(iep=iep, user=provider, role=TeamMember.Role.PROVIDER)
            requirement = ServiceRequirementFactory(iep=iep, provider=provider)
            ServiceSessionFactory(requirement=requirement, date=D(2026, 10, 1), minutes=30,
                                  status=ServiceSession.Status.PROVIDER_ABSENT)
        # 1 services with IEP, student, provider; 2 calendars; 3 closures; 4 minutes by status
        # (ledgers_for); 5 calendars and 6 closures for the weekly history; 7 minutes by service,
        # status, week and age; 8 school administrators; 9 sessions held this week and 10
        # planned makeups (outlooks_for; their makeup sessions too once any is planned); 11 the
        # names of the schools whose administrators hear of lines behind four weeks or more.
        with django_assert_num_queries(11):
            assert len(minutes_sweep(TODAY)) >= 3 * size


def test_on_a_weekend_no_school_day_is_left_this_week(speech: ServiceRequirement) -> None:
    deliver_through(speech, D(2026, 11, 1))
    run_sweep("minutes", D(2026, 11, 21))  # Saturday
    (note, *_) = behind()
    assert note.title.endswith("— this week: no school days left")
