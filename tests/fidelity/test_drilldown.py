"""The drill-down: every headline figure and breakdown row lists exactly the students (and
service lines) behind it, each with their own figures, worst first, in fixed queries."""

from __future__ import annotations

import re
from fractions import Fraction

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fidelity.figures import ALL_KEYS, fidelity_for
from students.models import Student
from tests.conftest import FROZEN_TODAY
from tests.fidelity.conftest import PERIOD
from tests.fidelity.test_dashboard import CUSTOM, _grow

CELL = re.compile(r'data-metric="(\w+)" data-num="([^"]+)" data-den="([^"]+)"')


def _sums(body: str, key: str) -> tuple[Fraction, Fraction]:
    num = den = Fraction(0)
    for metric, n, d in CELL.findall(body):
        if metric == key:
            num += Fraction(n)
            den += Fraction(d)
    return num, den


def test_each_headline_figures_students_add_up_to_the_headline(login, school_admin, small_school) -> None:  # noqa: ANN001
    client = login(school_admin)
    figures = fidelity_for(Student.objects.visible_to(school_admin), PERIOD, FROZEN_TODAY)
    dashboard = client.get(reverse("fidelity:dashboard"), CUSTOM).content.decode()
    for key in ALL_KEYS:
        assert f"?metric={key}&amp;" in dashboard  # each headline figure is a link
        page = client.get(reverse("fidelity:students"), {**CUSTOM, "metric": key})
        assert page.status_code == 200
        total = figures.totals.get(key)
        if total is None:
            continue
        assert _sums(page.content.decode(), key) == (Fraction(total.num), Fraction(total.den)), key


def test_the_minutes_owed_list_names_the_line_and_the_student(login, school_admin, small_school) -> None:  # noqa: ANN001
    body = login(school_admin).get(reverse("fidelity:students"), {**CUSTOM, "metric": "owed"}).content.decode()
    assert "Total: <strong id=\"drill-total\">30 min</strong>" in body
    lines = body.split('id="lines-heading"')[1]
    assert f'data-line="{small_school.speech.pk}"' in lines and "30 min" in lines
    assert "Adams" not in body  # Leo owes nothing: he is not behind this figure
    assert "Shah" not in body  # Ravi is at another school


def test_a_rows_students_add_up_to_the_row(login, school_admin, small_school, case_manager) -> None:  # noqa: ANN001
    figures = fidelity_for(Student.objects.visible_to(school_admin), PERIOD, FROZEN_TODAY)
    client = login(school_admin)
    body = client.get(reverse("fidelity:students"),
                      {**CUSTOM, "dim": "case_manager", "id": case_manager.pk}).content.decode()
    assert "Lopez" in body and "Adams" not in body
    for key in ("minutes", "accommodations", "goals", "acks", "reports", "contacts"):
        ratio = figures.groups[("case_manager", case_manager.pk, key)]
        assert _sums(body, key) == (Fraction(ratio.num), Fraction(ratio.den)), key
    # Each student's own figures, in words.
    assert "90 of 120 min" in body and "6 of 8 provided" in body and "1 of 2 current" in body
    assert "last point 8 days ago" in body  # the Nov 5 point, counted to Nov 13
    assert "1 of 2 outstanding" in body and "1 of 2 on time" in body


def test_the_list_is_worst_first_by_default_and_sorts_on_the_server(login, school_admin, small_school,  # noqa: ANN001
                                                                   school) -> None:
    client = login(school_admin)
    url = reverse("fidelity:students")
    worst = client.get(url, {**CUSTOM, "dim": "school", "id": school.pk}).content.decode()
    assert worst.index("Lopez") < worst.index("Adams")  # Maya is behind on six figures, Leo on one
    by_name = client.get(url, {**CUSTOM, "dim": "school", "id": school.pk, "sort": "name"}).content.decode()
    assert by_name.index("Adams") < by_name.index("Lopez")
    contacts = client.get(url, {**CUSTOM, "dim": "school", "id": school.pk, "sort": "contacts"}).content.decode()
    assert contacts.index("Adams") < contacts.index("Lopez")  # Leo's contact is not current


def test_an_unknown_figure_is_not_found(login, school_admin, small_school) -> None:  # noqa: ANN001
    assert login(school_admin).get(reverse("fidelity:students"), {"metric": "nope"}).status_code == 404


def test_the_drill_down_query_count_is_constant_in_the_number_of_students(
    login, school_admin, small_school, school, calendar, section, provider,  # noqa: ANN001
    django_assert_num_queries,  # noqa: ANN001
) -> None:
    client = login(school_admin)
    url = reverse("fidelity:students")
    for params in ({**CUSTOM, "metric": "minutes"}, {**CUSTOM, "dim": "school", "id": school.pk}):
        client.get(url, params)  # warm the session and the MFA check
        with CaptureQueriesContext(connection) as small:
            assert client.get(url, params).status_code == 200
        _grow(school, calendar, section, provider, 8)
        with django_assert_num_queries(len(small.captured_queries)):
            body = client.get(url, params).content.decode()
        assert body.count("data-student=") >= 9
        assert len(small.captured_queries) <= 45, "\n".join(q["sql"][:90] for q in small.captured_queries)
