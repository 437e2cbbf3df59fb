"""The student page's IEP summary: the disability categories and environment state reporting uses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from services.models import ServiceRequirement
from students import demo as students_demo
from students.models import IEP

pytestmark = pytest.mark.django_db


def test_the_team_reads_the_categories_on_the_student_page(login, case_manager, iep) -> None:  # noqa: ANN001
    iep.primary_disability, iep.secondary_disability = "autism", "speech_language_impairment"
    iep.educational_environment, iep.eligibility_date = "regular_40_79", dt.date(2022, 10, 3)
    iep.save()
    page = login(case_manager).get(reverse("students:detail", args=[iep.student.pk])).content.decode()
    assert "Autism; secondary: Speech or language impairment" in page
    assert "Regular class 40% to 79% of the day" in page and "Oct 3, 2022" in page


def test_the_classroom_view_does_not_show_the_disability(login, gen_ed_teacher, iep) -> None:  # noqa: ANN001
    iep.primary_disability = "emotional_disturbance"
    iep.save()
    page = login(gen_ed_teacher).get(reverse("students:detail", args=[iep.student.pk])).content.decode()
    assert "Emotional disturbance" not in page and "Disability category" not in page


def test_an_iep_without_categories_says_so(login, case_manager, iep) -> None:  # noqa: ANN001
    page = login(case_manager).get(reverse("students:detail", args=[iep.student.pk])).content.decode()
    assert "Not recorded" in page


def test_developmental_delay_is_for_children_under_ten(iep) -> None:  # noqa: ANN001
    iep.student.date_of_birth = dt.date(2016, 9, 8)  # 10 on the IEP's start date
    iep.student.save()
    iep.primary_disability = IEP.Disability.DEVELOPMENTAL_DELAY
    with pytest.raises(ValidationError, match="aged 3 through 9; the student is 10"):
        iep.full_clean()
    iep.student.date_of_birth = dt.date(2016, 9, 9)  # still 9
    iep.student.save()
    iep.full_clean()


def test_the_demo_ieps_have_categories_that_fit_their_services() -> None:
    from services import demo as services_demo

    world = students_demo.load()
    assert world is not None
    services_demo.load(world)
    ieps = IEP.objects.filter(kind=IEP.Kind.IEP)
    assert all(i.primary_disability and i.educational_environment and i.eligibility_date for i in ieps)
    # 504 plans carry an impairment instead, and none of IDEA's reporting fields.
    plans = IEP.objects.filter(kind=IEP.Kind.SECTION_504)
    assert plans.count() == 6
    assert all(p.impairment and p.major_life_activity and not p.primary_disability
               and not p.educational_environment for p in plans)
    speech = set(ServiceRequirement.objects.filter(area="Speech-language").values_list("iep", flat=True))
    reading = set(ServiceRequirement.objects.filter(area="Reading").values_list("iep", flat=True))
    for i in ieps:
        categories = {i.primary_disability, i.secondary_disability}
        if i.pk in speech:
            assert "speech_language_impairment" in categories
        if i.pk in reading:
            assert categories & {"specific_learning_disability", "emotional_disturbance"}
