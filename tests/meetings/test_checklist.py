"""The documentation checklist is computed from what is on file, not ticked by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iep_portal.models import User
from meetings.actions import AttendanceRow, meeting_attendance_record
from meetings.models import Meeting, MeetingAttendance
from students import checklist
from students.checklist import DONE, MISSING, NOT_APPLICABLE, ItemResult, checklist_for, deadlines_for
from students.models import IEP
from tests import factories as f
from tests.conftest import FROZEN_TODAY
from tests.meetings.factories import (
    ConsentFactory,
    FollowUpFactory,
    MeetingFactory,
    TransitionPlanFactory,
)


def items(iep: IEP) -> dict[str, ItemResult]:
    iep = IEP.objects.select_related("student").get(pk=iep.pk)
    return {line.key: line.result for line in checklist_for([iep], FROZEN_TODAY)[iep.pk]}


def test_consent_is_missing_until_a_signed_consent_is_on_file(iep: IEP, case_manager: User) -> None:
    assert items(iep)["consent_for_services"].status == MISSING
    ConsentFactory(student=iep.student, recorded_by=case_manager, received_on=dt.date(2026, 9, 2))
    result = items(iep)["consent_for_services"]
    assert (result.status, result.on, result.by) == (DONE, dt.date(2026, 9, 2), str(case_manager))


def test_an_evaluation_consent_does_not_count_as_consent_for_services(iep: IEP, case_manager: User) -> None:
    ConsentFactory(student=iep.student, recorded_by=case_manager, kind="evaluation")
    assert items(iep)["consent_for_services"].status == MISSING


def test_family_notice_follows_the_latest_meeting(iep: IEP, past_meeting: Meeting, meeting: Meeting) -> None:
    result = items(iep)["family_notice"]
    assert result.status == MISSING  # the upcoming meeting's notice is not sent
    assert result.due == meeting.notice_due_by
    meeting.notice_sent_on, meeting.notice_method = FROZEN_TODAY, "email"
    meeting.notice_recorded_by = iep.case_manager
    meeting.save()
    result = items(iep)["family_notice"]
    assert (result.status, result.on, result.by) == (DONE, FROZEN_TODAY, str(iep.case_manager))


def test_family_notice_and_attendance_are_not_applicable_without_meetings(iep: IEP) -> None:
    assert items(iep)["family_notice"].status == NOT_APPLICABLE
    assert items(iep)["attendance"].status == NOT_APPLICABLE


def test_a_cancelled_meeting_does_not_count(iep: IEP, past_meeting: Meeting) -> None:
    MeetingFactory(iep=iep, status=Meeting.Status.CANCELLED)
    assert items(iep)["family_notice"].status == DONE  # the past meeting's notice


def test_attendance_is_missing_for_a_past_meeting_until_recorded(
    iep: IEP, past_meeting: Meeting, provider: User,
) -> None:
    assert items(iep)["attendance"].status == MISSING
    meeting_attendance_record(
        meeting=past_meeting, by=iep.case_manager, outcome="amendment",
        rows=[AttendanceRow(name="Casey", role="Case manager", status="attended", user=iep.case_manager),
              AttendanceRow(name="Pat", role="Speech", status="excused", user=provider)],
    )
    result = items(iep)["attendance"]
    assert (result.status, result.on, result.by) == (DONE, FROZEN_TODAY, str(iep.case_manager))
    assert MeetingAttendance.objects.filter(meeting=past_meeting).count() == 2


def test_a_transition_plan_is_not_applicable_for_a_student_under_16_through_the_iep(iep: IEP) -> None:
    # Born 2014: 13 at the end of the IEP (2027-08-31).
    result = items(iep)["transition_plan"]
    assert result.status == NOT_APPLICABLE
    assert "under 16" in result.note


def test_a_transition_plan_is_required_when_the_student_turns_16_during_the_iep(iep: IEP) -> None:
    iep.student.date_of_birth = dt.date(2011, 8, 31)  # 16 on the IEP's last day
    iep.student.save()
    result = items(iep)["transition_plan"]
    assert result.status == MISSING
    assert result.due == dt.date(2027, 8, 31)
    TransitionPlanFactory(iep=iep, completed_on=dt.date(2026, 10, 1))
    result = items(iep)["transition_plan"]
    assert (result.status, result.on) == (DONE, dt.date(2026, 10, 1))


def test_a_student_who_turns_16_the_day_after_the_iep_ends_needs_no_plan(iep: IEP) -> None:
    iep.student.date_of_birth = dt.date(2011, 9, 1)
    iep.student.save()
    assert items(iep)["transition_plan"].status == NOT_APPLICABLE


@pytest.mark.parametrize(("grade", "status"), [("10", MISSING), ("9", MISSING), ("8", NOT_APPLICABLE),
                                               ("K", NOT_APPLICABLE)])
def test_without_a_birth_date_the_transition_plan_asks_for_one_where_the_grade_leaves_it_open(
    iep: IEP, grade: str, status: str,
) -> None:
    iep.student.date_of_birth = None
    iep.student.grade = grade
    iep.student.save()
    result = items(iep)["transition_plan"]
    assert (result.status, result.due) == (status, None)
    assert "No birth date on file" in result.note
    if status == MISSING:
        TransitionPlanFactory(iep=iep, completed_on=dt.date(2026, 10, 1))
        assert items(iep)["transition_plan"].status == DONE


def test_reevaluation_is_done_within_three_years_and_missing_after(iep: IEP) -> None:
    result = items(iep)["reevaluation"]
    assert (result.status, result.on) == (DONE, iep.last_evaluation_date)
    IEP.objects.filter(pk=iep.pk).update(last_evaluation_date=dt.date(2023, 11, 1),
                                         reevaluation_due=dt.date(2026, 11, 1))
    result = items(iep)["reevaluation"]
    assert (result.status, result.due) == (MISSING, dt.date(2026, 11, 1))


def test_the_district_chooses_which_items_it_tracks(iep: IEP, settings: object) -> None:
    settings.IEP_CHECKLIST_ITEMS = ["reevaluation", "consent_for_services"]  # type: ignore[attr-defined]
    assert list(items(iep)) == ["reevaluation", "consent_for_services"]


def test_items_from_other_apps_plug_in_through_the_registry(iep: IEP, settings: object) -> None:
    settings.IEP_CHECKLIST_ITEMS = ["family_survey", "reevaluation"]  # type: ignore[attr-defined]
    assert list(items(iep)) == ["reevaluation"]  # not provided yet: left out

    def family_survey(ieps, today):  # noqa: ANN001, ANN202
        return {i.pk: ItemResult(DONE, on=dt.date(2026, 11, 6), by="Casey") for i in ieps}

    checklist.register_item("family_survey", "Family survey returned", family_survey)
    try:
        assert items(iep)["family_survey"].status == DONE
    finally:
        del checklist._REGISTRY["family_survey"]


def test_deadlines_list_missing_items_and_what_falls_due_soonest(
    iep: IEP, meeting: Meeting, provider: User,
) -> None:
    FollowUpFactory(meeting=meeting, owner=provider, due_on=dt.date(2026, 11, 20))
    [status] = deadlines_for([IEP.objects.select_related("student").get(pk=iep.pk)], FROZEN_TODAY)
    assert [line.key for line in status.missing] == ["consent_for_services", "family_notice"]
    keys = [(d.key, d.due) for d in status.deadlines]
    assert keys[0] == ("follow_up", dt.date(2026, 11, 20))
    assert ("notice", meeting.notice_due_by) in keys
    assert ("meeting", meeting.date) in keys
    assert ("annual_review", iep.annual_review_due) in keys
    assert status.deadlines[0].owner_id == provider.pk
    assert [d.due for d in status.deadlines] == sorted(d.due for d in status.deadlines)


def _many_ieps(school, case_manager: User, n: int) -> None:  # noqa: ANN001
    for i in range(n):
        student = f.StudentFactory(school=school, date_of_birth=dt.date(2010 + i % 5, 5, 1))
        iep = f.IEPFactory(student=student, case_manager=case_manager)
        m = MeetingFactory(iep=iep, date=dt.date(2026, 10, 1 + i % 20))
        FollowUpFactory(meeting=m, owner=case_manager)
        MeetingFactory(iep=iep, date=dt.date(2026, 12, 1 + i % 20))
        if i % 2:
            ConsentFactory(student=student, recorded_by=case_manager)
            TransitionPlanFactory(iep=iep)


@pytest.mark.parametrize("n", [2, 12])
def test_the_checklist_for_many_ieps_runs_a_fixed_number_of_queries(
    n: int, school, case_manager: User, calendar, django_assert_num_queries,  # noqa: ANN001
) -> None:
    _many_ieps(school, case_manager, n)
    ieps = list(IEP.objects.select_related("student").filter(case_manager=case_manager))
    assert len(ieps) == n
    # consent (1), latest meeting for the notice (1), latest past meeting for attendance (1),
    # transition plans (1); reevaluation reads the IEP's own dates (0); progress reports (4:
    # schedules, calendars, goals, sent reports); acknowledgements (4 here: IEPs, supports, team
    # members, enrollments; the fifth, latest acknowledgements, only when someone owes one).
    with django_assert_num_queries(12):
        lines = checklist_for(ieps, FROZEN_TODAY)
    assert all(len(v) == 7 for v in lines.values())
    # ... plus the next meeting (1) and open follow-ups (1) for the deadlines.
    with django_assert_num_queries(14):
        deadlines_for(ieps, FROZEN_TODAY)


@pytest.mark.parametrize("n", [2, 12])
def test_the_documentation_page_runs_a_fixed_number_of_queries(
    n: int, school, case_manager: User, calendar, login,  # noqa: ANN001
) -> None:
    _many_ieps(school, case_manager, n)
    client = login(case_manager)
    client.get("/students/documentation/")  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/students/documentation/")
    assert response.status_code == 200
    assert len(response.context["statuses"]) == n
    # session (1), user (1), active IEPs with students (1), checklist (12), next meetings (1),
    # open follow-ups (1), unread notifications for the header (1),
    # no session write (refreshed at most every two minutes).
    assert len(queries) == 18, "\n".join(q["sql"] for q in queries.captured_queries)


def test_the_caseload_puts_the_iep_missing_the_most_first(
    school, case_manager: User, calendar, login,  # noqa: ANN001
) -> None:
    complete = f.IEPFactory(student=f.StudentFactory(school=school, last_name="Able"),
                            case_manager=case_manager)
    ConsentFactory(student=complete.student, recorded_by=case_manager)
    incomplete = f.IEPFactory(student=f.StudentFactory(school=school, last_name="Zed"),
                              case_manager=case_manager)
    response = login(case_manager).get("/students/documentation/")
    statuses = response.context["statuses"]
    assert [s.iep.pk for s in statuses] == [incomplete.pk, complete.pk]
    assert "✓ Complete" in response.content.decode()
    assert b"1 missing" in response.content
