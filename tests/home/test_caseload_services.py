"""My students: the services on a case manager's caseload, whoever delivers them."""

from __future__ import annotations

from django.urls import reverse

from services.caseload_overview import caseload_services
from students.models import IEP
from tests import factories as f
from tests.conftest import FROZEN_TODAY
from tests.services.factories import ServiceRequirementFactory


def test_a_case_manager_sees_the_lines_others_deliver_with_their_provider(
    login, case_manager, provider, iep: IEP  # noqa: ANN001
) -> None:
    ServiceRequirementFactory(iep=iep, area="Reading")  # hers
    ServiceRequirementFactory(iep=iep, area="Speech-language", provider=provider)
    page = login(case_manager).get(reverse("caseload")).content.decode()
    assert "Services on your caseload (2)" in page
    assert "<td>You</td>" in page
    assert f"<td>{provider}</td>" in page


def test_a_line_behind_comes_first_and_says_what_is_owed(case_manager, provider, iep: IEP) -> None:  # noqa: ANN001
    kept = ServiceRequirementFactory(iep=iep, area="Art therapy", start_date=FROZEN_TODAY)  # nothing due yet
    behind = ServiceRequirementFactory(iep=iep, area="Speech-language", provider=provider)
    overview = caseload_services(case_manager, FROZEN_TODAY)
    assert overview is not None
    assert [row.requirement for row in overview.rows][0] == behind  # nothing logged: behind
    assert overview.behind and overview.behind[0].requirement == behind
    assert {row.requirement for row in overview.rows} == {kept, behind}


def test_someone_who_manages_no_iep_has_no_overview(login, provider, iep: IEP) -> None:  # noqa: ANN001
    ServiceRequirementFactory(iep=iep, provider=provider)
    assert caseload_services(provider, FROZEN_TODAY) is None
    assert "Services on your caseload" not in login(provider).get(reverse("caseload")).content.decode()


def test_an_ended_iep_or_line_is_left_out(case_manager, iep: IEP) -> None:  # noqa: ANN001
    ServiceRequirementFactory(iep=iep, end_date=FROZEN_TODAY.replace(day=1), start_date=iep.start_date)
    assert caseload_services(case_manager, FROZEN_TODAY) is None


def test_the_overview_query_count_does_not_grow_with_the_caseload(
    case_manager, provider, school, django_assert_num_queries  # noqa: ANN001
) -> None:
    for size in (1, 10):
        for _ in range(size):
            other = f.IEPFactory(student=f.StudentFactory(school=school), case_manager=case_manager)
            ServiceRequirementFactory(iep=other, provider=provider)
        with django_assert_num_queries(6):
            overview = caseload_services(case_manager, FROZEN_TODAY)
        assert overview is not None and len(overview.rows) >= size

