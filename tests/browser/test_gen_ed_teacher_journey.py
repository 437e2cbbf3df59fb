"""A general-education teacher sees the students in their classes, and nobody else."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories as f

pytestmark = pytest.mark.browser


def test_a_gen_ed_teacher_sees_only_their_students(
    steps, gen_ed_teacher, case_manager, iep, school, other_school  # noqa: ANN001
) -> None:
    page = steps.page
    not_in_class = f.StudentFactory(school=school, first_name="Noah", last_name="Kim")
    f.IEPFactory(student=not_in_class, case_manager=case_manager)
    elsewhere = f.StudentFactory(school=other_school, first_name="Ella", last_name="Stone")

    steps.sign_in(gen_ed_teacher)
    steps.check("my-day")
    page.get_by_role("link", name="My students (1)").click()
    expect(page.get_by_role("heading", name="Students you serve (1)")).to_be_visible()
    expect(page.get_by_role("link", name="Maya Lopez")).to_be_visible()
    expect(page.get_by_text("Math 6")).to_be_visible()
    steps.check("my-students")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Students").click()
    table = page.get_by_role("table")
    expect(table.get_by_role("link")).to_have_count(1)
    expect(table.get_by_role("link", name="Lopez, Maya")).to_be_visible()
    expect(page.get_by_text("Kim")).to_have_count(0)
    steps.check("students")

    table.get_by_role("link", name="Lopez, Maya").click()
    expect(page.get_by_role("heading", name="Maya Lopez", level=1)).to_be_visible()
    # The classroom view: no evaluation dates for a teacher who is not on the team.
    expect(page.get_by_text("Reevaluation due")).to_have_count(0)
    steps.check("student-classroom-view")

    response = steps.goto(f"/students/{elsewhere.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.get_by_text("Stone")).to_have_count(0)
    steps.check("other-school-student-not-found")
