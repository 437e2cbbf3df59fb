"""The benchmark district's generated history is consistent with the models' rules."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from accommodations.models import Acknowledgement, ImplementationCheck, Support
from meetings.models import ConsentRecord, Meeting
from progress.models import DataPoint, DataRequest, Goal, ProgressReport
from services import ledger
from services.models import ServiceRequirement, ServiceSession
from students.models import IEP, Enrollment, TeamMember
from students.school_days import school_days_for


@pytest.fixture
def district(db: None) -> str:
    out = StringIO()
    call_command("seed_district", students=40, seed=11, stdout=out)
    return out.getvalue()


def test_it_prints_what_it_made(district: str) -> None:
    for label in ("service sessions", "implementation checks", "data points", "meetings"):
        assert label in district


def test_each_iep_has_two_to_four_services_goals_and_four_to_eight_supports(district: str) -> None:
    for iep in IEP.objects.filter(kind=IEP.Kind.IEP):
        assert 2 <= iep.service_requirements.count() <= 4
        assert 2 <= iep.goals.count() <= 4
        # The plan's own supports (a behavior plan's strategies are supports too).
        assert 4 <= iep.supports.exclude(source=Support.Source.BEHAVIOR_PLAN).count() <= 8


def test_each_504_plan_has_supports_checked_off_and_acknowledged_but_no_services_or_goals(district: str) -> None:
    plans = IEP.objects.filter(kind=IEP.Kind.SECTION_504)
    assert plans.count() == 40
    for plan in plans:
        # The plan's own supports (a behavior plan's strategies are supports too).
        assert 4 <= plan.supports.exclude(source=Support.Source.BEHAVIOR_PLAN).count() <= 8
        assert not plan.service_requirements.exists() and not plan.goals.exists() and not plan.meetings.exists()
    assert ImplementationCheck.objects.filter(support__iep__kind=IEP.Kind.SECTION_504).count() > 40 * 10
    assert Acknowledgement.objects.filter(iep__kind=IEP.Kind.SECTION_504).exists()


def test_services_are_provided_by_the_case_manager_or_a_provider_on_the_team(district: str) -> None:
    on_team = TeamMember.objects.filter(iep=OuterRef("iep"), user=OuterRef("provider"),
                                        role=TeamMember.Role.PROVIDER)
    stray = ServiceRequirement.objects.exclude(provider=F("iep__case_manager")).exclude(Exists(on_team))
    assert not stray.exists()


def test_sessions_fall_on_instructional_days_inside_their_requirement_before_today(district: str) -> None:
    sessions = ServiceSession.objects.select_related("requirement", "student")
    assert sessions.count() > 40 * 10
    days = school_days_for({s.student.school_id for s in sessions})
    today = timezone.localdate()
    for s in sessions:
        assert s.student_id == s.requirement.iep.student_id
        assert s.requirement.start_date <= s.date <= s.requirement.end_date
        assert s.date < today
        assert days[s.student.school_id].is_instructional(s.date), s.date


def test_session_log_has_misses_makeups_and_valid_corrections(district: str) -> None:
    statuses = set(ServiceSession.objects.values_list("status", flat=True))
    assert ledger.DELIVERED in statuses and ledger.MAKEUP in statuses
    assert statuses & ledger.SCHOOL_CAUSED and statuses & ledger.STUDENT_CAUSED
    # Every row is certified, but one entered for its provider, which waits for them;
    # amendments point at an original of the same service.
    uncertified = ServiceSession.objects.filter(certified_at__isnull=True)
    assert not uncertified.filter(on_behalf_of__isnull=True).exists()
    assert not uncertified.exclude(on_behalf_of=F("requirement__provider")).exists()
    corrections = ServiceSession.objects.exclude(entry=ServiceSession.Entry.LOG)
    assert corrections.exists()
    for row in corrections.select_related("amends"):
        assert row.amends.requirement_id == row.requirement_id and row.amendment_reason
    # A makeup follows the session it makes up.
    for makeup in ServiceSession.objects.filter(status=ledger.MAKEUP).prefetch_related("makes_up"):
        assert all(missed.date < makeup.date and missed.status in ledger.MISSED_STATUSES
                   for missed in makeup.makes_up.all())
    assert ServiceSession.makes_up.through.objects.exists()


def test_checks_are_only_for_enrolled_students_and_supports_of_their_iep(district: str) -> None:
    assert ImplementationCheck.objects.count() > 40 * 20
    enrolled = Enrollment.objects.filter(student=OuterRef("student"), section=OuterRef("section"))
    assert not ImplementationCheck.objects.exclude(Exists(enrolled)).exists()
    assert not ImplementationCheck.objects.exclude(support__iep__student=F("student")).exists()
    assert not ImplementationCheck.objects.exclude(teacher=F("section__teacher")).exists()
    assert not ImplementationCheck.objects.filter(date__lt=F("support__start_date")).exists()
    for check in ImplementationCheck.objects.select_related("support", "section").filter(
            support__scope=Support.Scope.SUBJECTS):
        assert check.support.applies_to(check.section.subject)
    # Gaps: not every (support, section, day) was checked.
    assert ImplementationCheck.objects.exclude(outcome="provided").exists()


def test_data_points_requests_and_reports_fit_their_goals(district: str) -> None:
    assert DataPoint.objects.count() > 40 * 2 * 5
    bad_percent = Q(goal__measure__in=["percent", "trials"], value__gt=100)
    assert not DataPoint.objects.filter(bad_percent).exists()
    assert not DataPoint.objects.filter(goal__measure="rubric", value__gt=F("goal__rubric_max")).exists()
    assert not DataPoint.objects.filter(date__lt=F("goal__baseline_date")).exists()
    assert Goal.objects.filter(collector_rows__isnull=True).count() == 0
    assert not DataRequest.objects.exclude(goal__iep__team_members__user=F("teacher")).exists()
    for report in ProgressReport.objects.all():
        assert report.data_summary["baseline"] is not None


def test_meetings_are_held_before_their_iep_with_notice_and_consents_on_file(district: str) -> None:
    held = Meeting.objects.filter(status=Meeting.Status.HELD)
    assert held.count() == 40
    assert not held.filter(notice_sent_on__gt=F("date")).exists()
    assert not held.filter(date__gt=F("iep__start_date")).exists()
    assert 30 <= ConsentRecord.objects.count() < 40
