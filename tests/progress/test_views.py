"""Goal page, data entry, My day, student panel, reports and the family report."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from progress.models import DataPoint, DataRequest, Goal, ProgressReport
from tests.progress.factories import DataPointFactory, DataRequestFactory, GoalFactory, ProgressReportFactory


def add_points(goal: Goal, n: int, start: float = 20, step: float = 2) -> None:
    DataPoint.objects.bulk_create(
        [
            DataPoint(
                goal=goal,
                date=dt.date(2026, 9, 10) + dt.timedelta(days=i % 60),
                value=start + step * (i % 30),
                setting=["special_ed", "gen_ed", "other"][i % 3],
                collected_by=goal.iep.case_manager,
                recorded_by=goal.iep.case_manager,
            )
            for i in range(n)
        ]
    )


# --- goal page -------------------------------------------------------------------------------


def test_the_goal_page_shows_the_graph_with_title_desc_and_data_table(login, case_manager, goal) -> None:
    add_points(goal, 6)
    body = login(case_manager).get(reverse("progress:goal", args=[goal.pk])).content.decode()
    assert "<svg" in body and "<title" in body and "<desc" in body
    assert "Aimline (baseline to target)" in body
    assert "Data points for this goal" in body  # the table alternative
    assert "Special education" in body and "General education" in body  # legend


def test_a_gen_ed_teacher_sees_a_goal_they_collect_for(login, gen_ed_teacher, goal) -> None:
    assert login(gen_ed_teacher).get(reverse("progress:goal", args=[goal.pk])).status_code == 200


def test_a_gen_ed_teacher_does_not_see_a_goal_they_do_not_collect_for(
    login, gen_ed_teacher, private_goal
) -> None:
    assert login(gen_ed_teacher).get(reverse("progress:goal", args=[private_goal.pk])).status_code == 404


def test_an_outsider_gets_404_for_a_goal(login, outsider, goal) -> None:
    assert login(outsider).get(reverse("progress:goal", args=[goal.pk])).status_code == 404


@pytest.mark.parametrize("n", [3, 40])
def test_the_goal_page_runs_the_same_queries_however_many_points(
    login, case_manager, goal, n, django_assert_num_queries
) -> None:
    add_points(goal, n)
    client = login(case_manager)
    # session (1), user (1), goal+iep+student (1), is a collector (1), student with
    # relationships (1), active IEP (1), access-log insert (1), collectors (1), every point
    # for the table (1), the points that count for the graph (1), the decisions (1),
    # requests (1), people who can be asked (1), the school's calendars and closures (2: is a
    # decision overdue), unread notifications for the header (1), session save (3: savepoint,
    # update, release).
    with django_assert_num_queries(19):
        response = client.get(reverse("progress:goal", args=[goal.pk]))
    assert response.status_code == 200


# --- recording data --------------------------------------------------------------------------


def test_a_teacher_records_data_and_returns_to_the_goal(login, gen_ed_teacher, goal) -> None:
    response = login(gen_ed_teacher).post(
        reverse("progress:data_point_add", args=[goal.pk]),
        {"date": "2026-11-17", "value": "45", "setting": "gen_ed"},
    )
    assert response.status_code == 302
    assert DataPoint.objects.get().collected_by == gen_ed_teacher


def test_a_bad_percent_is_refused_with_a_clear_message(login, gen_ed_teacher, goal) -> None:
    response = login(gen_ed_teacher).post(
        reverse("progress:data_point_add", args=[goal.pk]),
        {"date": "2026-11-17", "value": "140", "setting": "gen_ed"},
    )
    assert response.status_code == 400
    assert "A percent must be between 0 and 100." in response.content.decode()
    assert not DataPoint.objects.exists()


def test_trials_with_more_correct_than_total_are_refused(login, case_manager, iep) -> None:
    goal = GoalFactory(iep=iep, measure=Goal.Measure.TRIALS, collectors=[case_manager])
    response = login(case_manager).post(
        reverse("progress:data_point_add", args=[goal.pk]),
        {"date": "2026-11-17", "correct": "9", "total": "8", "setting": "special_ed"},
    )
    assert response.status_code == 400
    assert "cannot be more than the trials in all" in response.content.decode()
    assert not DataPoint.objects.exists()


def test_an_observer_cannot_record_data(login, observer, goal) -> None:
    response = login(observer).post(
        reverse("progress:data_point_add", args=[goal.pk]),
        {"date": "2026-11-17", "value": "45", "setting": "gen_ed"},
    )
    assert response.status_code == 403


# --- My day ----------------------------------------------------------------------------------


def test_my_day_lists_a_request_and_answering_it_there_closes_it(login, gen_ed_teacher, goal) -> None:
    req = DataRequestFactory(goal=goal, teacher=gen_ed_teacher, message="Quiz on Friday please")
    client = login(gen_ed_teacher)
    body = client.get(reverse("home")).content.decode()
    assert "Asked of you (1)" in body and "Quiz on Friday please" in body
    response = client.post(
        reverse("progress:data_point_add", args=[goal.pk]),
        {"date": "2026-11-18", "value": "55", "setting": "gen_ed", "return_to": "home"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    req.refresh_from_db()
    assert req.status == DataRequest.Status.ANSWERED
    assert "Asked of you" not in client.get(reverse("home")).content.decode()


def test_my_day_lists_goals_whose_data_are_due(login, provider, goal) -> None:
    DataPointFactory(goal=goal, date=dt.date(2026, 10, 1))
    body = login(provider).get(reverse("home")).content.decode()
    assert "Data due on goals you collect for (1)" in body
    assert "overdue" in body


def test_a_long_list_of_due_goals_gets_quick_forms_for_the_most_overdue_only(
    login,
    provider,
    iep,
    goal,  # noqa: ANN001
) -> None:
    for g in [goal] + [GoalFactory(iep=iep, collectors=[provider]) for _ in range(10)]:
        DataPointFactory(goal=g, date=dt.date(2026, 10, 1))
    body = login(provider).get(reverse("home")).content.decode()
    assert "Data due on goals you collect for (11)" in body
    assert body.count('class="data-due"') == 8
    assert "3 more goals due" in body


def test_my_day_leaves_out_goals_with_fresh_data(login, provider, goal) -> None:
    DataPointFactory(goal=goal, date=dt.date(2026, 11, 16))
    assert "Goal data" not in login(provider).get(reverse("home")).content.decode()


def test_the_case_manager_sees_requests_still_waiting(login, case_manager, gen_ed_teacher, goal) -> None:
    DataRequestFactory(goal=goal, teacher=gen_ed_teacher, due_on=dt.date(2026, 11, 10))
    body = login(case_manager).get(reverse("home")).content.decode()
    assert "Data you asked for, not yet in (1)" in body


@pytest.mark.parametrize("n", [1, 12])
def test_the_my_day_panel_runs_fixed_queries(gen_ed_teacher, iep, n, django_assert_num_queries) -> None:
    from progress.panels import my_day
    from students.caseload import caseload_for

    for i in range(n):
        g = GoalFactory(iep=iep, area=f"Goal {i}", collectors=[gen_ed_teacher])
        DataRequestFactory(goal=g, teacher=gen_ed_teacher)
    caseload = caseload_for(gen_ed_teacher, dt.date(2026, 11, 18))
    # requests to me (1), goals due (1), requests I sent (1)
    with django_assert_num_queries(3):
        panel = my_day(gen_ed_teacher, dt.date(2026, 11, 18), caseload)
    assert panel is not None and len(panel["requests"]) == n


def test_the_request_page_shows_the_quick_form_to_the_teacher_asked(login, gen_ed_teacher, goal) -> None:
    req = DataRequestFactory(goal=goal, teacher=gen_ed_teacher)
    body = login(gen_ed_teacher).get(reverse("progress:data_request", args=[req.pk])).content.decode()
    assert 'name="return_to"' in body and "Save data" in body


def test_a_case_manager_asks_for_data_from_the_goal_page(
    login, case_manager, gen_ed_teacher, private_goal
) -> None:
    response = login(case_manager).post(
        reverse("progress:data_request_create", args=[private_goal.pk]),
        {"teachers": [gen_ed_teacher.pk], "due_on": "2026-11-25", "message": "Thanks!"},
    )
    assert response.status_code == 302
    assert DataRequest.objects.get().teacher == gen_ed_teacher


# --- student page panel ----------------------------------------------------------------------


def test_the_student_page_shows_graphs_of_the_goals(login, case_manager, student, goal, private_goal) -> None:
    body = login(case_manager).get(reverse("students:detail", args=[student.pk])).content.decode()
    assert "Goals and progress" in body
    assert goal.area in body and private_goal.area in body
    assert body.count("<svg viewBox") == 2


def test_a_gen_ed_teacher_sees_only_their_goals_on_the_student_page(
    login, gen_ed_teacher, student, goal, private_goal
) -> None:
    body = login(gen_ed_teacher).get(reverse("students:detail", args=[student.pk])).content.decode()
    assert goal.area in body
    assert private_goal.area not in body


@pytest.mark.parametrize("n", [2, 50])
def test_the_student_panel_runs_fixed_queries(
    rf, case_manager, goal, private_goal, n, django_assert_num_queries
) -> None:
    from progress.panels import student as student_panel
    from students.access import get_student_for_user

    add_points(goal, n)
    add_points(private_goal, n)
    request = rf.get("/")
    request.user = case_manager
    access = get_student_for_user(request, goal.iep.student_id)
    # goals (1), their points (1), their decisions (1)
    with django_assert_num_queries(3):
        panel = student_panel(request, access)
    assert panel is not None and len(panel["rows"]) == 2


# --- reports ---------------------------------------------------------------------------------


def test_the_report_page_suggests_a_code_from_the_trend(login, case_manager, student, goal) -> None:
    add_points(goal, 6, start=20, step=0)  # flat at baseline
    body = login(case_manager).get(reverse("progress:reports_period", args=[student.pk, 2])).content.decode()
    assert "Suggested from the trend against the aimline: <strong>Insufficient progress" in body


def test_saving_reports_keeps_the_case_managers_code(login, case_manager, student, goal) -> None:
    response = login(case_manager).post(
        reverse("progress:report_save", args=[student.pk, 2]),
        {f"g{goal.pk}-code": "mastered", f"g{goal.pk}-narrative": "Great term."},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.code, report.narrative, report.period_number) == ("mastered", "Great term.", 2)


def test_an_unknown_code_saves_nothing(login, case_manager, student, goal, private_goal) -> None:
    response = login(case_manager).post(
        reverse("progress:report_save", args=[student.pk, 2]),
        {f"g{goal.pk}-code": "mastered", f"g{private_goal.pk}-code": "excellent"},
    )
    assert response.status_code == 400
    assert not ProgressReport.objects.exists()


def test_recording_the_report_as_sent(login, case_manager, student, goal) -> None:
    ProgressReportFactory(goal=goal)
    response = login(case_manager).post(
        reverse("progress:report_sent", args=[student.pk, 2]),
        {"sent_on": "2026-11-17", "how": "email", "language": "es", "untranslated_acknowledged": "on"},
    )
    assert response.status_code == 302
    assert ProgressReport.objects.get().sent_language == "es"


def test_the_family_report_follows_the_familys_language(login, case_manager, student, goal) -> None:
    student.family_language = "es"
    student.save()
    add_points(goal, 5)
    ProgressReportFactory(
        goal=goal,
        narrative="Maya trabaja mucho.",
        code="sufficient",
        data_summary={"points_in_period": 4, "latest_value": 28.0, "trend_per_week": 1.5},
    )
    client = login(case_manager)
    body = client.get(reverse("progress:family_report", args=[student.pk, 2])).content.decode()
    assert '<html lang="es">' in body
    assert "Informe de progreso del IEP" in body
    assert "Progreso suficiente para cumplir la meta" in body
    assert "Maya trabaja mucho." in body  # what the teacher typed, as typed
    assert "Solve two-step word problems" in body  # the goal as written, marked as not translated
    assert "Esta parte aún no se ha traducido." in body
    assert not re.search(r'(x|y|x1|y1|x2|y2|cx|cy)="\d+,\d', body)  # SVG numbers never localised
    english = client.get(reverse("progress:family_report", args=[student.pk, 2]) + "?lang=en")
    assert "IEP progress report" in english.content.decode()


PERIOD_1 = {"period_number": 1, "period_start": dt.date(2026, 8, 17), "period_end": dt.date(2026, 10, 28)}


def test_the_report_page_says_sent_only_when_every_goals_report_is(
    login, case_manager, student, goal, private_goal, calendar,  # noqa: ANN001
) -> None:
    ProgressReportFactory(goal=goal, sent_on=dt.date(2026, 11, 3), sent_how="paper", sent_language="en",
                          **PERIOD_1)
    ProgressReportFactory(goal=private_goal, **PERIOD_1)  # written, never sent
    body = login(case_manager).get(reverse("progress:reports_period", args=[student.pk, 1])).content.decode()
    assert 'data-period-status="late"' in body
    assert "1 of 2 goal reports not sent to the family yet; due by Nov 4, 2026." in body
    assert body.count('data-report-status="sent"') == 1  # the sent goal, on its own
    assert "Record that the report was sent" in body


def test_recording_the_rest_as_sent_keeps_the_first_reports_date(
    login, case_manager, student, goal, private_goal, calendar,  # noqa: ANN001
) -> None:
    first = ProgressReportFactory(goal=goal, sent_on=dt.date(2026, 11, 3), sent_how="paper",
                                  sent_language="en", **PERIOD_1)
    rest = ProgressReportFactory(goal=private_goal, **PERIOD_1)
    response = login(case_manager).post(reverse("progress:report_sent", args=[student.pk, 1]), {
        "sent_on": "2026-11-17", "how": "email", "language": "en"})
    assert response.status_code == 302
    first.refresh_from_db()
    rest.refresh_from_db()
    assert (first.sent_on, first.sent_how) == (dt.date(2026, 11, 3), "paper")
    assert (rest.sent_on, rest.sent_how) == (dt.date(2026, 11, 17), "email")


def test_saving_a_period_leaves_the_reports_already_sent_alone(
    login, case_manager, student, goal, private_goal, calendar,  # noqa: ANN001
) -> None:
    sent = ProgressReportFactory(goal=goal, sent_on=dt.date(2026, 11, 3), sent_how="paper",
                                 sent_language="en", narrative="As sent.", **PERIOD_1)
    response = login(case_manager).post(reverse("progress:report_save", args=[student.pk, 1]), {
        f"g{goal.pk}-code": "mastered", f"g{goal.pk}-narrative": "Rewritten.",
        f"g{private_goal.pk}-code": "sufficient", f"g{private_goal.pk}-narrative": "New."})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.narrative == "As sent."
    assert ProgressReport.objects.get(goal=private_goal).narrative == "New."
