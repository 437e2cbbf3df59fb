from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_it_signs_in_a_case_manager(steps, case_manager, iep, school_admin) -> None:  # noqa: ANN001
    steps.sign_in(case_manager)
    steps.check("my-day")
    steps.goto(f"/students/{iep.student.pk}/")
    steps.check("student")
    steps.goto("/students/")
    steps.check("students")
    steps.goto("/accounts/password/change/")
    steps.check("password-change")
    steps.goto("/accounts/2fa/")
    steps.check("mfa-index")
    steps.sign_out()
    steps.check("signed-out")
    steps.sign_in(school_admin)
    steps.check("admin-my-day")
    steps.goto("/staff/access-log/")
    steps.check("access-log")
