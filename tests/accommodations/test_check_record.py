"""Recording a check: one record per support, class, day and student; clear refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accommodations.actions import check_record, checks_mark_provided
from accommodations.models import ImplementationCheck, Support
from tests import factories as f
from tests.accommodations.factories import SupportFactory

TODAY = dt.date(2026, 11, 18)


def test_checking_twice_updates_the_same_record(support: Support, section, gen_ed_teacher) -> None:  # noqa: ANN001
    kwargs = {"support": support, "student": support.iep.student, "section": section, "day": TODAY,
              "by": gen_ed_teacher}
    check_record(outcome="provided", **kwargs)
    check_record(outcome="not_provided", note="Sub did not know", **kwargs)
    [check] = ImplementationCheck.objects.all()
    assert (check.outcome, check.note) == ("not_provided", "Sub did not know")
    assert check.events.count() == 2  # the history keeps the first answer


def test_the_database_refuses_a_duplicate_check(support: Support, section, gen_ed_teacher) -> None:  # noqa: ANN001
    row = {"support": support, "student": support.iep.student, "section": section, "date": TODAY,
           "teacher": gen_ed_teacher, "outcome": "provided"}
    ImplementationCheck.objects.create(**row)
    with pytest.raises(IntegrityError):
        ImplementationCheck.objects.create(**row)


def test_it_refuses_a_student_not_enrolled_in_the_class(support: Support, school, colleague) -> None:  # noqa: ANN001
    other = f.SectionFactory(school=school, teacher=colleague, name="Art 6", subject="Art")
    with pytest.raises(ValidationError, match="is not enrolled in Art 6"):
        check_record(support=support, student=support.iep.student, section=other, day=TODAY,
                     outcome="provided", by=colleague)


def test_it_refuses_a_closure(support: Support, section, calendar, gen_ed_teacher) -> None:  # noqa: ANN001
    f.ClosureFactory(calendar=calendar, date=dt.date(2026, 11, 16), reason="Snow day")
    with pytest.raises(ValidationError, match="not a school day"):
        check_record(support=support, student=support.iep.student, section=section,
                     day=dt.date(2026, 11, 16), outcome="provided", by=gen_ed_teacher)


def test_it_refuses_a_day_the_class_does_not_meet(support: Support, school, section, calendar,  # noqa: ANN001
                                                 gen_ed_teacher) -> None:  # noqa: ANN001
    from schedules.models import DayPattern, Period, RotationAnchor, SectionMeeting

    DayPattern.objects.create(school=school, kind=DayPattern.Kind.ROTATION, letters=["A", "B"])
    RotationAnchor.objects.create(calendar=calendar, day=TODAY, letter="B")
    period = Period.objects.create(school=school, name="2", start_time=dt.time(9, 0), end_time=dt.time(9, 50))
    SectionMeeting.objects.create(section=section, period=period, letters=["A"])
    with pytest.raises(ValidationError, match=r"Math 6 \(2\) does not meet on Wednesday, November 18 \(a B day\)"):
        check_record(support=support, student=support.iep.student, section=section, day=TODAY,
                     outcome="provided", by=gen_ed_teacher)
    assert ImplementationCheck.objects.count() == 0
    check_record(support=support, student=support.iep.student, section=section,
                 day=dt.date(2026, 11, 17), outcome="provided", by=gen_ed_teacher)  # an A day
    assert ImplementationCheck.objects.count() == 1


def test_it_refuses_a_weekend_and_a_future_day(support: Support, section, gen_ed_teacher) -> None:  # noqa: ANN001
    common = {"support": support, "student": support.iep.student, "section": section,
              "outcome": "provided", "by": gen_ed_teacher}
    with pytest.raises(ValidationError, match="not a school day"):
        check_record(day=dt.date(2026, 11, 14), **common)
    with pytest.raises(ValidationError, match="has not happened yet"):
        check_record(day=dt.date(2026, 11, 19), **common)


def test_it_refuses_a_support_for_another_subject(iep, section, gen_ed_teacher) -> None:  # noqa: ANN001
    science_only = SupportFactory(iep=iep, scope=Support.Scope.SUBJECTS, subjects=["Science"])
    with pytest.raises(ValidationError, match="applies only in Science, not in Math"):
        check_record(support=science_only, student=iep.student, section=section, day=TODAY,
                     outcome="provided", by=gen_ed_teacher)


def test_all_provided_keeps_answers_already_given(iep, support, section, gen_ed_teacher) -> None:  # noqa: ANN001
    second = SupportFactory(iep=iep, text="Preferential seating")
    check_record(support=second, student=iep.student, section=section, day=TODAY,
                 outcome="declined", by=gen_ed_teacher)
    checks_mark_provided(section=section, day=TODAY, by=gen_ed_teacher)
    outcomes = dict(ImplementationCheck.objects.values_list("support__text", "outcome"))
    assert outcomes == {support.text: "provided", "Preferential seating": "declined"}


def test_a_support_for_assessments_only_cannot_be_expected_every_class(iep) -> None:  # noqa: ANN001
    support = Support(iep=iep, kind="accommodation", category="timing", text="Extra time on tests",
                      scope=Support.Scope.ASSESSMENTS, frequency=Support.Frequency.EVERY_CLASS)
    with pytest.raises(ValidationError) as exc:
        support.full_clean()
    assert "frequency" in exc.value.message_dict
