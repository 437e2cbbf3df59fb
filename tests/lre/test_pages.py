from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from schedules.models import Period
from services.models import ServiceRequirement
from students.models import Environment
from tests import factories as f
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bell(school):  # noqa: ANN001, ANN201
    Period.objects.create(school=school, name="1", start_time=dt.time(8, 0), end_time=dt.time(15, 0))


def pull_out(iep, minutes: int, area: str = "Reading"):  # noqa: ANN001, ANN201
    return ServiceRequirementFactory(iep=iep, minutes=minutes, sessions=1, area=area,
                                     kind=ServiceRequirement.Kind.SDI)


class TestTheStudentPanel:
    def test_the_case_manager_sees_the_share_band_and_lines(self, login, case_manager, iep, bell) -> None:  # noqa: ANN001
        pull_out(iep, 225)
        body = login(case_manager).get(reverse("students:detail", args=[iep.student_id])).content.decode()
        assert "89.2% of the school week inside the regular class" in body  # 1,875 / 2,100
        assert "80% or more" in body and "225 of 2,100 minutes a week outside it" in body
        assert "a school day of 420 minutes on the bell schedule" in body

    def test_it_says_when_the_recorded_environment_differs(self, login, case_manager, iep, bell) -> None:  # noqa: ANN001
        iep.educational_environment = Environment.REGULAR_80
        iep.save(update_fields=["educational_environment"])
        pull_out(iep, 900)
        body = login(case_manager).get(reverse("students:detail", args=[iep.student_id])).content.decode()
        assert "The IEP records “Regular class 80% or more of the day”" in body
        assert "regular class 40% to 79% of the day" in body

    def test_it_says_when_the_school_has_no_bell_times(self, login, case_manager, iep) -> None:  # noqa: ANN001
        body = login(case_manager).get(reverse("students:detail", args=[iep.student_id])).content.decode()
        assert "this school's bell times are not entered yet" in body

    def test_a_classroom_teacher_does_not_get_it(self, login, gen_ed_teacher, iep, bell) -> None:  # noqa: ANN001
        body = login(gen_ed_teacher).get(reverse("students:detail", args=[iep.student_id])).content.decode()
        assert "Least restrictive environment" not in body


def _students(school, n: int, start: int = 0) -> list:  # noqa: ANN001
    ieps = []
    for i in range(start, start + n):
        iep = f.IEPFactory(student=f.StudentFactory(school=school, student_number=f"E{i}", last_name=f"Ward{i:02d}"))
        if i % 5:
            pull_out(iep, 300 * (i % 5))  # 100% (none), 85.7%, 71.4%, 57.1%, 42.9%
        ieps.append(iep)
    return ieps


class TestTheReport:
    def test_it_counts_each_school_by_band_and_lists_the_most_restrictive_first(
        self, login, district_admin, school, other_school, bell,  # noqa: ANN001
    ) -> None:
        _students(school, 5)
        separate = f.IEPFactory(student=f.StudentFactory(school=other_school, student_number="X1"),
                                educational_environment=Environment.SEPARATE_SCHOOL)
        response = login(district_admin).get(reverse("lre:report"))
        page = response.context
        counts = {row.school.name: row.shown for row in page["schools"]}
        # Columns: 80%+, 40-79%, under 40%, then the separate settings present.
        assert counts == {"Lincoln Middle School": [2, 3, 0, 0], "Roosevelt Middle School": [0, 0, 0, 1]}
        assert page["totals"].shown == [2, 3, 0, 1]
        order = [row.iep.student.student_number for row in page["page"].object_list]
        # A separate setting is more restrictive than any share of a regular school's week.
        assert order == [separate.student.student_number, "E4", "E3", "E2", "E1", "E0"]

    def test_a_school_administrator_sees_only_their_schools(
        self, login, school_admin, school, other_school, bell,  # noqa: ANN001
    ) -> None:
        _students(school, 2)
        f.IEPFactory(student=f.StudentFactory(school=other_school, student_number="X1"))
        page = login(school_admin).get(reverse("lre:report")).context
        assert [r.iep.student.student_number for r in page["page"].object_list] == ["E1", "E0"]

    def test_it_filters_by_band_and_by_a_recorded_environment_that_differs(
        self, login, district_admin, school, bell,  # noqa: ANN001
    ) -> None:
        ieps = _students(school, 5)
        ieps[0].educational_environment = Environment.REGULAR_40_79  # the lines give 100%
        ieps[0].save(update_fields=["educational_environment"])
        client = login(district_admin)
        middle = client.get(reverse("lre:report"), {"band": Environment.REGULAR_40_79}).context
        assert [r.iep.student.student_number for r in middle["page"].object_list] == ["E4", "E3", "E2"]
        differs = client.get(reverse("lre:report"), {"band": "disagrees"}).context
        assert [r.iep.student.student_number for r in differs["page"].object_list] == ["E0"]

    def test_the_csv_carries_every_student_with_the_figures(
        self, login, district_admin, school, bell,  # noqa: ANN001
    ) -> None:
        _students(school, 2)
        response = login(district_admin).get(reverse("lre:report"), {"format": "csv"})
        assert response["Content-Type"] == "text/csv"
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        assert [(r["student id"], r["school week minutes"], r["minutes outside regular class per week"],
                 r["percent inside regular class"], r["environment"], r["school day from"]) for r in rows] == [
            ("E1", "2100", "300.0", "85.7", "regular_80", "bell schedule"),
            ("E0", "2100", "0.0", "100.0", "regular_80", "bell schedule"),
        ]

    def test_the_csv_export_is_in_the_access_log(self, login, district_admin, school, bell) -> None:  # noqa: ANN001
        from iep_portal.models import AccessLog
        ieps = _students(school, 2)
        login(district_admin).get(reverse("lre:report"), {"format": "csv"})
        logged = set(AccessLog.objects.filter(action="export").values_list("student_id", flat=True))
        assert logged == {i.student_id for i in ieps}

    def test_its_queries_do_not_grow_with_the_students(
        self, login, district_admin, school, bell, django_assert_num_queries,  # noqa: ANN001
    ) -> None:
        client = login(district_admin)
        url = reverse("lre:report")
        client.get(url)  # the first request of a session also writes it
        _students(school, 2)

        def count(rows: int) -> None:
            # session, user, MFA check (3); the active IEPs with students, schools and case
            # managers (1); pull-out lines and bell schedules (2); the school filter's choices
            # (1); unread notifications for the header (1)
            with django_assert_num_queries(8):
                response = client.get(url)
            assert len(response.context["page"].object_list) == rows

        count(2)
        _students(school, 8, start=2)
        count(10)

    def test_a_teacher_gets_not_found(self, login, case_manager) -> None:  # noqa: ANN001
        assert login(case_manager).get(reverse("lre:report")).status_code == 404
