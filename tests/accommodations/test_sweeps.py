"""Missing check-offs and unacknowledged IEP changes: the teacher first, then the case manager."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accommodations.models import Acknowledgement, ImplementationCheck, Support
from accommodations.reminders import acknowledgements_sweep, checks_sweep
from notifications.models import Notification
from notifications.sweeps import run_sweep
from students.models import IEP, TeamMember
from tests import factories as f
from tests.accommodations.factories import SupportFactory
from tests.factories import ClosureFactory

TODAY = dt.date(2026, 11, 18)  # Wednesday; the last three school days are Nov 13, 16, 17
D = dt.date


def open_notes(kind: str) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind, resolved_at__isnull=True).order_by("user_id", "pk"))


def check(support: Support, section, day: dt.date, outcome: str = "provided") -> None:  # noqa: ANN001
    ImplementationCheck.objects.create(support=support, student=support.iep.student, section=section,
                                       date=day, teacher=section.teacher, outcome=outcome)


class TestChecksMissing:
    @pytest.fixture
    def support(self, iep: IEP) -> Support:
        return SupportFactory(iep=iep, text="Extended time (1.5x)")

    def test_three_class_days_without_check_offs_remind_the_teacher(
        self, support: Support, section, gen_ed_teacher,  # noqa: ANN001
    ) -> None:
        check(support, section, D(2026, 11, 12))
        assert run_sweep("accommodation_checks", TODAY).created == 1
        assert run_sweep("accommodation_checks", TODAY).created == 0  # already sent
        (note,) = open_notes("checks_missing")
        assert note.user == gen_ed_teacher
        assert note.title == ("Maya Lopez: accommodation check-offs missing in Math 6 (2) for the "
                              "last 3 class days — check them off from Fri Nov 13")
        assert note.url == f"/accommodations/my-classes/?section={section.pk}&date=2026-11-13#section-{section.pk}"

    def test_one_checked_day_among_them_is_not_yet_due(self, support: Support, section) -> None:  # noqa: ANN001
        check(support, section, D(2026, 11, 16))
        assert run_sweep("accommodation_checks", TODAY).created == 0

    def test_a_class_checked_in_full_on_its_first_recent_day_is_not_due_and_others_still_are(
        self, support: Support, section, school, case_manager,  # noqa: ANN001
    ) -> None:
        # Maya's checks are made on Nov 13, the first of the three days; Leo, in the same
        # class, has none: only Leo is reminded.
        check(support, section, D(2026, 11, 13))
        leo = f.StudentFactory(school=school, first_name="Leo", last_name="Reyes")
        f.EnrollmentFactory(student=leo, section=section)
        SupportFactory(iep=f.IEPFactory(student=leo, case_manager=case_manager), text="Breaks")
        assert run_sweep("accommodation_checks", TODAY).created == 1
        (note,) = open_notes("checks_missing")
        assert note.student_id == leo.pk

    def test_a_not_provided_check_is_still_a_check(self, support: Support, section) -> None:  # noqa: ANN001
        check(support, section, D(2026, 11, 17), outcome="not_provided")
        assert run_sweep("accommodation_checks", TODAY).created == 0

    def test_closures_do_not_count_as_class_days(self, support: Support, section, calendar) -> None:  # noqa: ANN001
        check(support, section, D(2026, 11, 12))
        ClosureFactory(calendar=calendar, date=D(2026, 11, 16), reason="Teacher workday")
        # The last three school days are now Nov 12, 13 and 17, and Nov 12 was checked.
        assert run_sweep("accommodation_checks", TODAY).created == 0

    def test_as_needed_supports_expect_no_check_offs(self, iep: IEP, section) -> None:  # noqa: ANN001
        SupportFactory(iep=iep, frequency=Support.Frequency.AS_NEEDED)
        assert run_sweep("accommodation_checks", TODAY).created == 0

    def test_catching_up_resolves_the_reminder(self, support: Support, section) -> None:  # noqa: ANN001
        run_sweep("accommodation_checks", TODAY)
        check(support, section, D(2026, 11, 17))
        assert run_sweep("accommodation_checks", TODAY).created == 0
        assert open_notes("checks_missing") == []


def test_the_checks_sweep_runs_a_fixed_number_of_queries(
    iep: IEP, school, section, case_manager, django_assert_num_queries,  # noqa: ANN001
) -> None:
    SupportFactory(iep=iep)
    students = 1
    for size in (1, 8):
        students += size
        for _ in range(size):
            other = f.IEPFactory(student=f.StudentFactory(school=school), case_manager=case_manager)
            f.EnrollmentFactory(student=other.student, section=section)
            SupportFactory(iep=other)
        # 1 supports, 2 enrollments, 3 their classes, 4-10 the days each class meets
        # (meetings_for: sections, calendars, closures, day patterns, anchors, overrides,
        # meetings), 11-12 assessments (recorded, windows), 13 checks, 14 the students
        # reminded of, 15 resolving settled reminders.
        with django_assert_num_queries(15):
            assert len(checks_sweep(TODAY)) == students


class TestUnacknowledged:
    def changed(self, iep: IEP, days_ago: int) -> Support:
        return SupportFactory(iep=iep, changed_at=timezone.now() - dt.timedelta(days=days_ago))

    def test_not_yet_due_before_the_first_threshold(self, iep: IEP, section) -> None:  # noqa: ANN001
        self.changed(iep, 4)
        assert run_sweep("acknowledgements", TODAY).created == 0

    def test_after_five_days_the_teacher_and_provider_hear(
        self, iep: IEP, section, gen_ed_teacher, provider, case_manager,  # noqa: ANN001
    ) -> None:
        TeamMember.objects.filter(iep=iep, user=provider).update(added_at=timezone.now() - dt.timedelta(days=60))
        self.changed(iep, 6)
        assert run_sweep("acknowledgements", TODAY).created == 2
        assert run_sweep("acknowledgements", TODAY).created == 0
        notes = open_notes("unacknowledged")
        assert {n.user_id for n in notes} == {gen_ed_teacher.pk, provider.pk}
        note = next(n for n in notes if n.user_id == gen_ed_teacher.pk)
        assert note.title == ("Maya Lopez: IEP supports changed on Nov 12 — read the supports and "
                              "acknowledge them")
        assert note.url == f"/accommodations/students/{iep.student.pk}/glance/"

    def test_after_ten_days_the_case_manager_hears_too(
        self, iep: IEP, section, gen_ed_teacher, provider, case_manager,  # noqa: ANN001
    ) -> None:
        Acknowledgement.objects.create(iep=iep, user=provider)  # the provider is done
        self.changed(iep, 11)
        Acknowledgement.objects.filter(user=provider).update(acknowledged_at=timezone.now())
        run_sweep("acknowledgements", TODAY)
        notes = open_notes("unacknowledged")
        assert {n.user_id for n in notes} == {gen_ed_teacher.pk, case_manager.pk}
        note = next(n for n in notes if n.user_id == case_manager.pk)
        assert note.title == f"Maya Lopez: {gen_ed_teacher} has not acknowledged the IEP supports (11 days)"
        assert note.url == f"/accommodations/students/{iep.student.pk}/"

    def test_acknowledging_resolves_both_reminders(
        self, iep: IEP, section, gen_ed_teacher, provider,  # noqa: ANN001
    ) -> None:
        self.changed(iep, 11)
        run_sweep("acknowledgements", TODAY)
        Acknowledgement.objects.create(iep=iep, user=gen_ed_teacher)
        Acknowledgement.objects.create(iep=iep, user=provider)
        assert run_sweep("acknowledgements", TODAY).created == 0
        assert open_notes("unacknowledged") == []


def test_the_acknowledgements_sweep_runs_a_fixed_number_of_queries(
    iep: IEP, school, section, case_manager, django_assert_num_queries,  # noqa: ANN001
) -> None:
    for size in (1, 8):
        for _ in range(size):
            other = f.IEPFactory(student=f.StudentFactory(school=school), case_manager=case_manager)
            f.EnrollmentFactory(student=other.student, section=section)
            SupportFactory(iep=other, changed_at=timezone.now() - dt.timedelta(days=12))
        # 1 IEPs with students, 2 supports, 3 team members, 4 enrollments, 5 the people who
        # owe, 6 latest acknowledgements (outstanding_acknowledgements); 7 resolving settled
        # reminders.
        with django_assert_num_queries(7):
            assert len(acknowledgements_sweep(TODAY)) >= 2 * size


class TestChecksMissingOnARotation:
    """Monday Nov 16 is an A day: the class meeting on A days met on Nov 10, 12 and 16 (its
    last three meetings); Nov 13 and 17 were B days, when it did not meet."""

    @pytest.fixture
    def a_day_class(self, iep: IEP, school, calendar, section):  # noqa: ANN001, ANN201
        from schedules.models import DayPattern, Period, RotationAnchor, SectionMeeting

        DayPattern.objects.create(school=school, kind=DayPattern.Kind.ROTATION, letters=["A", "B"])
        RotationAnchor.objects.create(calendar=calendar, day=D(2026, 11, 16), letter="A")
        period = Period.objects.create(school=school, name="2", start_time=dt.time(9, 0),
                                       end_time=dt.time(9, 50))
        SectionMeeting.objects.create(section=section, period=period, letters=["A"])
        return section

    def test_no_reminder_for_days_the_class_did_not_meet(self, iep: IEP, a_day_class) -> None:  # noqa: ANN001
        support = SupportFactory(iep=iep)
        # Checked at its Nov 10 meeting; nothing on Nov 13 or 17, when it did not meet.
        check(support, a_day_class, D(2026, 11, 10))
        assert run_sweep("accommodation_checks", TODAY).created == 0

    def test_the_reminder_names_the_classs_own_last_meetings(self, iep: IEP, a_day_class) -> None:  # noqa: ANN001
        SupportFactory(iep=iep)
        assert run_sweep("accommodation_checks", TODAY).created == 1
        (note,) = open_notes("checks_missing")
        assert note.title.endswith("for the last 3 class days — check them off from Tue Nov 10")
        assert "date=2026-11-10" in note.url
