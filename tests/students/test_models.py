from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from students.actions import iep_activate
from students.models import IEP
from tests import factories as f


def test_it_refuses_an_iep_that_ends_before_it_starts(iep: IEP) -> None:
    iep.end_date = iep.start_date - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        iep.full_clean()
    assert "The IEP must end after it starts." in exc.value.message_dict["end_date"]


def test_it_refuses_an_annual_review_more_than_365_days_after_the_meeting(iep: IEP) -> None:
    iep.annual_review_due = iep.meeting_date + dt.timedelta(days=366)
    with pytest.raises(ValidationError) as exc:
        iep.full_clean()
    assert "within 365 days" in exc.value.message_dict["annual_review_due"][0]


def test_it_refuses_a_reevaluation_more_than_three_years_after_the_evaluation(iep: IEP) -> None:
    iep.last_evaluation_date = dt.date(2024, 2, 29)
    iep.reevaluation_due = dt.date(2027, 3, 1)
    with pytest.raises(ValidationError) as exc:
        iep.full_clean()
    assert "(by 2027-02-28)" in exc.value.message_dict["reevaluation_due"][0]


def test_the_database_allows_one_active_iep_per_student(iep: IEP) -> None:
    with pytest.raises(IntegrityError):
        f.IEPFactory(student=iep.student, case_manager=iep.case_manager)


def test_a_new_iep_supersedes_the_active_one(iep: IEP) -> None:
    new = IEP(
        student=iep.student, case_manager=iep.case_manager, start_date=dt.date(2027, 2, 1),
        end_date=dt.date(2028, 1, 31), meeting_date=dt.date(2027, 1, 25),
        annual_review_due=dt.date(2028, 1, 24),
    )
    iep_activate(iep=new, by=iep.case_manager)
    iep.refresh_from_db()
    assert iep.status == IEP.Status.ENDED
    assert iep.end_date == dt.date(2027, 1, 31)
    assert new.supersedes == iep
    assert IEP.objects.active().get(student=iep.student) == new


def test_a_new_iep_cannot_start_before_the_one_it_replaces(iep: IEP) -> None:
    new = IEP(
        student=iep.student, case_manager=iep.case_manager, start_date=dt.date(2026, 9, 1),
        end_date=dt.date(2027, 8, 1), meeting_date=dt.date(2026, 8, 25),
        annual_review_due=dt.date(2027, 8, 1),
    )
    with pytest.raises(ValidationError):
        iep_activate(iep=new, by=iep.case_manager)
    iep.refresh_from_db()
    assert iep.status == IEP.Status.ACTIVE
