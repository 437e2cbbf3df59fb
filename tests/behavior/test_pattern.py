"""A pattern of removals (34 CFR 300.536(a)(2)): short removals past 10 school days ask for a
determination; "pattern" is a change of placement with its manifestation determination due as
for a long removal. Hand-computed on the calendar 17 Aug 2026 to 4 Jun 2027, Thanksgiving
(Thu 26 Nov) closed; today is Wed 18 Nov 2026."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from behavior.manifestation import placement_of, placements_for
from behavior.models import PatternDetermination, Removal
from behavior.reminders import manifestation_sweep
from notifications.models import Notification
from tests.factories import ClosureFactory, StudentFactory

D = dt.date
TODAY = D(2026, 11, 18)
# Three short removals: Mon 5 .. Fri 9 Oct (5), Mon 2 .. Wed 4 Nov (3), Mon 16 .. Wed 18 Nov (3).
OCTOBER = [D(2026, 10, d) for d in (5, 6, 7, 8, 9)]
EARLY_NOVEMBER = [D(2026, 11, d) for d in (2, 3, 4)]
THIS_WEEK = [D(2026, 11, d) for d in (16, 17, 18)]
PATTERN, NO_PATTERN = PatternDetermination.Outcome.PATTERN, PatternDetermination.Outcome.NO_PATTERN


@pytest.fixture(autouse=True)
def thanksgiving(calendar):  # noqa: ANN001, ANN201
    return ClosureFactory(calendar=calendar, date=D(2026, 11, 26), reason="Thanksgiving")


def _remove(student, by, days, *, at: dt.datetime | None = None) -> None:  # noqa: ANN001
    for day in days:
        row = Removal.objects.create(student=student, date=day, setting=Removal.Setting.OUT_OF_SCHOOL,
                                     portion=Decimal(1), reason="Fighting in the cafeteria", recorded_by=by)
        if at is not None:
            Removal.objects.filter(pk=row.pk).update(recorded_at=at)


def _three_removals(student, by) -> None:  # noqa: ANN001
    _remove(student, by, OCTOBER, at=dt.datetime(2026, 10, 5, 15, 0, tzinfo=dt.UTC))
    _remove(student, by, EARLY_NOVEMBER, at=dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC))
    _remove(student, by, THIS_WEEK, at=dt.datetime(2026, 11, 16, 15, 0, tzinfo=dt.UTC))


def _determine(student, by, day, outcome) -> PatternDetermination:  # noqa: ANN001
    return PatternDetermination.objects.create(
        student=student, removal_day=day, outcome=outcome, determined_on=TODAY, determined_by=by,
        basis="Fighting in the cafeteria each time; three removals in six weeks.")


def test_short_removals_past_ten_days_ask_for_a_determination(iep, school_admin) -> None:  # noqa: ANN001
    _three_removals(iep.student, school_admin)
    found = placement_of(iep.student, TODAY)
    assert found.change is None
    run = found.determination_needed
    assert run is not None
    # 5 + 3 = 8, then 16 Nov: 9, 17 Nov: 10, 18 Nov: 11 — the removal recorded on Mon 16 Nov
    # is decided that day (before the 11th day, Wed 18 Nov, came).
    assert (run.first, run.last, run.days, run.total) == (D(2026, 11, 16), D(2026, 11, 18), 3, 11)
    # 17, 18, 19, 20, 23, 24, 25, (26 closed), 27, 30 Nov, 1 Dec: the 10th is Tue 1 Dec.
    assert (run.decided_on, run.due_by) == (D(2026, 11, 16), D(2026, 12, 1))


def test_ten_days_by_short_removals_ask_nothing(iep, school_admin) -> None:  # noqa: ANN001
    _remove(iep.student, school_admin, OCTOBER + EARLY_NOVEMBER + THIS_WEEK[:2])
    found = placement_of(iep.student, TODAY)
    assert found.change is None and found.determination_needed is None


def test_a_pattern_is_a_change_of_placement_due_as_a_long_removal_is(iep, school_admin) -> None:  # noqa: ANN001
    _three_removals(iep.student, school_admin)
    pattern = _determine(iep.student, school_admin, D(2026, 11, 16), PATTERN)
    found = placement_of(iep.student, TODAY)
    assert found.determination_needed is None
    assert found.change is not None and found.change.pattern == pattern
    # Recorded two days after the removal was decided: the deadline still runs from Mon 16 Nov.
    assert (found.change.decided_on, found.change.due_by) == (D(2026, 11, 16), D(2026, 12, 1))
    assert found.change.needs_scheduling(TODAY)


def test_more_than_ten_consecutive_days_need_no_determination(iep, school_admin) -> None:  # noqa: ANN001
    # 5 days in October, then Mon 2 .. Mon 16 Nov: 11 consecutive school days, recorded today.
    _remove(iep.student, school_admin, OCTOBER, at=dt.datetime(2026, 10, 5, 15, 0, tzinfo=dt.UTC))
    _remove(iep.student, school_admin, [D(2026, 11, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16)])
    found = placement_of(iep.student, TODAY)
    assert found.determination_needed is None
    assert found.change is not None and found.change.pattern is None
    # The count passes 10 on Mon 9 Nov (5 + 6); recorded only today, so decided Mon 9 Nov.
    # 10, 11, 12, 13, 16, 17, 18, 19, 20, 23 Nov: due Mon 23 Nov.
    assert (found.change.decided_on, found.change.due_by) == (D(2026, 11, 9), D(2026, 11, 23))


def test_not_a_pattern_asks_again_at_the_next_removal(iep, school_admin) -> None:  # noqa: ANN001
    _three_removals(iep.student, school_admin)
    no = _determine(iep.student, school_admin, D(2026, 11, 16), NO_PATTERN)
    found = placement_of(iep.student, TODAY)
    assert found.change is None and found.determination_needed is None
    assert found.not_a_pattern == [(found.runs[0], no)]
    with time_machine.travel(dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC), tick=False):
        _remove(iep.student, school_admin, [D(2026, 11, 30)])
        found = placement_of(iep.student, D(2026, 11, 30))
    run = found.determination_needed
    assert run is not None and (run.first, run.total) == (D(2026, 11, 30), 12)
    # 1, 2, 3, 4, 7, 8, 9, 10, 11, 14 Dec: due Mon 14 Dec.
    assert (run.decided_on, run.due_by) == (D(2026, 11, 30), D(2026, 12, 14))


def test_a_day_added_to_the_removal_after_its_determination_asks_again(iep, school_admin) -> None:  # noqa: ANN001
    _three_removals(iep.student, school_admin)
    _determine(iep.student, school_admin, D(2026, 11, 16), NO_PATTERN)
    with time_machine.travel(dt.datetime(2026, 11, 19, 15, 0, tzinfo=dt.UTC), tick=False):
        _remove(iep.student, school_admin, [D(2026, 11, 19)])  # the suspension was extended a day
        found = placement_of(iep.student, D(2026, 11, 19))
    run = found.determination_needed
    assert run is not None and (run.first, run.last, run.days) == (D(2026, 11, 16), D(2026, 11, 19), 4)


def test_the_first_change_of_placement_ends_the_questions(iep, school_admin) -> None:  # noqa: ANN001
    _three_removals(iep.student, school_admin)
    _determine(iep.student, school_admin, D(2026, 11, 16), PATTERN)
    with time_machine.travel(dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC), tick=False):
        _remove(iep.student, school_admin, [D(2026, 11, 30)])
        found = placement_of(iep.student, D(2026, 11, 30))
    assert found.determination_needed is None
    assert found.change is not None and found.change.decided_on == D(2026, 11, 16)


def _url(iep, day: str = "2026-11-16") -> str:  # noqa: ANN001
    return f"{reverse('behavior:pattern_record', args=[iep.student_id])}?day={day}"


def _form(**overrides: str) -> dict[str, str]:
    return {"outcome": "pattern", "determined_on": "2026-11-18",
            "basis": "Fighting in the cafeteria each time; three removals in six weeks.", **overrides}


def test_the_removals_page_says_determination_needed_and_the_case_manager_records_it(
    login, iep, school_admin, case_manager  # noqa: ANN001
) -> None:
    _three_removals(iep.student, school_admin)
    client = login(case_manager)
    page = client.get(reverse("behavior:removals", args=[iep.student_id])).content.decode()
    assert "More than 10 school days by short removals: determination needed" in page
    assert "its manifestation determination is due by Tue Dec 1, 2026" in page
    assert _url(iep).replace("&", "&amp;") in page or _url(iep) in page
    opened = client.get(_url(iep))
    assert opened.status_code == 302 and "k=" in opened["Location"]
    form_page = client.get(opened["Location"]).content.decode()
    assert "takes the school year to 11 school days of removal" in form_page
    response = client.post(opened["Location"], _form(), follow=True)
    page = response.content.decode()
    assert "Recorded: a pattern, so a change of placement. The manifestation determination is due by Tue Dec 1, 2026." in page
    assert "More than 10 school days: a change of placement" in page
    assert f"A pattern of removals, determined by {case_manager} on Nov 18." in page
    assert f"Determined by {case_manager} on Nov 18, 2026" in page
    assert "three removals in six weeks" in page
    again = client.post(opened["Location"], _form())  # Back then Save, or a retried request
    assert "Already saved" in again.content.decode()
    assert PatternDetermination.objects.get().determined_by == case_manager


@pytest.mark.parametrize(("overrides", "message"), [
    ({"basis": "  "}, "This field is required."),
    ({"outcome": ""}, "This field is required."),
    ({"determined_on": "2026-11-30"}, "A determination is recorded once it is made, not ahead."),
])
def test_bad_input_is_refused_and_kept(login, iep, school_admin, case_manager, overrides, message) -> None:  # noqa: ANN001
    _three_removals(iep.student, school_admin)
    response = login(case_manager).post(_url(iep), {"k": str(uuid.uuid4()), **_form(**overrides)})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "three removals in six weeks" in page or overrides.get("basis")
    assert not PatternDetermination.objects.exists()


def test_a_removal_that_does_not_ask_sends_back_to_the_list(login, iep, school_admin, case_manager) -> None:  # noqa: ANN001
    _three_removals(iep.student, school_admin)
    response = login(case_manager).get(_url(iep, "2026-11-02") + f"&k={uuid.uuid4()}", follow=True)
    assert "No removal asks for a pattern determination now." in response.content.decode()


def test_a_provider_reads_it_but_does_not_record_it(login, iep, school_admin, provider) -> None:  # noqa: ANN001
    _three_removals(iep.student, school_admin)
    client = login(provider)
    page = client.get(reverse("behavior:removals", args=[iep.student_id])).content.decode()
    assert "determination needed" in page and "The case manager or an administrator records it." in page
    assert client.post(_url(iep), {"k": str(uuid.uuid4()), **_form()}).status_code == 403


def test_the_reminder_asks_until_it_is_determined(iep, school_admin, case_manager) -> None:  # noqa: ANN001
    _three_removals(iep.student, school_admin)
    found = manifestation_sweep(TODAY)
    assert {r.user_id for r in found} == {case_manager.pk, school_admin.pk}
    assert found[0].title == (
        "Maya Lopez: 11 school days of removal this school year by short removals — record whether "
        "they form a pattern (a change of placement; its manifestation determination would be due Dec 1)")
    assert found[0].key.split(":")[3] == "pattern" and not found[0].urgent
    _determine(iep.student, school_admin, D(2026, 11, 16), NO_PATTERN)
    assert manifestation_sweep(TODAY) == []
    assert not Notification.objects.filter(dedupe_key__startswith="manifestation:", resolved_at__isnull=True)


@pytest.mark.parametrize("n", [1, 5])
def test_many_students_in_a_fixed_number_of_queries(n, iep, school_admin, django_assert_num_queries) -> None:  # noqa: ANN001
    students = [iep.student] + [StudentFactory(school=iep.student.school) for _ in range(n - 1)]
    for s in students:
        _three_removals(s, school_admin)
        _determine(s, school_admin, D(2026, 11, 16), PATTERN)
    with django_assert_num_queries(5):  # removals, calendars, closures, determinations, meetings
        found = placements_for(students, TODAY)
    assert all(found[s.pk].change is not None for s in students)
