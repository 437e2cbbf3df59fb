"""Testing days: a window makes assessment accommodations expected on its days only, in the
classes it covers; the test coordinator reads the roster of their school and nothing else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accommodations.classroom import classes_for
from accommodations.models import Support
from accommodations.rates import implementation_for
from assessments import actions
from assessments.models import AssessmentWindow
from iep_portal.models import AccessLog, User
from tests import factories as f
from tests.accommodations.factories import SupportFactory
from tests.conftest import FROZEN_TODAY

MON, TUE, WED = dt.date(2026, 11, 16), dt.date(2026, 11, 17), FROZEN_TODAY


def assessment_support(iep, text="Extended time (1.5x) on tests"):  # noqa: ANN001, ANN201
    return SupportFactory(iep=iep, text=text, scope=Support.Scope.ASSESSMENTS,
                          frequency=Support.Frequency.ASSESSMENTS, start_date=dt.date(2026, 9, 1))


def state_test(school, by, first=TUE, last=TUE, **kw):  # noqa: ANN001, ANN003, ANN201
    return actions.window_create(by=by, name="State math test", kind="state", scope="school",
                                 school=school, first_day=first, last_day=last, **kw)


def test_a_window_makes_assessment_supports_expected_on_its_days_only(
    iep, section, school, school_admin, gen_ed_teacher, calendar,  # noqa: ANN001
) -> None:
    assessment_support(iep)
    state_test(school, school_admin)
    [tuesday] = classes_for(gen_ed_teacher, TUE)
    [monday] = classes_for(gen_ed_teacher, MON)
    assert tuesday.assessment == ["State math test"] and tuesday.expected == 1
    assert monday.assessment == [] and monday.expected == 0
    # The rates count the one assessment day (Monday and Tuesday are both counted days).
    tally = implementation_for([iep.student], MON, TUE).total()
    assert tally.expected == 1 and tally.missing == 1


def test_a_window_of_one_subject_skips_other_classes(
    iep, section, school, school_admin, gen_ed_teacher, calendar,  # noqa: ANN001
) -> None:
    assessment_support(iep)
    state_test(school, school_admin, subject="Science")
    assert implementation_for([iep.student], MON, TUE).total().expected == 0


def test_a_unit_test_for_one_class_affects_that_class_only(
    iep, section, school, gen_ed_teacher, student, calendar,  # noqa: ANN001
) -> None:
    assessment_support(iep)
    other = f.SectionFactory(school=school, teacher=gen_ed_teacher, name="Science 6", period="3",
                             subject="Science")
    f.EnrollmentFactory(student=student, section=other)
    actions.window_create(by=gen_ed_teacher, name="Fractions unit test", kind="unit", scope="section",
                          section=section, school=school, first_day=TUE, last_day=TUE)
    by_section = {s.section.pk: s for s in classes_for(gen_ed_teacher, TUE)}
    assert by_section[section.pk].expected == 1
    assert by_section[other.pk].expected == 0 and by_section[other.pk].assessment == []


def test_sessions_narrow_a_window_to_their_days(
    iep, section, school, school_admin, gen_ed_teacher, calendar,  # noqa: ANN001
) -> None:
    assessment_support(iep)
    state_test(school, school_admin, first=MON, last=WED,
               sessions=[actions.SessionSpec(day=TUE, starts_at=dt.time(9), ends_at=dt.time(11))])
    tally = implementation_for([iep.student], MON, WED).total()
    assert tally.expected == 1


def test_a_session_outside_its_window_is_refused(school, school_admin) -> None:  # noqa: ANN001
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError, match="inside the window"):
        state_test(school, school_admin, sessions=[actions.SessionSpec(day=WED)])
    assert not AssessmentWindow.objects.exists()


def test_the_roster_lists_the_coordinators_school_only(
    login, iep, section, school, other_school, school_admin, test_coordinator, calendar,  # noqa: ANN001
) -> None:
    assessment_support(iep)
    SupportFactory(iep=iep, text="Graphic organizer in class")  # every class: not a testing one
    other_student = f.StudentFactory(school=other_school, first_name="Zed", last_name="Other")
    assessment_support(f.IEPFactory(student=other_student), text="Read aloud")
    plain = f.StudentFactory(school=school, first_name="Nora", last_name="Plain")
    f.IEPFactory(student=plain)  # an IEP with no testing accommodation
    window = actions.window_create(by=school_admin, name="District reading test", kind="district",
                                   scope="district", first_day=WED, last_day=WED)
    page = login(test_coordinator).get(reverse("accommodations:testing_roster", args=[window.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Lopez, Maya" in body and "Extended time" in body
    assert "Graphic organizer" not in body and "Other, Zed" not in body and "Plain, Nora" not in body
    assert "(case manager)" in body and "(teacher)" in body
    assert set(AccessLog.objects.filter(user=test_coordinator).values_list("student_id", flat=True)) == {
        iep.student_id}
    printed = login(test_coordinator).get(reverse("accommodations:testing_roster_print", args=[window.pk]))
    assert printed.status_code == 200 and "roster-page" in printed.content.decode()
    assert "Lopez, Maya" in printed.content.decode()


def test_the_coordinator_sees_no_student_page(login, iep, test_coordinator) -> None:  # noqa: ANN001
    client = login(test_coordinator)
    assert client.get(reverse("accommodations:glance", args=[iep.student_id])).status_code == 404
    assert client.get(reverse("accommodations:student", args=[iep.student_id])).status_code == 404
    from students.models import Student
    assert not Student.objects.visible_to(test_coordinator).exists()


@pytest.mark.parametrize("n", [2, 10])
def test_the_roster_runs_the_same_queries_however_many_students(
    n, login, school, section, school_admin, test_coordinator, calendar,  # noqa: ANN001
) -> None:
    for i in range(n):
        student = f.StudentFactory(school=school, last_name=f"Kid{i:02d}")
        f.EnrollmentFactory(student=student, section=section)
        assessment_support(f.IEPFactory(student=student))
    window = state_test(school, school_admin, first=WED, last=WED)
    client = login(test_coordinator)
    url = reverse("accommodations:testing_roster", args=[window.pk])
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert page.content.decode().count("Kid") >= n
    # Thirteen at 2 and at 10 students (session, user, the two-step check, the window, its
    # sessions, the testing supports, the students' classes, the access-log insert, the
    # header's reads and the session save): constant in the number of students.
    assert len(ctx.captured_queries) == 13, [q["sql"][:80] for q in ctx.captured_queries]


def test_the_window_form_saves_once_under_a_repeat(login, school_admin, school) -> None:  # noqa: ANN001
    client = login(school_admin)
    url = reverse("assessments:window_add")
    opened = client.get(url)
    assert opened.status_code == 302
    keyed = opened["Location"]
    data = {"name": "State math test", "kind": "state", "scope": "school", "school": school.pk,
            "subject": "Math", "first_day": "2027-04-13", "last_day": "2027-04-15",
            "sessions-TOTAL_FORMS": "3", "sessions-INITIAL_FORMS": "0",
            "sessions-0-day": "2027-04-13", "sessions-0-starts_at": "09:00", "sessions-0-ends_at": "11:00",
            "sessions-0-label": "Session 1"}
    key = keyed.split("k=")[1]
    first = client.post(keyed, {**data, "k": key})
    assert first.status_code == 302
    again = client.post(keyed, {**data, "k": key})
    assert again.status_code == 200 and "already" in again.content.decode().lower()
    assert AssessmentWindow.objects.count() == 1
    assert AssessmentWindow.objects.get().sessions.count() == 1
    bad = client.get(url)
    bad = client.post(bad["Location"], {**data, "last_day": "2027-04-01",
                                        "k": bad["Location"].split("k=")[1]})
    assert bad.status_code == 400 and "cannot be before" in bad.content.decode()
    assert AssessmentWindow.objects.count() == 1


def test_a_teacher_adds_a_unit_test_for_their_class_only(login, gen_ed_teacher, section, school) -> None:  # noqa: ANN001
    client = login(gen_ed_teacher)
    opened = client.get(reverse("assessments:window_add"))
    keyed = opened["Location"]
    other = f.SectionFactory(school=school, name="Not mine")
    data = {"name": "Fractions unit test", "section": other.pk, "first_day": "2026-11-20",
            "last_day": "2026-11-20", "sessions-TOTAL_FORMS": "0", "sessions-INITIAL_FORMS": "0",
            "k": keyed.split("k=")[1]}
    assert client.post(keyed, data).status_code == 400
    assert client.post(keyed, {**data, "section": section.pk}).status_code == 302
    window = AssessmentWindow.objects.get()
    assert (window.kind, window.scope, window.section_id) == ("unit", "section", section.pk)
    assert User.objects.filter(pk=window.created_by_id, role=User.Role.GEN_ED_TEACHER).exists()
