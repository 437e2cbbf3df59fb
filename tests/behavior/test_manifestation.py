"""Is a manifestation determination due, by when, and held or scheduled: hand-computed cases on
the calendar 17 Aug 2026 to Fri 4 Jun 2027, Thanksgiving (Thu 26 Nov) closed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from behavior.manifestation import manifestation_determination, placements_for
from behavior.models import PatternDetermination, Removal
from meetings.models import Meeting
from tests.factories import ClosureFactory, StudentFactory

D = dt.date
OSS, ISS = Removal.Setting.OUT_OF_SCHOOL, Removal.Setting.IN_SCHOOL
WEEK_2_NOV = [D(2026, 11, d) for d in (2, 3, 4, 5, 6)]
WEEK_9_NOV = [D(2026, 11, d) for d in (9, 10, 11, 12, 13)]


@pytest.fixture(autouse=True)
def thanksgiving(calendar):  # noqa: ANN001, ANN201
    return ClosureFactory(calendar=calendar, date=D(2026, 11, 26), reason="Thanksgiving")


def _remove(student, by, days, setting=OSS, portion="1", continued=False) -> None:  # noqa: ANN001
    for day in days:
        Removal.objects.create(student=student, date=day, setting=setting, portion=Decimal(portion),
                               services_continued=continued, reason="Fighting", recorded_by=by)


def _pattern(student, by, day, outcome=PatternDetermination.Outcome.PATTERN) -> PatternDetermination:  # noqa: ANN001
    return PatternDetermination.objects.create(
        student=student, removal_day=day, outcome=outcome, determined_on=D(2026, 11, 18), determined_by=by,
        basis="Fighting each time, in the cafeteria; three removals in six weeks.")


def _meeting(iep, day, status=Meeting.Status.SCHEDULED, outcome="") -> Meeting:  # noqa: ANN001
    return Meeting.objects.create(iep=iep, kind=Meeting.Kind.MANIFESTATION, date=day, status=status,
                                  outcome=outcome, start_time=dt.time(15, 30), location="Room 12",
                                  purpose="Manifestation determination", created_by=iep.case_manager)


def test_ten_days_are_not_a_change_of_placement(iep, school_admin) -> None:  # noqa: ANN001
    _remove(iep.student, school_admin, WEEK_2_NOV + WEEK_9_NOV)
    assert manifestation_determination(iep.student, D(2026, 11, 18)) is None


def test_the_eleventh_day_is_the_decision_and_the_meeting_is_due_ten_school_days_later(iep, school_admin) -> None:  # noqa: ANN001
    # Recorded today (Wed 18 Nov) after the fact: the 11th day, Mon 16 Nov, is the decision.
    _remove(iep.student, school_admin, [*WEEK_2_NOV, *WEEK_9_NOV, D(2026, 11, 16)])
    md = manifestation_determination(iep.student, D(2026, 11, 18))
    assert md is not None
    # 17, 18, 19, 20, 23, 24, 25, (26 closed), 27, 30 Nov, 1 Dec: the 10th is Tue 1 Dec.
    assert (md.decided_on, md.due_by, md.meeting) == (D(2026, 11, 16), D(2026, 12, 1), None)
    assert md.needs_scheduling(D(2026, 11, 18)) and not md.late(D(2026, 12, 1)) and md.late(D(2026, 12, 2))


def test_a_suspension_recorded_ahead_is_decided_on_the_day_it_is_recorded(iep, school_admin) -> None:  # noqa: ANN001
    # Recorded on Fri 16 Oct: Mon 5 .. Fri 9 Oct and Mon 12 .. Wed 14 Oct (8 days).
    with time_machine.travel(dt.datetime(2026, 10, 16, 15, 0, tzinfo=dt.UTC), tick=False):
        _remove(iep.student, school_admin, [D(2026, 10, d) for d in (5, 6, 7, 8, 9, 12, 13, 14)])
    # Today, Wed 18 Nov, a suspension of Wed 18 .. Mon 23 Nov: the 11th day is Fri 20 Nov.
    _remove(iep.student, school_admin, [D(2026, 11, d) for d in (18, 19, 20, 23)])
    # Short removals (8 and 4 days): a change of placement only once determined a pattern.
    assert manifestation_determination(iep.student, D(2026, 11, 18)) is None
    _pattern(iep.student, school_admin, D(2026, 11, 18))
    md = manifestation_determination(iep.student, D(2026, 11, 18))
    assert md is not None and md.pattern is not None
    # 19, 20, 23, 24, 25, (26 closed), 27, 30 Nov, 1, 2, 3 Dec: the 10th is Thu 3 Dec.
    assert (md.decided_on, md.due_by) == (D(2026, 11, 18), D(2026, 12, 3))


def test_part_days_and_continued_services_count_as_the_removal_days_rule_says(iep, school_admin) -> None:  # noqa: ANN001
    _remove(iep.student, school_admin, WEEK_2_NOV + WEEK_9_NOV[:4])  # 9 days
    _remove(iep.student, school_admin, [D(2026, 11, 13)], setting=ISS, continued=True)  # counts 0
    _remove(iep.student, school_admin, [D(2026, 11, 16)], portion="0.5")  # 9.5
    _remove(iep.student, school_admin, [D(2026, 11, 17)], setting=ISS, portion="0.75")  # 10.25
    # 13 Nov is not a removal, so 2 .. 12 Nov (9 days) and 16 .. 17 Nov (1.25) are two removals.
    _pattern(iep.student, school_admin, D(2026, 11, 16))
    md = manifestation_determination(iep.student, D(2026, 11, 18))
    assert md is not None and md.decided_on == D(2026, 11, 17)
    # 18, 19, 20, 23, 24, 25, (26 closed), 27, 30 Nov, 1, 2 Dec: the 10th is Wed 2 Dec.
    assert md.due_by == D(2026, 12, 2)


def test_past_the_last_calendar_every_weekday_counts(iep, school_admin) -> None:  # noqa: ANN001
    may = [D(2027, 5, d) for d in (13, 14, 17, 18, 19, 20, 21, 24, 25, 26, 27)]
    with time_machine.travel(dt.datetime(2027, 5, 27, 15, 0, tzinfo=dt.UTC), tick=False):
        _remove(iep.student, school_admin, may)  # recorded on the day of the 11th
        md = manifestation_determination(iep.student, D(2027, 5, 27))
    assert md is not None and md.decided_on == D(2027, 5, 27)
    # 28 May, 31 May, 1, 2, 3, 4 Jun (the last school day: 6), summer in the school year
    # (nothing), then with no 2027-28 calendar yet Thu 1, Fri 2, Mon 5, Tue 6 Jul.
    assert md.due_by == D(2027, 7, 6)


def test_a_meeting_held_or_scheduled_in_time_is_found(iep, school_admin) -> None:  # noqa: ANN001
    _remove(iep.student, school_admin, [*WEEK_2_NOV, *WEEK_9_NOV, D(2026, 11, 16)])
    today = D(2026, 11, 18)
    _meeting(iep, D(2026, 10, 1), status=Meeting.Status.HELD, outcome="no_change")  # before: another matter
    _meeting(iep, D(2026, 11, 20), status=Meeting.Status.CANCELLED)
    md = manifestation_determination(iep.student, today)
    assert md is not None and md.meeting is None and md.needs_scheduling(today)
    late = _meeting(iep, D(2026, 12, 4))
    md = manifestation_determination(iep.student, today)
    assert md is not None and md.meeting == late and md.scheduled and not md.in_time
    assert md.needs_scheduling(today)
    on_time = _meeting(iep, D(2026, 11, 30))
    md = manifestation_determination(iep.student, today)
    assert md is not None and md.meeting == on_time and md.in_time and not md.needs_scheduling(today)
    on_time.status, on_time.outcome = Meeting.Status.HELD, Meeting.Outcome.NO_CHANGE
    on_time.save()
    md = manifestation_determination(iep.student, D(2026, 12, 9))
    assert md is not None and md.held and not md.needs_scheduling(D(2026, 12, 9)) and not md.late(D(2026, 12, 9))


def test_the_panel_says_whether_it_is_scheduled_and_by_when(login, iep, school_admin, case_manager) -> None:  # noqa: ANN001
    _remove(iep.student, school_admin, [*WEEK_2_NOV, *WEEK_9_NOV, D(2026, 11, 16)])
    page = login(case_manager).get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert "change of placement decided Mon Nov 16; the meeting is due by Tue Dec 1, 2026" in page
    assert "Not scheduled yet" in page
    assert f"{reverse('meetings:meeting_add', args=[iep.student_id])}?kind=manifestation" in page
    _meeting(iep, D(2026, 11, 30))
    page = login(case_manager).get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert "Scheduled for Mon Nov 30" in page and "Not scheduled yet" not in page


def test_the_meeting_form_opens_as_a_manifestation_determination(login, iep, case_manager) -> None:  # noqa: ANN001
    client = login(case_manager)
    url = reverse("meetings:meeting_add", args=[iep.student_id])
    page = client.get(url, {"kind": "manifestation"}, follow=True).content.decode()
    assert '<option value="manifestation" selected>Manifestation determination</option>' in page
    assert "directly and substantially related to, your child&#x27;s disability" in page


@pytest.mark.parametrize("n", [1, 5])
def test_many_students_in_a_fixed_number_of_queries(n, iep, school_admin, django_assert_num_queries) -> None:  # noqa: ANN001
    students = [iep.student] + [StudentFactory(school=iep.student.school) for _ in range(n - 1)]
    for s in students:
        _remove(s, school_admin, [*WEEK_2_NOV, *WEEK_9_NOV, D(2026, 11, 16)])
    _meeting(iep, D(2026, 11, 30))
    with django_assert_num_queries(5):  # removals, calendars, closures, determinations, meetings
        found = {pk: p.change for pk, p in placements_for(students, D(2026, 11, 18)).items()}
    assert found[iep.student.pk].in_time  # type: ignore[union-attr]
    assert all(found[s.pk] is not None and found[s.pk].due_by == D(2026, 12, 1) for s in students)  # type: ignore[union-attr]
