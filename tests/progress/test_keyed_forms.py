"""Goal create, data requests and progress-report saves: one save per filled-in form."""

from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse

from progress.approvals import waiting
from progress.models import DataPoint, DataRequest, Goal, ProgressReport
from tests.progress.factories import DataPointFactory, GoalFactory


def test_a_goal_saved_twice_from_one_form_is_written_once(login, case_manager, iep) -> None:  # noqa: ANN001
    client = login(case_manager)
    opened = client.get(reverse("progress:goal_create", args=[iep.student.pk]))
    assert opened.status_code == 302 and "?k=" in opened["Location"]
    data = {
        "area": "Reading fluency",
        "annual_goal": "Read 110 words a minute.",
        "measure": "count",
        "unit": "words per minute",
        "baseline_value": "60",
        "baseline_date": "2026-09-08",
        "target_value": "110",
        "target_date": "2027-05-28",
        "collection_interval_days": "14",
        "collectors": [case_manager.pk],
    }
    assert client.post(opened["Location"], data).status_code == 302
    again = client.post(opened["Location"], data).content.decode()
    goal = Goal.objects.get(area="Reading fluency")
    assert "Already saved" in again and reverse("progress:goal", args=[goal.pk]) in again


def test_a_data_request_sent_twice_from_one_form_is_sent_once(
    login, case_manager, gen_ed_teacher, goal
) -> None:  # noqa: ANN001
    client = login(case_manager)
    page = client.get(reverse("progress:goal", args=[goal.pk])).content.decode()
    assert page.count('name="k"') == 3  # the data-point, decision and request forms, each its own
    data = {"k": str(uuid.uuid4()), "teachers": [gen_ed_teacher.pk], "due_on": "2026-11-25"}
    url = reverse("progress:data_request_create", args=[goal.pk])
    assert client.post(url, data).status_code == 302
    again = client.post(url, data).content.decode()
    assert "Already saved" in again and "Data request on Math computation" in again
    assert DataRequest.objects.count() == 1


def test_a_progress_report_saved_twice_from_one_page_is_saved_once(login, case_manager, goal) -> None:  # noqa: ANN001
    client = login(case_manager)
    url = reverse("progress:report_save", args=[goal.iep.student.pk, 2])
    data = {"k": str(uuid.uuid4()), f"g{goal.pk}-code": "sufficient", f"g{goal.pk}-narrative": "Steady."}
    assert client.post(url, data).status_code == 302
    data[f"g{goal.pk}-narrative"] = "Changed on a stale tab."
    assert "Already saved" in client.post(url, data).content.decode()
    assert ProgressReport.objects.get().narrative == "Steady."


def test_the_waiting_list_is_one_query_however_many_points(
    iep,
    case_manager,
    district_admin,
    django_assert_num_queries,  # noqa: ANN001
) -> None:
    for n in (1, 6):
        goal = GoalFactory(iep=iep, collectors=[case_manager])
        for i in range(n):
            DataPointFactory(
                goal=goal,
                date=dt.date(2026, 10, 1) + dt.timedelta(days=i),
                late=True,
                late_reason="Found it.",
                approval=DataPoint.Approval.WAITING,
            )
        with django_assert_num_queries(1):  # the points with goal, IEP, student and both people
            rows = waiting(district_admin)
        assert len(rows) == DataPoint.objects.waiting_approval().count()
