"""The student page's disciplinary-removal panel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from behavior.models import Removal


def _remove(iep, user, days, portion="1"):  # noqa: ANN001, ANN202
    for day in days:
        Removal.objects.create(student=iep.student, date=day, setting=Removal.Setting.OUT_OF_SCHOOL,
                               portion=Decimal(portion), reason="Fighting", recorded_by=user)


def test_it_is_absent_before_the_first_removal(login, iep, case_manager) -> None:  # noqa: ANN001
    page = login(case_manager).get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert "Disciplinary removals" not in page


def test_the_case_manager_sees_the_count_and_the_five_day_warning(login, iep, case_manager) -> None:  # noqa: ANN001
    # Mon 2 .. Thu 5 Nov full days and half of Fri 6 Nov: 4.5 days, then Mon 9 Nov: 5.5.
    _remove(iep, case_manager, [dt.date(2026, 11, d) for d in (2, 3, 4, 5)])
    _remove(iep, case_manager, [dt.date(2026, 11, 6)], portion="0.5")
    page = login(case_manager).get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert "4.5 school days of removal this school year" in page
    assert "5 or more school days" not in page
    _remove(iep, case_manager, [dt.date(2026, 11, 9)])
    page = login(case_manager).get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert "5.5 school days of removal this school year" in page
    assert "5 or more school days of removal" in page
    assert "change of placement</span>" not in page


def test_more_than_ten_days_is_a_change_of_placement(login, iep, case_manager) -> None:  # noqa: ANN001
    # Eleven school days: 26 Oct .. 30 Oct, 2 Nov .. 6 Nov, 9 Nov.
    days = [dt.date(2026, 10, d) for d in range(26, 31)] + [dt.date(2026, 11, d) for d in range(2, 7)]
    _remove(iep, case_manager, [*days, dt.date(2026, 11, 9)])
    page = login(case_manager).get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert "11 school days of removal this school year" in page
    assert "More than 10 school days: a change of placement" in page


def test_a_gen_ed_teacher_does_not_see_it(login, iep, case_manager, gen_ed_teacher) -> None:  # noqa: ANN001
    _remove(iep, case_manager, [dt.date(2026, 11, 2)])
    response = login(gen_ed_teacher).get(reverse("students:detail", args=[iep.student_id]), follow=True)
    assert "Disciplinary removals" not in response.content.decode()
