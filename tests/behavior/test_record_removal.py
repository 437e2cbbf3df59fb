"""Recording a removal: one row per school day, Back and retries save once, bad input is kept.

The calendar runs 17 Aug 2026 to 4 Jun 2027 with Thanksgiving (Thu 26 Nov) closed; today is
Wed 18 Nov 2026.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from behavior.models import Removal
from tests.factories import ClosureFactory, UserFactory

D = dt.date


@pytest.fixture
def thanksgiving(calendar):  # noqa: ANN001, ANN201
    return ClosureFactory(calendar=calendar, date=D(2026, 11, 26), reason="Thanksgiving")


def _form(**overrides: str) -> dict[str, str]:
    return {"k": str(uuid.uuid4()), "start_date": "2026-11-24", "school_days": "4", "end_date": "",
            "setting": "out_of_school", "portion": "1.00",
            "reason": "Fighting in the cafeteria (code of conduct 4.2).", **overrides}


def _url(iep) -> str:  # noqa: ANN001
    return reverse("behavior:removal_record", args=[iep.student_id])


def test_it_records_one_row_per_school_day_across_a_closure_and_a_weekend(
    login, iep, school_admin, thanksgiving  # noqa: ANN001
) -> None:
    response = login(school_admin).post(_url(iep), _form(), follow=True)
    rows = list(Removal.objects.filter(student=iep.student).order_by("date"))
    # Tue 24, Wed 25, (Thu 26 closed), Fri 27, (Sat 28, Sun 29), Mon 30 Nov.
    assert [r.date for r in rows] == [D(2026, 11, 24), D(2026, 11, 25), D(2026, 11, 27), D(2026, 11, 30)]
    assert {(r.setting, r.portion, r.recorded_by_id) for r in rows} == {
        ("out_of_school", Decimal("1.00"), school_admin.pk)}
    page = response.content.decode()
    assert "Removal recorded for 4 school days: Tue Nov 24, Wed Nov 25, Fri Nov 27, Mon Nov 30." in page
    assert "Not school days, so not recorded: Thu Nov 26, Sat Nov 28, Sun Nov 29." in page


def test_it_records_through_a_last_day(login, iep, district_admin) -> None:  # noqa: ANN001
    login(district_admin).post(_url(iep), _form(start_date="2026-11-20", school_days="", end_date="2026-11-24",
                                                setting="in_school", portion="0.50"))
    assert list(Removal.objects.values_list("date", "setting", "portion")) == [
        (D(2026, 11, 20), "in_school", Decimal("0.50")), (D(2026, 11, 23), "in_school", Decimal("0.50")),
        (D(2026, 11, 24), "in_school", Decimal("0.50"))]


def test_a_number_of_days_and_a_last_day_that_agree_are_accepted(login, iep, school_admin) -> None:  # noqa: ANN001
    response = login(school_admin).post(_url(iep), _form(start_date="2026-11-20", school_days="2",
                                                         end_date="2026-11-23"))
    assert response.status_code == 302
    assert Removal.objects.count() == 2


def test_a_form_saved_twice_records_once(login, iep, school_admin, thanksgiving) -> None:  # noqa: ANN001
    client = login(school_admin)
    opened = client.get(_url(iep))
    assert opened.status_code == 302 and "?k=" in opened["Location"]
    data = _form()
    del data["k"]
    assert client.post(opened["Location"], data).status_code == 302
    again = client.post(opened["Location"], data)  # Back then Save, or a retried request
    assert "Already saved" in again.content.decode()
    assert reverse("behavior:removals", args=[iep.student_id]) in again.content.decode()
    assert "Already saved" in client.get(opened["Location"]).content.decode()  # the second tab
    assert Removal.objects.count() == 4


def test_two_forms_record_two_removals(login, iep, school_admin) -> None:  # noqa: ANN001
    client = login(school_admin)
    client.post(_url(iep), _form(school_days="1"))
    response = client.post(_url(iep), _form(school_days="1", setting="in_school"), follow=True)
    assert Removal.objects.count() == 2
    assert "A removal was already recorded on Tue Nov 24" in response.content.decode()


@pytest.mark.parametrize(("overrides", "message"), [
    ({"start_date": "2026-11-21"}, "Sat Nov 21, 2026 is not a school day (a weekend or a closure)."),
    ({"start_date": "2026-11-26"}, "Thu Nov 26, 2026 is not a school day"),
    ({"start_date": "2027-08-20"}, "No school calendar covers Fri Aug 20, 2027 yet"),
    ({"school_days": ""}, "Give the number of school days or the last day."),
    ({"school_days": "0"}, "Ensure this value is greater than or equal to 1."),
    ({"school_days": "", "end_date": "2026-11-20"}, "The last day is before the first day."),
    ({"school_days": "2", "end_date": "2026-11-30"},
     "2 school days from Tue Nov 24, 2026 end on Wed Nov 25, 2026, not Mon Nov 30, 2026."),
    ({"start_date": "2027-06-01", "school_days": "6"}, "The school calendar has only 4 school days"),
    ({"services_continued": "on"}, "Only an in-school removal can continue the student&#x27;s services."),
    ({"reason": "  "}, "This field is required."),
    ({"start_date": "2026-02-30"}, "Enter a valid date."),
])
def test_bad_input_is_refused_with_a_message_and_nothing_typed_is_lost(
    login, iep, school_admin, thanksgiving, overrides, message  # noqa: ANN001
) -> None:
    response = login(school_admin).post(_url(iep), _form(**overrides))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "Fighting in the cafeteria (code of conduct 4.2)." in page or overrides.get("reason")
    assert Removal.objects.count() == 0


def test_a_refused_form_can_be_corrected_and_saved_with_the_same_key(login, iep, school_admin) -> None:  # noqa: ANN001
    client = login(school_admin)
    data = _form(start_date="2026-11-21")
    assert client.post(_url(iep), data).status_code == 400
    data["start_date"] = "2026-11-23"
    assert client.post(_url(iep), data).status_code == 302
    assert Removal.objects.count() == 4


def test_the_case_manager_reads_but_does_not_record(login, iep, case_manager, school_admin) -> None:  # noqa: ANN001
    login(school_admin).post(_url(iep), _form(school_days="1"))
    client = login(case_manager)
    assert client.post(_url(iep), _form()).status_code == 403
    page = client.get(reverse("behavior:removals", args=[iep.student_id])).content.decode()
    assert "Tue Nov 24, 2026" in page and "Fighting in the cafeteria" in page
    assert f"Recorded by {school_admin}, Nov 18, 2026" in page
    assert "Record a removal" not in page
    assert Removal.objects.count() == 1


def test_a_teacher_of_another_school_gets_nothing(login, iep, outsider) -> None:  # noqa: ANN001
    client = login(outsider)
    assert client.post(_url(iep), _form()).status_code == 404
    assert client.get(reverse("behavior:removals", args=[iep.student_id])).status_code == 404


def test_the_student_page_links_the_administrator_to_the_form(login, iep, school_admin) -> None:  # noqa: ANN001
    page = login(school_admin).get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert "Disciplinary removals" in page
    assert reverse("behavior:removal_record", args=[iep.student_id]) in page


def test_the_list_marks_a_row_on_a_day_school_did_not_meet(login, iep, school_admin, thanksgiving) -> None:  # noqa: ANN001
    Removal.objects.create(student=iep.student, date=D(2026, 11, 26), setting="out_of_school",
                           reason="Recorded before the closure was added.", recorded_by=school_admin)
    page = login(school_admin).get(reverse("behavior:removals", args=[iep.student_id])).content.decode()
    assert "not a school day: not counted" in page
    assert "0 school days of removal this school year" in page


@pytest.mark.parametrize("n", [1, 8])
def test_the_list_runs_the_same_queries_however_many_removals(
    n, login, iep, case_manager, django_assert_num_queries  # noqa: ANN001
) -> None:
    principal = UserFactory()
    days = [D(2026, 9, 1) + dt.timedelta(days=i) for i in range(0, 14)]
    school_days = [d for d in days if d.weekday() < 5][:n]
    for day in school_days:
        Removal.objects.create(student=iep.student, date=day, setting="out_of_school", reason="Fighting",
                               recorded_by=principal)
    Removal.objects.create(student=iep.student, date=D(2025, 10, 1), setting="in_school",
                           reason="Last year", recorded_by=principal)
    client = login(case_manager)
    client.get(reverse("behavior:removals", args=[iep.student_id]))  # warm the session's caches
    # session, user (2); access: student, IEP, log (3); the list, calendars, closures (3); the count:
    # removals, calendars, closures (3); the determination: removals (1, at most 9 days: no more);
    # the pattern determinations (1); the header's unread count (1)
    with django_assert_num_queries(14):
        page = client.get(reverse("behavior:removals", args=[iep.student_id])).content.decode()
    assert page.count('<li id="removal-') == n + 1
    assert "Earlier school years (1 day)" in page
