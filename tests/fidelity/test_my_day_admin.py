"""An administrator's My day: overdue legal deadlines, schools and staff behind, data to fix,
each line a link the administrator may open, worst first, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rostering.models import ImportRun
from students.models import IEP
from tests import factories as f
from tests.conftest import FROZEN_TODAY
from tests.fidelity.test_dashboard import _grow

LINK = re.compile(r'<ul class="admin-day-lines">(.*?)</ul>', re.S)


def _links(body: str) -> list[str]:
    return [href.replace("&amp;", "&") for block in LINK.findall(body)
            for href in re.findall(r'<a href="([^"]+)"', block)]


def _overdue(iep: IEP, days: int) -> None:
    IEP.objects.filter(pk=iep.pk).update(annual_review_due=FROZEN_TODAY - dt.timedelta(days=days))


def test_the_school_admin_sees_what_is_overdue_and_who_is_behind(login, school_admin, small_school,  # noqa: ANN001
                                                                  iep, school) -> None:
    _overdue(iep, 5)
    client = login(school_admin)
    body = client.get(reverse("home")).content.decode()
    assert "Overdue legal deadlines (" in body
    assert f"1 annual review at {school.name} is overdue" in body
    assert "Schools and staff behind" in body and "Data to fix" in body
    assert "(case manager)" in body and "min owed" in body  # Casey's speech line owes 30 minutes
    assert 'id="schools-summary"' in body and "<table" not in body.split("schools-summary")[0]
    links = _links(body)
    assert f"{reverse('fidelity:deadlines')}?kind=annual_review&school={school.pk}" in links
    for href in links:  # every line opens for this administrator
        assert client.get(href).status_code == 200, href


def test_the_district_admin_sees_failed_imports_and_counts_per_kind(login, district_admin, small_school,  # noqa: ANN001
                                                                     iep, other_school) -> None:
    _overdue(iep, 5)
    _overdue(small_school.ravi_iep, 40)
    ImportRun.objects.create(status=ImportRun.Status.FAILED, message="manifest.csv is missing",
                             started_by=district_admin)
    client = login(district_admin)
    body = client.get(reverse("home")).content.decode()
    assert "2 annual reviews are overdue in 2 schools" in body
    assert "the oldest 40 days overdue" in body
    assert "The last OneRoster roster import failed" in body and "manifest.csv is missing" in body
    for href in _links(body):
        assert client.get(href).status_code == 200, href


def test_nobody_else_gets_the_admin_panel(login, case_manager, iep) -> None:  # noqa: ANN001
    _overdue(iep, 5)
    body = login(case_manager).get(reverse("home")).content.decode()
    assert "Overdue legal deadlines" not in body and "Schools and staff behind" not in body


def test_my_day_for_an_admin_runs_a_fixed_number_of_queries(
    login, school_admin, small_school, school, calendar, section, provider, iep,  # noqa: ANN001
    django_assert_num_queries,  # noqa: ANN001
) -> None:
    _overdue(iep, 5)
    client = login(school_admin)
    url = reverse("home")
    client.get(url)  # warm the session, the MFA check and the stored figures
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(school, calendar, section, provider, 10)
    for i in range(10):
        _overdue(f.IEPFactory(student=f.StudentFactory(school=school)), 6 + i)
    with django_assert_num_queries(len(small.captured_queries)):
        body = client.get(url).content.decode()
    assert f"11 annual reviews at {school.name} are overdue" in body
    assert len(small.captured_queries) <= 40, "\n".join(q["sql"][:90] for q in small.captured_queries)


def test_every_figure_of_concern_has_words_on_the_admin_day() -> None:
    from fidelity.figures import METRICS, Cell, Ratio
    from fidelity.my_day import _flag

    for metric in METRICS:
        cell = Cell(metric=metric, ratio=Ratio(num=0, den=30))
        if cell.status == "concern" and metric.key not in ("minutes", "lines"):
            flag = _flag(cell)
            assert flag and flag.endswith("0%"), metric.key
    decisions = next(m for m in METRICS if m.key == "decisions")
    assert _flag(Cell(metric=decisions, ratio=Ratio(num=0, den=30))) == "decisions on time 0%"
