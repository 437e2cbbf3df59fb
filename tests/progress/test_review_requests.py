"""Support reviews asked through data requests: before a progress report, on My day, answered
by a review (wherever it is written), reminding when late, standing out in the trend."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accommodations.models import Support, SupportReview
from accommodations.review_requests import implementers
from notifications.models import Notification
from notifications.sweeps import run_sweep
from progress import actions
from progress.models import DataRequest
from progress.panels import my_day
from progress.reports import review_timing, school_days_before
from students.calendar import InstructionalCalendar, SchoolDays
from students.caseload import caseload_for
from students.models import TeamMember
from tests import factories as f
from tests.accommodations.factories import SupportFactory
from tests.progress.factories import GoalFactory, ReviewRequestFactory

TODAY = dt.date(2026, 11, 18)
# The test school year in quarters: period 2 runs Oct 29 to Jan 9, its report is due a week
# later, Saturday Jan 16; five school days before it is Monday Jan 11.
REPORT_DUE = dt.date(2027, 1, 16)
REVIEWS_DUE = dt.date(2027, 1, 11)
ANSWER = {"used": "mostly", "prompting": "gestural", "adjustment": "fade", "comment": "Asks for it now."}


@pytest.fixture
def supports(iep) -> list[Support]:  # noqa: ANN001
    return [
        SupportFactory(iep=iep, text="Extended time (1.5x) on classwork"),
        SupportFactory(iep=iep, text="Copy of class notes", category=Support.Category.PRESENTATION),
    ]


def ask(client, student, days: int = 5, key: str | None = None):  # noqa: ANN001, ANN201
    url = reverse("progress:review_requests_create", args=[student.pk])
    return client.post(url, {"school_days": days, "message": "Before the January report", "k": key or uuid.uuid4()})


# --- when, and whom ------------------------------------------------------------------------------


def test_reviews_are_due_the_chosen_school_days_before_the_report_skipping_closures() -> None:
    days = SchoolDays([InstructionalCalendar(start=dt.date(2026, 8, 17), end=dt.date(2027, 5, 28),
                                             closures=frozenset({dt.date(2027, 1, 14)}))])
    # Back from Saturday Jan 16: Fri 15 (1), Thu 14 closed, Wed 13 (2), Tue 12 (3), Mon 11 (4), Fri 8 (5).
    assert school_days_before(days, REPORT_DUE, 5) == dt.date(2027, 1, 8)
    assert school_days_before(days, REPORT_DUE, 1) == dt.date(2027, 1, 15)


def test_the_next_report_is_the_first_whose_reviews_can_still_be_given() -> None:
    from progress.periods import Period

    days = SchoolDays([InstructionalCalendar(start=dt.date(2026, 8, 17), end=dt.date(2027, 5, 28))])
    periods = [Period(1, dt.date(2026, 8, 17), dt.date(2026, 11, 20), 2),
               Period(2, dt.date(2026, 11, 21), dt.date(2027, 5, 28), 2)]
    # Period 1's report is due Fri Nov 27: two school days before is Wed Nov 25, still ahead.
    assert review_timing(periods, days, TODAY, 2, 7).review_due_on == dt.date(2026, 11, 25)  # type: ignore[union-attr]
    # Ten school days before Nov 27 is Nov 13, past: the next report's reviews are asked.
    later = review_timing(periods, days, TODAY, 10, 7)
    assert later is not None and later.period.number == 2


def test_the_adults_who_carry_out_supports_are_the_class_teachers_and_classroom_team(
    iep, gen_ed_teacher, case_manager, provider, school, student,  # noqa: ANN001
) -> None:
    math_only = SupportFactory(iep=iep, text="Calculator", scope=Support.Scope.SUBJECTS, subjects=["Math"])
    ela_only = SupportFactory(iep=iep, text="Audiobooks", scope=Support.Scope.SUBJECTS, subjects=["English"])
    everywhere = SupportFactory(iep=iep, text="Preferential seating", category=Support.Category.SETTING)
    co_teacher = f.UserFactory(role="case_manager", schools=[school], first_name="Cora")
    f.TeamMemberFactory(iep=iep, user=co_teacher, role=TeamMember.Role.CO_TEACHER)
    found = {person: {s.text for s in mine} for person, mine in implementers(iep, TODAY)}
    # The Math teacher: what applies in Math; the co-teacher: everything; never the provider
    # (services are theirs, not classroom supports) nor the case manager (who wrote them).
    assert found == {
        gen_ed_teacher: {math_only.text, everywhere.text},
        co_teacher: {math_only.text, ela_only.text, everywhere.text},
    }


# --- asking --------------------------------------------------------------------------------------


def test_the_case_manager_asks_before_the_next_report(login, case_manager, gen_ed_teacher, student, supports) -> None:  # noqa: ANN001
    client = login(case_manager)
    response = ask(client, student)
    assert response.status_code == 302 and response["Location"].endswith("#support-reviews")
    made = list(DataRequest.objects.order_by("support_id"))
    assert [(r.support, r.teacher, r.due_on, r.goal) for r in made] == [
        (s, gen_ed_teacher, REVIEWS_DUE, None) for s in supports]
    assert made[0].message == "Before the January report"
    page = client.get(response["Location"]).content.decode()
    assert "Asked Gina" in page and "Jan 11" in page and "progress report 2 of 4" in page
    assert page.count("waiting</span>") == 2


def test_asking_again_skips_what_is_still_open(case_manager, gen_ed_teacher, iep, supports) -> None:  # noqa: ANN001
    first = actions.review_requests_before_report(iep=iep, by=case_manager, school_days=5)
    again = actions.review_requests_before_report(iep=iep, by=case_manager, school_days=5)
    assert len(first.made) == 2 and again.made == [] and again.skipped == [gen_ed_teacher]
    assert DataRequest.objects.count() == 2


def test_a_lead_out_of_range_is_refused_with_a_message(login, case_manager, student, supports) -> None:  # noqa: ANN001
    client = login(case_manager)
    response = ask(client, student, days=0)
    assert not DataRequest.objects.exists()
    assert "Choose from 1 to 30 school days." in client.get(response["Location"]).content.decode()


def test_the_ask_form_sent_twice_asks_once(login, case_manager, student, supports) -> None:  # noqa: ANN001
    client = login(case_manager)
    key = str(uuid.uuid4())
    ask(client, student, key=key)
    again = ask(client, student, key=key)
    assert "Already saved" in again.content.decode()
    assert DataRequest.objects.count() == 2


def test_the_database_holds_a_request_to_a_goal_or_a_support_never_both(iep, gen_ed_teacher, supports) -> None:  # noqa: ANN001
    goal = GoalFactory(iep=iep)
    with pytest.raises(IntegrityError), transaction.atomic():
        DataRequest.objects.create(goal=goal, support=supports[0], teacher=gen_ed_teacher,
                                   requested_by=iep.case_manager, due_on=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        DataRequest.objects.create(teacher=gen_ed_teacher, requested_by=iep.case_manager, due_on=TODAY)


# --- the teacher answers -------------------------------------------------------------------------


def test_my_day_shows_the_reviews_asked_as_one_line_per_student(login, case_manager, gen_ed_teacher, iep, supports) -> None:  # noqa: ANN001
    actions.review_requests_before_report(iep=iep, by=case_manager, school_days=5)
    body = login(gen_ed_teacher).get(reverse("home")).content.decode()
    assert "Review 2 supports for Maya Lopez" in body
    assert "Supports to review (1 student)" in body
    mine = login(case_manager).get(reverse("home")).content.decode()
    assert "Support reviews you asked for, not yet in (1)" in mine


def test_the_teacher_answers_each_support_and_the_requests_close(login, gen_ed_teacher, case_manager, iep, supports) -> None:  # noqa: ANN001
    first, second = actions.review_requests_before_report(iep=iep, by=case_manager, school_days=5).made
    client = login(gen_ed_teacher)
    page = client.get(reverse("progress:data_request", args=[first.pk])).content.decode()
    assert page.count("Send the review") == 2  # both supports asked of her, on one page
    response = client.post(reverse("progress:data_request_review", args=[first.pk]), {**ANSWER, "k": uuid.uuid4()})
    assert response["Location"] == reverse("progress:data_request", args=[second.pk])  # the next one
    first.refresh_from_db()
    review = SupportReview.objects.get()
    assert (first.status, first.review, review.reviewer, review.support) == (
        DataRequest.Status.ANSWERED, review, gen_ed_teacher, first.support)
    assert review.used == "mostly" and review.prompting == "gestural" and review.adjustment == "fade"
    response = client.post(reverse("progress:data_request_review", args=[second.pk]), {**ANSWER, "k": uuid.uuid4()})
    assert response["Location"] == reverse("home")
    assert not DataRequest.objects.open().exists()
    assert "Supports to review" not in client.get(reverse("home")).content.decode()


def test_a_review_written_on_the_supports_page_answers_the_request(login, gen_ed_teacher, iep, supports) -> None:  # noqa: ANN001
    request = ReviewRequestFactory(support=supports[0], teacher=gen_ed_teacher)
    login(gen_ed_teacher).post(reverse("accommodations:review_add", args=[supports[0].pk]),
                               {**ANSWER, "k": uuid.uuid4()})
    request.refresh_from_db()
    assert request.status == DataRequest.Status.ANSWERED and request.review == SupportReview.objects.get()


def test_a_review_by_someone_else_leaves_the_request_open(case_manager, gen_ed_teacher, supports) -> None:  # noqa: ANN001
    from accommodations.actions import support_review_add

    request = ReviewRequestFactory(support=supports[0], teacher=gen_ed_teacher)
    support_review_add(support=supports[0], reviewer=case_manager, used="always", prompting="independent",
                       adjustment="keep")
    request.refresh_from_db()
    assert request.status == DataRequest.Status.OPEN


def test_the_same_form_sent_twice_records_one_review(login, gen_ed_teacher, supports) -> None:  # noqa: ANN001
    request = ReviewRequestFactory(support=supports[0], teacher=gen_ed_teacher)
    client = login(gen_ed_teacher)
    data = {**ANSWER, "k": str(uuid.uuid4())}
    client.post(reverse("progress:data_request_review", args=[request.pk]), data)
    again = client.post(reverse("progress:data_request_review", args=[request.pk]), data)
    assert "Already saved" in again.content.decode()
    assert SupportReview.objects.count() == 1


def test_a_second_tab_sent_after_the_answer_records_nothing(login, gen_ed_teacher, supports) -> None:  # noqa: ANN001
    request = ReviewRequestFactory(support=supports[0], teacher=gen_ed_teacher)
    client = login(gen_ed_teacher)
    url = reverse("progress:data_request_review", args=[request.pk])
    client.post(url, {**ANSWER, "k": uuid.uuid4()})
    other_tab = client.post(url, {**ANSWER, "used": "rarely", "k": uuid.uuid4()}, follow=True)
    assert "This request is already answered; nothing more was recorded." in other_tab.content.decode()
    assert SupportReview.objects.count() == 1
    # Back to the page: the answer is shown, no form.
    page = client.get(reverse("progress:data_request", args=[request.pk])).content.decode()
    assert "Answered" in page and "Send the review" not in page


def test_a_missing_answer_is_named_and_nothing_is_saved(login, gen_ed_teacher, supports) -> None:  # noqa: ANN001
    request = ReviewRequestFactory(support=supports[0], teacher=gen_ed_teacher)
    client = login(gen_ed_teacher)
    response = client.post(reverse("progress:data_request_review", args=[request.pk]),
                           {"used": "mostly", "adjustment": "keep", "k": uuid.uuid4()}, follow=True)
    assert "Say how much help the student needed." in response.content.decode()
    assert not SupportReview.objects.exists()


def test_another_teacher_cannot_answer_a_request_not_theirs(login, colleague, gen_ed_teacher, supports) -> None:  # noqa: ANN001
    request = ReviewRequestFactory(support=supports[0], teacher=gen_ed_teacher)
    response = login(colleague).post(reverse("progress:data_request_review", args=[request.pk]),
                                     {**ANSWER, "k": uuid.uuid4()})
    assert response.status_code == 404
    assert not SupportReview.objects.exists()


def test_the_case_manager_cancels_a_review_request_from_the_reports_page(login, case_manager, gen_ed_teacher, supports) -> None:  # noqa: ANN001
    request = ReviewRequestFactory(support=supports[0], teacher=gen_ed_teacher)
    response = login(case_manager).post(reverse("progress:data_request_cancel", args=[request.pk]))
    assert response["Location"].endswith("#support-reviews")
    request.refresh_from_db()
    assert request.status == DataRequest.Status.CANCELLED


# --- late, and standing out ----------------------------------------------------------------------


def test_an_unanswered_review_request_reminds_the_teacher_until_answered(gen_ed_teacher, case_manager, supports) -> None:  # noqa: ANN001
    from accommodations.actions import support_review_add

    request = ReviewRequestFactory(support=supports[0], teacher=gen_ed_teacher, due_on=dt.date(2026, 11, 17))
    assert run_sweep("goal_data", TODAY).created == 1
    (note,) = Notification.objects.filter(kind="data_request", resolved_at__isnull=True)
    assert note.user == gen_ed_teacher and note.url == f"/progress/requests/{request.pk}/"
    assert note.title == (f"Maya Lopez: {case_manager} asked for a review of “Extended time (1.5x) on "
                          "classwork” by Nov 17 — review it now")
    support_review_add(support=supports[0], reviewer=gen_ed_teacher, **ANSWER)
    run_sweep("goal_data", TODAY)
    assert not Notification.objects.filter(kind="data_request", resolved_at__isnull=True).exists()


def test_a_request_on_an_ended_support_no_longer_reminds(gen_ed_teacher, supports) -> None:  # noqa: ANN001
    ReviewRequestFactory(support=supports[0], teacher=gen_ed_teacher, due_on=dt.date(2026, 11, 10))
    Support.objects.filter(pk=supports[0].pk).update(end_date=dt.date(2026, 11, 12))
    assert run_sweep("goal_data", TODAY).created == 0


def test_the_support_trend_names_who_has_not_answered(login, case_manager, gen_ed_teacher, colleague, student, supports) -> None:  # noqa: ANN001
    from accommodations.actions import support_review_add

    ReviewRequestFactory(support=supports[0], teacher=gen_ed_teacher, due_on=dt.date(2026, 11, 16))
    answered = ReviewRequestFactory(support=supports[0], teacher=colleague)
    support_review_add(support=supports[0], reviewer=colleague, **ANSWER)
    answered.refresh_from_db()
    assert answered.status == DataRequest.Status.ANSWERED
    client = login(case_manager)
    for url in (reverse("students:detail", args=[student.pk]), reverse("accommodations:student", args=[student.pk])):
        body = client.get(url).content.decode()
        assert "Asked, not yet answered:" in body
        assert str(gen_ed_teacher) in body.split("Asked, not yet answered:")[1][:200]
        assert "overdue" in body.split("Asked, not yet answered:")[1][:300]
    # The answer to a request counts in the trend like any other review.
    assert "1 reviewer" in client.get(reverse("students:detail", args=[student.pk])).content.decode()


# --- fixed queries -------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 10])
def test_my_day_runs_the_same_queries_however_many_reviews_are_asked(
    n: int, school, gen_ed_teacher, case_manager, section, django_assert_num_queries,  # noqa: ANN001
) -> None:
    for i in range(n):
        student = f.StudentFactory(school=school, last_name=f"Student{i}")
        other = f.IEPFactory(student=student, case_manager=case_manager)
        f.EnrollmentFactory(student=student, section=section)
        for support in (SupportFactory(iep=other), SupportFactory(iep=other)):
            ReviewRequestFactory(support=support, teacher=gen_ed_teacher)
    caseload = caseload_for(gen_ed_teacher, TODAY)
    # requests to me (1), goals due (1), requests I sent (1)
    with django_assert_num_queries(3):
        panel = my_day(gen_ed_teacher, TODAY, caseload)
    assert panel is not None and len(panel["reviews"]) == n
    assert all(len(row["requests"]) == 2 for row in panel["reviews"])


@pytest.mark.parametrize("n", [1, 10])
def test_the_reports_page_runs_the_same_queries_however_many_reviews_are_asked(
    n: int, login, case_manager, gen_ed_teacher, iep, django_assert_num_queries,  # noqa: ANN001
) -> None:
    GoalFactory(iep=iep)
    for _ in range(n):
        ReviewRequestFactory(support=SupportFactory(iep=iep), teacher=gen_ed_teacher)
    client = login(case_manager)
    url = reverse("progress:reports", args=[iep.student_id])
    client.get(url)  # warm the session
    # session (1), user (1), student (1), active IEP (1), access log (1), the period (schedule,
    # student, calendar: 3), goals, points, decisions, reports on file (4), report statuses (4),
    # the schedule form (1); support reviews: who would be asked (supports, classes, team: 3),
    # the school's days (2), the next report (schedule, calendar: 2), the requests (1); unread
    # notifications for the header (1).
    with django_assert_num_queries(26):
        response = client.get(url)
    assert response.status_code == 200 and response.content.decode().count("waiting</span>") == n


def test_the_reports_page_refuses_nothing_when_nobody_is_to_be_asked(login, case_manager, iep) -> None:  # noqa: ANN001
    body = login(case_manager).get(reverse("progress:reports", args=[iep.student_id])).content.decode()
    assert "Nobody to ask yet" in body


def test_asking_with_no_support_in_any_class_says_so(case_manager, iep) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match="Nobody carries out"):
        actions.review_requests_before_report(iep=iep, by=case_manager, school_days=5)
