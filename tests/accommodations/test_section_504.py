"""A class mixing IEP and 504 students: the same check-off actions, acknowledgements, rates and
reminders for both, and every page says which plan a support comes from."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accommodations.acknowledgements import outstanding_acknowledgements
from accommodations.models import ImplementationCheck
from accommodations.rates import implementation_for
from notifications.models import Notification
from notifications.sweeps import run_sweep
from students.models import IEP
from tests import factories as f
from tests.accommodations.factories import SupportFactory
from tests.students.test_section_504 import plan_504

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 18)
MY_CLASSES = reverse("accommodations:my_classes")


@pytest.fixture
def coordinator(school):  # noqa: ANN001, ANN201
    from iep_portal.models import User
    return f.UserFactory(role=User.Role.CASE_MANAGER, schools=[school], first_name="Alex", last_name="Brooks",
                         title="School counselor, 504 coordinator")


@pytest.fixture
def plan(school, calendar, section, coordinator):  # noqa: ANN001, ANN201
    student = f.StudentFactory(school=school, first_name="Sofia", last_name="Clark", student_number="S1")
    f.EnrollmentFactory(student=student, section=section)
    plan = plan_504(student, coordinator)
    SupportFactory(iep=plan, text="Preferential seating near instruction")
    return plan


def test_the_class_shows_both_plans_and_all_provided_covers_both(
    login, iep, plan, section, gen_ed_teacher, support,  # noqa: ANN001
) -> None:
    client = login(gen_ed_teacher)
    page = client.get(MY_CLASSES).content.decode()
    assert "2 students with a plan (1 IEP, 1 504 plan)" in page
    assert '<small class="plan-kind plan-504">504 plan</small>' in page
    assert '<small class="plan-kind">IEP</small>' in page
    client.post(reverse("accommodations:section_check", args=[section.pk]),
                {"date": "2026-11-18", "section_all": "1"})
    checked = set(ImplementationCheck.objects.filter(outcome="provided").values_list("student_id", flat=True))
    assert checked == {iep.student_id, plan.student_id}


def test_the_teacher_is_asked_to_acknowledge_the_504_plan(login, plan, gen_ed_teacher) -> None:  # noqa: ANN001
    dues = outstanding_acknowledgements([plan], users=[gen_ed_teacher], today=TODAY)
    assert [(d.iep, d.user) for d in dues] == [(plan, gen_ed_teacher)]
    page = login(gen_ed_teacher).get(reverse("home")).content.decode()
    assert "1 504 plan to read and acknowledge" in page
    glance = login(gen_ed_teacher).get(reverse("accommodations:glance", args=[plan.student_id])).content.decode()
    assert "Sofia Clark: 504 plan at a glance" in glance


def test_rates_count_a_504_support_like_any_other(plan, section, gen_ed_teacher) -> None:  # noqa: ANN001
    support = plan.supports.get()
    ImplementationCheck.objects.create(support=support, student=plan.student, section=section,
                                       date=dt.date(2026, 11, 17), teacher=gen_ed_teacher, outcome="provided")
    result = implementation_for([plan.student_id], dt.date(2026, 11, 16), dt.date(2026, 11, 17))
    tally = dict(result.by_support())[support]
    assert (tally.expected, tally.provided, tally.missing) == (2, 1, 1)


def test_missing_check_offs_of_a_504_support_remind_the_teacher(plan, section, gen_ed_teacher) -> None:  # noqa: ANN001
    assert run_sweep("accommodation_checks", TODAY).created == 1
    (note,) = Notification.objects.filter(kind="checks_missing")
    assert note.user == gen_ed_teacher and note.title.startswith("Sofia Clark: accommodation check-offs missing")


def test_the_deadlines_and_fidelity_filter_by_plan(login, district_admin, iep, plan) -> None:  # noqa: ANN001
    # Both reviews fall due within the list's 60 days.
    IEP.objects.filter(pk__in=[iep.pk, plan.pk]).update(annual_review_due=dt.date(2026, 12, 15))
    client = login(district_admin)
    only_504 = client.get(reverse("fidelity:deadlines"), {"plan": IEP.Kind.SECTION_504}).content.decode()
    assert "Clark" in only_504 and "Lopez" not in only_504
    only_ieps = client.get(reverse("fidelity:deadlines"), {"plan": IEP.Kind.IEP}).content.decode()
    assert "Lopez" in only_ieps and "Clark" not in only_ieps
    listed = client.get(reverse("fidelity:students"), {"plan": IEP.Kind.SECTION_504}).content.decode()
    assert "Clark" in listed and "Lopez" not in listed
    both = client.get(reverse("fidelity:students")).content.decode()
    assert "Clark" in both and "Lopez" in both


def test_the_student_page_names_the_plan_and_the_coordinator(login, plan, coordinator) -> None:  # noqa: ANN001
    page = login(coordinator).get(reverse("students:detail", args=[plan.student_id])).content.decode()
    assert "504 plan at a glance" in page and "504 coordinator" in page
    assert "ADHD, combined presentation" in page and "concentrating" in page
    assert "Least restrictive environment" not in page  # an IDEA measure


def test_the_responsibilities_of_a_504_plan_have_no_sdi_or_goals(login, plan, coordinator) -> None:  # noqa: ANN001
    rows = login(coordinator).get(reverse("students:detail", args=[plan.student_id])).context["responsibilities"]
    keys = [row["responsibility"].key for row in rows]
    assert "teach_sdi" not in keys and "monitor_progress" not in keys and "reinforce_sdi" not in keys
    assert str(rows[0]["responsibility"].label).startswith("Manage the 504 plan")
    assert "implement_accommodations" in keys
