"""My classes: the gen-ed teacher's check-off page, with and without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accommodations.models import Assessment, ImplementationCheck, Support
from tests import factories as f
from tests.accommodations.factories import SupportFactory

URL = reverse("accommodations:my_classes")


def check_url(section) -> str:  # noqa: ANN001
    return reverse("accommodations:section_check", args=[section.pk])


def test_it_lists_only_the_supports_that_apply_to_the_class(login, iep, support, gen_ed_teacher) -> None:  # noqa: ANN001
    SupportFactory(iep=iep, text="Lab safety buddy", scope=Support.Scope.SUBJECTS, subjects=["Science"])
    page = login(gen_ed_teacher).get(URL).content.decode()
    assert "Maya Lopez" in page
    assert support.text in page
    assert "Lab safety buddy" not in page
    assert "1</strong> support left to check" in page


def test_one_tap_marks_a_support_provided_and_redirects(login, support, section, gen_ed_teacher) -> None:  # noqa: ANN001
    response = login(gen_ed_teacher).post(check_url(section), {"date": "2026-11-18", "provided": support.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?section={section.pk}#section-{section.pk}"
    check = ImplementationCheck.objects.get()
    assert (check.outcome, check.teacher, check.date) == ("provided", gen_ed_teacher, dt.date(2026, 11, 18))
    assert "All checked" in login(gen_ed_teacher).get(URL).content.decode()


def test_another_outcome_takes_a_note(login, support, section, gen_ed_teacher) -> None:  # noqa: ANN001
    login(gen_ed_teacher).post(check_url(section), {
        "date": "2026-11-18", "other": support.pk, f"outcome-{support.pk}": "declined",
        f"note-{support.pk}": "Wanted to finish with the class",
    })
    check = ImplementationCheck.objects.get()
    assert (check.outcome, check.note) == ("declined", "Wanted to finish with the class")


def test_all_provided_for_the_class_in_one_action(login, school, section, gen_ed_teacher, support) -> None:  # noqa: ANN001
    others = _iep_students(school, section, 3)
    login(gen_ed_teacher).post(check_url(section), {"date": "2026-11-18", "section_all": "1"})
    made = ImplementationCheck.objects.filter(support__frequency=Support.Frequency.EVERY_CLASS)
    assert made.filter(outcome="provided").count() == 1 + 3 * 2
    assert {c.student_id for c in made} == {support.iep.student_id, *others}


def test_all_provided_for_one_student(login, iep, school, section, gen_ed_teacher, support) -> None:  # noqa: ANN001
    SupportFactory(iep=iep, text="Notes provided")
    _iep_students(school, section, 2)
    login(gen_ed_teacher).post(check_url(section), {"date": "2026-11-18", "student_all": iep.student_id})
    made = ImplementationCheck.objects.filter(support__frequency=Support.Frequency.EVERY_CLASS)
    assert set(made.values_list("student_id", flat=True)) == {iep.student_id}
    assert made.count() == 2


def test_a_script_gets_the_class_fragment_back(login, support, section, gen_ed_teacher) -> None:  # noqa: ANN001
    response = login(gen_ed_teacher).post(
        check_url(section), {"date": "2026-11-18", "provided": support.pk}, HTTP_X_REQUESTED_WITH="fetch",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "data-section" in body
    assert "<html" not in body
    assert "✓ Provided" in body and "Saved for Maya Lopez." in body


def test_assessment_only_supports_become_due_when_the_teacher_records_an_assessment(
    login, iep, section, gen_ed_teacher  # noqa: ANN001
) -> None:
    SupportFactory(iep=iep, text="Read test aloud", scope=Support.Scope.ASSESSMENTS,
                   frequency=Support.Frequency.ASSESSMENTS)
    client = login(gen_ed_teacher)
    assert "Nothing due" in client.get(URL).content.decode()
    client.post(check_url(section), {"date": "2026-11-18", "assessment": "1"})
    assert Assessment.objects.filter(section=section, date=dt.date(2026, 11, 18)).exists()
    assert "1</strong> support left to check" in client.get(URL).content.decode()


def test_a_closure_shows_no_school_and_refuses_checks(
    login, calendar, support, section, gen_ed_teacher  # noqa: ANN001
) -> None:
    f.ClosureFactory(calendar=calendar, date=dt.date(2026, 11, 17), reason="Snow day")
    client = login(gen_ed_teacher)
    assert "not a school day" in client.get(URL, {"date": "2026-11-17"}).content.decode()
    response = client.post(check_url(section), {"date": "2026-11-17", "provided": support.pk}, follow=True)
    assert "is not a school day on the calendar" in response.content.decode()
    assert not ImplementationCheck.objects.exists()


def test_another_teachers_class_is_not_found(login, support, section, colleague) -> None:  # noqa: ANN001
    response = login(colleague).post(check_url(section), {"date": "2026-11-18", "provided": support.pk})
    assert response.status_code == 404


def test_a_teacher_cannot_check_a_support_of_a_student_not_in_their_class(
    login, school, colleague, support  # noqa: ANN001
) -> None:
    mine = f.SectionFactory(school=school, teacher=colleague, subject="Art")
    response = login(colleague).post(check_url(mine), {"date": "2026-11-18", "provided": support.pk})
    assert response.status_code == 404  # the student is not theirs: same answer as no such support


def test_my_day_links_to_my_classes_with_todays_unchecked_count(login, support, gen_ed_teacher) -> None:  # noqa: ANN001
    page = login(gen_ed_teacher).get(reverse("home")).content.decode()
    assert "1 to check" in page
    assert URL in page


def _iep_students(school, section, n: int) -> list[int]:  # noqa: ANN001
    manager = f.UserFactory(role="case_manager", schools=[school])
    ids = []
    for _ in range(n):
        iep = f.IEPFactory(student=f.StudentFactory(school=school), case_manager=manager)
        f.EnrollmentFactory(student=iep.student, section=section)
        SupportFactory(iep=iep)
        SupportFactory(iep=iep, category=Support.Category.SETTING, text="Seat near the board")
        ImplementationCheck.objects.create(
            support=SupportFactory(iep=iep, frequency=Support.Frequency.AS_NEEDED, text="Breaks"),
            student=iep.student, section=section, date=dt.date(2026, 11, 18),
            teacher=section.teacher, outcome="provided",
        )
        ids.append(iep.student_id)
    return ids


@pytest.mark.parametrize("n", [2, 12])
def test_my_classes_runs_the_same_queries_however_many_students(
    n: int, login, school, section, gen_ed_teacher, support, django_assert_num_queries  # noqa: ANN001
) -> None:
    _iep_students(school, section, n)
    f.SectionFactory(school=school, teacher=gen_ed_teacher, name="Math 7")  # a class with no IEPs
    client = login(gen_ed_teacher)
    # session (1), user (1); classes_for: sections, enrollments, supports, checks, earlier
    # outcomes of those checks, assessment days: recorded, windows (7), the classes' schedules (schedules_for:
    # sections, calendars, closures, day patterns, anchors, overrides, meetings: 7); access log
    # insert (1); acknowledgements: IEPs, supports, team members, enrollments, the people who
    # owe, latest acknowledgements (6); unread notifications for the header (1); the session
    # save: savepoint, update, release (3).
    with django_assert_num_queries(27):
        response = client.get(URL)
    assert response.content.decode().count('class="student-checks"') == n + 1


def test_a_heavy_day_shows_one_class_at_a_time_with_every_class_in_the_switcher(
    login, school, section, gen_ed_teacher, support, monkeypatch  # noqa: ANN001
) -> None:
    from accommodations import views

    other = f.SectionFactory(school=school, teacher=gen_ed_teacher, name="Math 7", period="5")
    _iep_students(school, other, 2)
    monkeypatch.setattr(views, "FOCUS_AFTER_ROWS", 1)
    client = login(gen_ed_teacher)
    body = client.get(URL).content.decode()
    assert 'aria-label="Your classes" class="class-switch' in body
    assert body.count('class="class-day"') == 1
    assert f'?section={other.pk}' in body and f'?section={section.pk}' in body
    chosen = client.get(URL, {"section": other.pk}).content.decode()
    assert f'id="section-{other.pk}"' in chosen and f'id="section-{section.pk}"' not in chosen


def test_even_a_light_day_shows_one_class_at_a_time(login, school, section, gen_ed_teacher, support) -> None:  # noqa: ANN001
    # Was: a light day showed every class on one page. Now always one class at a time, so
    # two classes of 30 are a short page; the switcher carries each class's count.
    other = f.SectionFactory(school=school, teacher=gen_ed_teacher, name="Math 7", period="5")
    _iep_students(school, other, 1)
    body = login(gen_ed_teacher).get(URL).content.decode()
    assert body.count('class="class-day"') == 1
    assert f'<small data-switch-count="{other.pk}">2 to check</small>' in body
    assert f'<small data-switch-count="{section.pk}">1 to check</small>' in body


def test_a_check_answers_with_the_new_count_for_the_switcher(login, support, section, gen_ed_teacher) -> None:  # noqa: ANN001
    response = login(gen_ed_teacher).post(
        check_url(section), {"date": "2026-11-18", "provided": support.pk}, HTTP_X_REQUESTED_WITH="fetch",
    )
    body = response.content.decode()
    assert f'data-section-pk="{section.pk}" data-unchecked="0"' in body  # my_classes.js reads it


def test_on_an_earlier_day_the_labels_say_that_day_not_today(login, iep, section, gen_ed_teacher, support) -> None:  # noqa: ANN001
    SupportFactory(iep=iep, text="Breaks", frequency=Support.Frequency.AS_NEEDED)
    past = login(gen_ed_teacher).get(URL, {"date": "2026-11-17"}).content.decode()
    assert "Assessment in class on Tue Nov 17" in past and "Used Nov 17" in past
    assert "Assessment in class today" not in past and "Used today" not in past
    now = login(gen_ed_teacher).get(URL).content.decode()
    assert "Assessment in class today" in now and "Used today" in now


def test_on_a_b_day_an_a_day_class_does_not_meet_and_asks_for_nothing(
    login, school, calendar, section, gen_ed_teacher, support  # noqa: ANN001
) -> None:
    from accommodations.classroom import classes_for
    from schedules.models import DayPattern, Period, RotationAnchor, SectionMeeting

    DayPattern.objects.create(school=school, kind=DayPattern.Kind.ROTATION, letters=["A", "B"])
    RotationAnchor.objects.create(calendar=calendar, day=dt.date(2026, 11, 18), letter="B")  # today
    period = Period.objects.create(school=school, name="2", start_time=dt.time(9, 0), end_time=dt.time(9, 50))
    SectionMeeting.objects.create(section=section, period=period, letters=["A"])
    every_day = f.SectionFactory(school=school, teacher=gen_ed_teacher, name="Math 7", period="5")
    _iep_students(school, every_day, 1)  # no schedule: meets every school day, today too

    by_class = {s.section: s for s in classes_for(gen_ed_teacher, dt.date(2026, 11, 18))}
    assert (by_class[section].meets, by_class[section].letter, by_class[section].students) == (False, "B", [])
    assert by_class[section].expected == 0
    assert by_class[every_day].meets and by_class[every_day].expected == 2
    client = login(gen_ed_teacher)
    page = client.get(URL).content.decode()
    assert '<span data-day-letter>B day</span>' in page
    assert f'<small data-switch-count="{section.pk}">does not meet</small>' in page
    assert page.count('class="student-checks"') == 1  # Math 7's student only
    assert "2</strong> supports left to check" in page
    page = client.get(URL, {"section": section.pk}).content.decode()  # one class at a time
    assert "Does not meet on B days" in page
    assert "This class does not meet on B days: nothing to check for it today." in page
    assert page.count("No students with IEP or 504 supports in this class.") == 0
    # The next day is an A day: the class meets and its supports are due again.
    [a_day] = classes_for(gen_ed_teacher, dt.date(2026, 11, 19), section=section)
    assert (a_day.meets, a_day.letter, a_day.expected) == (True, "A", 1)
