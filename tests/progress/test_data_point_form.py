"""The data-point form: its own keyed page, one row per filled-in form, late reasons asked
for in words, and what was typed kept on a refusal."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from progress.models import DataPoint

pytestmark = pytest.mark.usefixtures("calendar")


def test_the_form_page_gets_its_key_in_its_address(login, gen_ed_teacher, goal) -> None:
    response = login(gen_ed_teacher).get(reverse("progress:data_point_add", args=[goal.pk]))
    assert response.status_code == 302
    assert "?k=" in response["Location"]
    page = login(gen_ed_teacher).get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Add a data point" in body and "Why it is entered late" in body
    assert 'name="k"' in body


def test_saving_twice_with_one_key_saves_once_and_links_to_it(login, gen_ed_teacher, goal) -> None:
    client = login(gen_ed_teacher)
    url = reverse("progress:data_point_add", args=[goal.pk]) + f"?k={uuid.uuid4()}"
    data = {"date": "2026-11-17", "value": "45", "setting": "gen_ed"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    body = again.content.decode()
    assert "Already saved" in body
    point = DataPoint.objects.get()
    assert f"/goals/{goal.pk}/#point-{point.pk}" in body
    # Back to the form's address says so too.
    assert "Already saved" in client.get(url).content.decode()


def test_the_goal_page_quick_form_carries_its_own_key(login, gen_ed_teacher, goal) -> None:
    body = login(gen_ed_teacher).get(reverse("progress:goal", args=[goal.pk])).content.decode()
    assert body.count('name="k"') == 1  # the data-point form (the teacher does not ask for data)


def test_a_late_point_without_a_reason_keeps_what_was_typed(login, case_manager, goal) -> None:
    client = login(case_manager)
    key = uuid.uuid4()
    url = reverse("progress:data_point_add", args=[goal.pk])
    response = client.post(
        url,
        {"k": str(key), "date": "2026-11-02", "value": "47", "setting": "special_ed", "note": "Unit probe"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Say why it is entered late" in body
    assert 'value="47"' in body and "Unit probe" in body and str(key) in body
    assert not DataPoint.objects.exists()
    ok = client.post(
        url,
        {
            "k": str(key),
            "date": "2026-11-02",
            "value": "47",
            "setting": "special_ed",
            "late_reason": "Probe sheet was in the substitute's folder.",
        },
    )
    assert ok.status_code == 302
    assert DataPoint.objects.get().late


def test_a_very_late_point_is_saved_and_the_teacher_is_told_it_waits(login, case_manager, goal) -> None:
    response = login(case_manager).post(
        reverse("progress:data_point_add", args=[goal.pk]),
        {"date": "2026-10-05", "value": "47", "setting": "special_ed", "late_reason": "Found it."},
        follow=True,
    )
    assert "counts in the graph and reports once an administrator approves it" in response.content.decode()
    assert DataPoint.objects.get().approval == DataPoint.Approval.WAITING
    page = login(case_manager).get(reverse("progress:goal", args=[goal.pk])).content.decode()
    assert "not in the graph" in page and "waiting for approval" in page.lower()


def test_my_day_quick_forms_carry_a_key_each(login, provider, goal) -> None:  # noqa: ANN001
    import datetime as dt

    from tests.progress.factories import DataPointFactory, GoalFactory

    DataPointFactory(goal=goal, date=dt.date(2026, 10, 1))
    other = GoalFactory(iep=goal.iep, area="Reading", collectors=[provider])
    DataPointFactory(goal=other, date=dt.date(2026, 10, 1))
    body = login(provider).get(reverse("home")).content.decode()
    keys = re.findall(r'name="k" value="([0-9a-f-]{36})"', body)
    assert len(keys) == 2 and len(set(keys)) == 2


def test_a_case_manager_enters_a_teachers_data_sheet(login, case_manager, gen_ed_teacher, goal) -> None:  # noqa: ANN001
    client = login(case_manager)
    url = reverse("progress:data_point_add", args=[goal.pk]) + f"?k={uuid.uuid4()}"
    page = client.get(url).content.decode()
    assert "Collected by" in page and str(gen_ed_teacher) in page
    response = client.post(
        url, {"date": "2026-11-17", "value": "45", "setting": "gen_ed", "collected_by": gen_ed_teacher.pk}
    )
    assert response.status_code == 302
    point = DataPoint.objects.get()
    assert (point.collected_by, point.recorded_by) == (gen_ed_teacher, case_manager)
    table = client.get(reverse("progress:goal", args=[goal.pk])).content.decode()
    assert f"by {case_manager}" in table


def test_someone_who_does_not_collect_cannot_be_named_as_collector(case_manager, observer, goal) -> None:  # noqa: ANN001
    import datetime as dt
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from progress import actions

    with pytest.raises(ValidationError, match="does not collect data on this goal"):
        actions.data_point_record(
            goal=goal,
            by=case_manager,
            day=dt.date(2026, 11, 17),
            setting="gen_ed",
            value=Decimal(40),
            collected_by=observer,
        )
