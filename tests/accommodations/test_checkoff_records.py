"""Check-offs that hold up: student absent, late entries with a reason, approval past the
window, changes only inside it with the earlier outcome kept, and approval of late entries.

Today is Wed Nov 18, 2026 (tests/conftest.py); the calendar has school every weekday.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from accommodations import approvals
from accommodations.actions import check_record, checks_mark_provided, student_mark_absent
from accommodations.classroom import classes_for
from accommodations.models import CheckChange, ImplementationCheck
from accommodations.rates import implementation_for
from accommodations.reminders import checks_sweep
from iep_portal.approvals import approval_kind
from tests import factories as f
from tests.accommodations.factories import SupportFactory

TODAY = dt.date(2026, 11, 18)
ON_TIME = dt.date(2026, 11, 11)  # five school days before today: not late
LATE = dt.date(2026, 11, 10)  # six school days before: late, needs a reason
VERY_LATE = dt.date(2026, 10, 16)  # 33 days before: counts once an administrator approves


@pytest.fixture
def classmate(school, section):  # noqa: ANN001, ANN201
    """A second student with an IEP in the same Math class, and one support."""
    student = f.StudentFactory(school=school, first_name="Ben", last_name="Adams")
    iep = f.IEPFactory(student=student)
    f.EnrollmentFactory(student=student, section=section)
    return SupportFactory(iep=iep, text="Copy of class notes")


def _record(support, section, teacher, day, outcome="provided", **kwargs):  # noqa: ANN001, ANN003, ANN201
    return check_record(support=support, student=support.iep.student, section=section, day=day,
                        outcome=outcome, by=teacher, **kwargs)


# --- student absent ------------------------------------------------------------------------

def test_an_absent_meeting_is_neither_provided_nor_missing_nor_expected(
    iep, support, section, gen_ed_teacher  # noqa: ANN001
) -> None:
    SupportFactory(iep=iep, text="Preferential seating")
    day = dt.date(2026, 11, 16)
    _record(support, section, gen_ed_teacher, day, "absent")  # one support says absent: the meeting
    _record(support, section, gen_ed_teacher, dt.date(2026, 11, 17))
    tally = implementation_for([iep.student], day, dt.date(2026, 11, 17)).total()
    figure = tally.figure()
    # Mon: absent (both supports left out); Tue: one provided, one not checked.
    assert (figure.provided, figure.not_provided, figure.not_checked, figure.absent) == (1, 0, 1, 2)
    assert tally.expected == 2


def test_all_provided_passes_absent_students_by_and_says_so(
    iep, support, section, gen_ed_teacher, classmate  # noqa: ANN001
) -> None:
    day = dt.date(2026, 11, 17)
    student_mark_absent(section=section, day=day, student=classmate.iep.student, by=gen_ed_teacher)
    marked = checks_mark_provided(section=section, day=day, by=gen_ed_teacher)
    assert marked.message() == "Marked 1 provided; 1 absent left as absent."
    outcomes = dict(ImplementationCheck.objects.filter(date=day).values_list("student__first_name", "outcome"))
    assert outcomes == {"Maya": "provided", "Ben": "absent"}
    [section_day] = classes_for(gen_ed_teacher, day, section=section)
    assert section_day.absent == 1 and section_day.unchecked == 0


def test_the_class_page_shows_who_is_absent_and_the_bulk_button_skips_them(
    login, iep, support, section, gen_ed_teacher, classmate  # noqa: ANN001
) -> None:
    client = login(gen_ed_teacher)
    url = f"/accommodations/classes/{section.pk}/check/"
    response = client.post(url, {"date": "2026-11-18", "absent": classmate.iep.student_id, "k": _key()},
                           follow=True)
    page = response.content.decode()
    assert "Ben Adams marked absent from Math 6" in page
    assert "Absent from this class" in page and "1 absent" in page
    response = client.post(url, {"date": "2026-11-18", "section_all": "1", "k": _key()}, follow=True)
    assert "Marked 1 provided; 1 absent left as absent." in response.content.decode()


def test_the_missing_check_off_reminder_leaves_absent_meetings_out(
    iep, support, section, gen_ed_teacher, settings  # noqa: ANN001
) -> None:
    settings.IEP_CHECKS_MISSING_DAYS = 2
    assert len(checks_sweep(TODAY)) == 1  # Mon and Tue unchecked
    _record(support, section, gen_ed_teacher, dt.date(2026, 11, 16), "absent")
    assert checks_sweep(TODAY) == []  # absent on Monday: not two class days missing


# --- late, approval, change window, history ----------------------------------------------

def test_a_check_off_keeps_its_class_day_and_when_and_by_whom_it_was_recorded(
    support, section, gen_ed_teacher  # noqa: ANN001
) -> None:
    check = _record(support, section, gen_ed_teacher, ON_TIME)
    assert check.date == ON_TIME and check.teacher == gen_ed_teacher
    assert check.recorded_at.date() == TODAY and not check.late


def test_a_late_check_off_needs_a_reason_and_is_marked_late(support, section, gen_ed_teacher) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match="6 school days ago.*say why"):
        _record(support, section, gen_ed_teacher, LATE)
    check = _record(support, section, gen_ed_teacher, LATE, late_reason="Out sick; from my plan book")
    assert check.late and check.late_reason == "Out sick; from my plan book"
    assert check.approval == "" and check.counts


def test_past_the_approval_window_it_waits_and_does_not_count_until_approved(
    iep, support, section, gen_ed_teacher, school_admin  # noqa: ANN001
) -> None:
    check = _record(support, section, gen_ed_teacher, VERY_LATE, late_reason="Found the paper log")
    assert check.approval == "waiting"
    figure = implementation_for([iep.student], VERY_LATE, VERY_LATE).total().figure()
    assert (figure.provided, figure.not_checked) == (0, 1)

    kind = approval_kind("checkoff")
    assert kind is not None and kind.label == "Accommodation check-offs"
    [waiting] = kind.waiting(school_admin)
    assert (waiting.pk, waiting.happened, waiting.reason) == (check.pk, VERY_LATE, "Found the paper log")
    assert waiting.recorded_by == str(gen_ed_teacher)
    kind.approve(pk=check.pk, by=school_admin)
    check.refresh_from_db()
    assert (check.approval, check.approved_by) == ("approved", school_admin)
    figure = implementation_for([iep.student], VERY_LATE, VERY_LATE).total().figure()
    assert (figure.provided, figure.not_checked) == (1, 0)
    assert kind.waiting(school_admin) == []


def test_an_administrator_may_refuse_with_a_reason_and_it_never_counts(
    iep, support, section, gen_ed_teacher, school_admin  # noqa: ANN001
) -> None:
    check = _record(support, section, gen_ed_teacher, VERY_LATE, late_reason="Found the paper log")
    with pytest.raises(ValidationError, match="Say why"):
        approvals.reject(pk=check.pk, by=school_admin, reason=" ")
    approvals.reject(pk=check.pk, by=school_admin, reason="No record of this class that day")
    check.refresh_from_db()
    assert check.approval == "rejected" and check.rejection_reason == "No record of this class that day"
    assert implementation_for([iep.student], VERY_LATE, VERY_LATE).total().figure().provided == 0
    with pytest.raises(ValidationError, match="not waiting"):
        approvals.approve(pk=check.pk, by=school_admin)


def test_administrators_of_other_schools_and_teachers_cannot_approve(
    support, section, gen_ed_teacher, other_school_admin  # noqa: ANN001
) -> None:
    check = _record(support, section, gen_ed_teacher, VERY_LATE, late_reason="Found the paper log")
    assert approvals.waiting(other_school_admin) == [] and approvals.waiting(gen_ed_teacher) == []
    with pytest.raises(Http404):
        approvals.approve(pk=check.pk, by=other_school_admin)
    with pytest.raises(Http404):
        approvals.approve(pk=check.pk, by=gen_ed_teacher)


def test_a_change_keeps_the_earlier_outcome_who_and_when(
    support, section, gen_ed_teacher, colleague  # noqa: ANN001
) -> None:
    first = _record(support, section, gen_ed_teacher, ON_TIME)
    changed = _record(support, section, colleague, ON_TIME, "not_provided", note="Sub had no plan")
    assert changed.pk == first.pk and (changed.outcome, changed.teacher) == ("not_provided", colleague)
    [earlier] = CheckChange.objects.all()
    assert (earlier.outcome, earlier.recorded_by, earlier.changed_by) == ("provided", gen_ed_teacher, colleague)
    assert earlier.recorded_at == first.recorded_at


def test_the_same_answer_again_changes_nothing(support, section, gen_ed_teacher) -> None:  # noqa: ANN001
    _record(support, section, gen_ed_teacher, ON_TIME)
    _record(support, section, gen_ed_teacher, ON_TIME)
    assert CheckChange.objects.count() == 0 and ImplementationCheck.objects.count() == 1


def test_outcomes_can_be_changed_only_inside_the_window(
    support, section, gen_ed_teacher  # noqa: ANN001
) -> None:
    check = _record(support, section, gen_ed_teacher, VERY_LATE, late_reason="Found the paper log")
    with pytest.raises(ValidationError, match="can no longer be changed"):
        _record(support, section, gen_ed_teacher, VERY_LATE, "not_provided", late_reason="x")
    check.refresh_from_db()
    assert check.outcome == "provided" and CheckChange.objects.count() == 0


def test_a_late_change_needs_a_reason_too(support, section, gen_ed_teacher) -> None:  # noqa: ANN001
    _record(support, section, gen_ed_teacher, LATE, late_reason="Out sick")
    with pytest.raises(ValidationError, match="say why"):
        _record(support, section, gen_ed_teacher, LATE, "declined")
    check = _record(support, section, gen_ed_teacher, LATE, "declined", late_reason="Misread my notes")
    assert check.late_reason == "Misread my notes" and CheckChange.objects.get().outcome == "provided"


def test_all_provided_for_a_late_day_needs_a_reason(iep, support, section, gen_ed_teacher) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match="say why"):
        checks_mark_provided(section=section, day=LATE, by=gen_ed_teacher)
    marked = checks_mark_provided(section=section, day=LATE, by=gen_ed_teacher, late_reason="Out sick")
    assert marked.made == 1 and ImplementationCheck.objects.get().late


def test_the_class_page_asks_why_for_a_late_day_and_shows_a_change_history(
    login, support, section, gen_ed_teacher  # noqa: ANN001
) -> None:
    _record(support, section, gen_ed_teacher, LATE, late_reason="Out sick")
    _record(support, section, gen_ed_teacher, LATE, "not_needed", late_reason="Quiz was cancelled")
    page = login(gen_ed_teacher).get("/accommodations/my-classes/", {"date": LATE.isoformat()}).content.decode()
    assert 'name="late_reason"' in page and "6 school days ago" in page
    assert "Recorded late" in page and "Quiz was cancelled" in page
    assert "Earlier: Provided (recorded by" in page


def _key() -> str:
    import uuid

    return str(uuid.uuid4())
