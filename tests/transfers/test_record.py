"""transfers.actions.transfer_in_record: the arrival, the student record, the interim IEP, the clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from iep_portal.models import User
from students.models import IEP, Student
from tests import factories as f
from tests.transfers.conftest import TODAY, D, arrival
from transfers.actions import transfer_in_record
from transfers.models import TransferIn


def test_it_creates_the_student_and_an_active_interim_iep_with_the_sending_dates(record, case_manager) -> None:  # noqa: ANN001
    transfer = record()
    student = transfer.student
    assert (student.student_number, student.first_name, student.grade) == ("D250311", "Elena", "7")
    iep = transfer.interim_iep
    assert iep.status == IEP.Status.ACTIVE and iep.case_manager == case_manager
    assert iep.start_date == D(2026, 11, 6)
    assert (iep.meeting_date, iep.annual_review_due, iep.last_evaluation_date, iep.reevaluation_due) == (
        D(2026, 3, 12), D(2027, 3, 11), D(2025, 2, 21), D(2028, 2, 20))
    assert transfer.recorded_by == case_manager and transfer.recorded_at is not None
    assert transfer.is_open


def test_the_clock_is_the_enrollment_day_plus_the_district_setting(record, settings) -> None:  # noqa: ANN001
    assert record().due_on == D(2026, 12, 6)
    settings.TRANSFER_INTERIM_DAYS = 20
    assert record(student_number="D250312").due_on == D(2026, 11, 26)


def test_it_attaches_to_the_rostered_student_with_the_same_id_name_and_birth_date(record, school) -> None:  # noqa: ANN001
    rostered = f.StudentFactory(school=school, student_number="D250311", first_name="Elena",
                                last_name="Vasquez", date_of_birth=D(2013, 4, 9))
    transfer = record(first_name="elena ")
    assert transfer.student == rostered
    assert Student.objects.filter(student_number="D250311").count() == 1


def test_it_refuses_a_student_id_of_someone_else(record, school, other_school) -> None:  # noqa: ANN001
    f.StudentFactory(school=school, student_number="D250311", first_name="Ana", last_name="Ruiz")
    with pytest.raises(ValidationError, match="another name or birth date"):
        record()
    f.StudentFactory(school=other_school, student_number="X1", first_name="Elena", last_name="Vasquez",
                     date_of_birth=D(2013, 4, 9))
    with pytest.raises(ValidationError, match="another school"):
        record(student_number="X1")


def test_a_student_with_an_active_iep_here_is_not_a_transfer(record, iep) -> None:  # noqa: ANN001
    s = iep.student
    with pytest.raises(ValidationError, match="already has an active IEP"):
        record(student_number=s.student_number, first_name=s.first_name, last_name=s.last_name,
               date_of_birth=s.date_of_birth)


def test_it_refuses_dates_that_cannot_be(record) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError) as e:
        record(enrolled_on=TODAY + dt.timedelta(days=1))
    assert "enrolled_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        record(received_annual_review_due=D(2026, 11, 1))
    assert "received_annual_review_due" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        record(sending_state="Illinois")
    assert "sending_state" in e.value.message_dict
    assert not TransferIn.objects.exists() and not IEP.objects.exists()


class TestWhoMayRecord:
    def test_case_managers_and_administrators_of_the_school(
        self, school, calendar, case_manager, school_admin, district_admin,  # noqa: ANN001
    ) -> None:
        for i, by in enumerate([case_manager, school_admin, district_admin]):
            transfer_in_record(by=by, school=school, case_manager=case_manager, today=TODAY,
                               **arrival(student_number=f"N{i}"))
        assert TransferIn.objects.count() == 3

    def test_not_a_teacher_or_staff_of_another_school(
        self, school, calendar, case_manager, gen_ed_teacher, provider, other_school_admin, outsider,  # noqa: ANN001
    ) -> None:
        for by in [gen_ed_teacher, provider, other_school_admin, outsider]:
            with pytest.raises(ValidationError, match="cannot record transfers"):
                transfer_in_record(by=by, school=school, case_manager=case_manager, today=TODAY, **arrival())

    def test_the_case_manager_must_be_one_at_the_school(self, school, calendar, case_manager, other_school) -> None:  # noqa: ANN001
        elsewhere = f.UserFactory(role=User.Role.CASE_MANAGER, schools=[other_school])
        with pytest.raises(ValidationError, match="not a case manager at"):
            transfer_in_record(by=case_manager, school=school, case_manager=elsewhere, today=TODAY, **arrival())
