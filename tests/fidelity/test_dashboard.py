"""The fidelity dashboard: scoped to the admin's schools, sortable, constant in queries."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from accommodations.models import ImplementationCheck
from progress.models import DataPoint
from services.models import ServiceSession
from tests import factories as f
from tests.accommodations.factories import SupportFactory
from tests.progress.factories import GoalFactory
from tests.services.factories import ServiceRequirementFactory

CUSTOM = {"period": "custom", "start": "2026-11-02", "end": "2026-11-13"}


def test_it_shows_the_school_admin_their_schools_figures(login, school_admin, small_school) -> None:  # noqa: ANN001
    page = login(school_admin).get(reverse("fidelity:dashboard"), CUSTOM)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Lincoln Middle School" in body and "Roosevelt" not in body
    assert "90 of 120 min" in body  # Ravi's 100 minutes at Roosevelt are not counted
    assert "75%" in body and "30 min" in body
    assert "<title" in body and "<desc" in body  # every trend chart has a text alternative
    assert "Behind" in body or "Watch" in body  # status in words, not colour alone
    # The check-off figure: three numbers, and the day it counts through.
    assert "Accommodation check-offs" in body and "Accommodations implemented" not in body
    assert "<dt>Provided</dt><dd class=\"fid-value\">6</dd>" in body
    assert "<dt>Not provided</dt><dd class=\"fid-value\">1</dd>" in body
    assert "<dt>Not checked</dt><dd class=\"fid-value\">1</dd>" in body
    assert "75% provided of 8 expected; through Fri, Nov 13" in body


def test_another_schools_admin_sees_none_of_these_figures(login, other_school_admin, small_school) -> None:  # noqa: ANN001
    body = login(other_school_admin).get(reverse("fidelity:dashboard"), CUSTOM).content.decode()
    assert "Lincoln Middle School" not in body
    assert "90 of 120 min" not in body
    assert "100 of 200 min" in body  # Ravi: one of two weekly sessions delivered
    assert "Casey" not in body and "Gina" not in body


def test_a_school_admin_cannot_filter_to_another_school(login, school_admin, other_school, small_school) -> None:  # noqa: ANN001
    page = login(school_admin).get(reverse("fidelity:dashboard"), {**CUSTOM, "school": other_school.pk})
    body = page.content.decode()
    assert "Select a valid choice" in body  # the form refuses; the scope stays their own
    assert "Roosevelt" not in body.split("</form>")[1]


def test_the_district_admin_sees_every_school(login, district_admin, small_school) -> None:  # noqa: ANN001
    body = login(district_admin).get(reverse("fidelity:dashboard"), CUSTOM).content.decode()
    assert "Lincoln Middle School" in body and "Roosevelt Middle School" in body
    assert "190 of 320 min" in body


def test_teachers_and_case_managers_get_404(login, case_manager, gen_ed_teacher, provider, db) -> None:  # noqa: ANN001
    for user in (case_manager, gen_ed_teacher, provider):
        assert login(user).get(reverse("fidelity:dashboard")).status_code == 404


def test_breakdowns_sort_on_the_server(login, district_admin, small_school) -> None:  # noqa: ANN001
    client = login(district_admin)
    ascending = client.get(reverse("fidelity:dashboard"), {**CUSTOM, "sort": "minutes"}).content.decode()
    descending = client.get(reverse("fidelity:dashboard"),
                            {**CUSTOM, "sort": "minutes", "dir": "desc"}).content.decode()
    school_table = ascending.split('id="t-school"')[1].split("</table>")[0]
    assert school_table.index("Roosevelt") < school_table.index("Lincoln")  # 50% before 75%
    school_table = descending.split('id="t-school"')[1].split("</table>")[0]
    assert school_table.index("Lincoln") < school_table.index("Roosevelt")


def test_each_row_links_to_the_students_behind_it(login, school_admin, small_school, school,  # noqa: ANN001
                                                  case_manager) -> None:
    client = login(school_admin)
    body = client.get(reverse("fidelity:dashboard"), CUSTOM).content.decode()
    link = f"{reverse('fidelity:students')}?dim=case_manager&amp;id={case_manager.pk}"
    assert link in body
    listing = client.get(reverse("fidelity:students"), {"dim": "case_manager", "id": case_manager.pk})
    text = listing.content.decode()
    assert "Lopez" in text and "Adams" not in text  # Leo is Cleo's, not Casey's
    everyone = client.get(reverse("fidelity:students"), {"dim": "school", "id": school.pk}).content.decode()
    assert "Lopez" in everyone and "Adams" in everyone


def test_the_students_list_never_reaches_past_the_admins_schools(login, school_admin, other_school,  # noqa: ANN001
                                                                  small_school) -> None:
    client = login(school_admin)
    assert client.get(reverse("fidelity:students"), {"dim": "school", "id": other_school.pk}).status_code == 404
    ravi_cm = small_school.ravi_iep.case_manager
    assert client.get(reverse("fidelity:students"), {"dim": "case_manager", "id": ravi_cm.pk}).status_code == 404


def _grow(school, calendar, section, provider, n: int) -> None:  # noqa: ANN001
    """n more students with a service, sessions, a support with checks, a goal with data."""
    for i in range(n):
        student = f.StudentFactory(school=school)
        iep = f.IEPFactory(student=student)
        f.EnrollmentFactory(student=student, section=section)
        f.TeamMemberFactory(iep=iep, user=provider)
        requirement = ServiceRequirementFactory(iep=iep, provider=provider)
        ServiceSession.objects.create(requirement=requirement, student=student, date=dt.date(2026, 11, 3),
                                      minutes=30, logged_by=provider)
        support = SupportFactory(iep=iep)
        ImplementationCheck.objects.create(support=support, student=student, section=section,
                                           date=dt.date(2026, 11, 3), teacher=section.teacher,
                                           outcome="provided")
        goal = GoalFactory(iep=iep, collectors=[provider])
        DataPoint.objects.create(goal=goal, date=dt.date(2026, 11, 4 + i % 3), value=40, setting="special_ed",
                                 collected_by=provider)
        f.ParentContactFactory(student=student, staff=provider)


# The whole request, however many students (43):
#  session, user, MFA check (admin);
#  services: requirements, calendars, closures, ledgers_for on the last day (calendars,
#    closures, session sums) and on the day before the period (the same three: the lines
#    began before it), minutes by line, week and status;
#  accommodations: supports, enrollments, the days each class meets (meetings_for: sections,
#    calendars, closures, day patterns, anchors, overrides, meetings), assessments, checks per
#    chunk (months before the charted weeks, then each charted week: two weeks here);
#  goals: goals with latest data, collectors, weekly currency (one SQL);
#  acknowledgements: acknowledgement_status (IEPs, supports, team, enrollments, the people
#    who owe, latest acknowledgements), acknowledgements by week;
#  reports: schedules, calendars, reports; contacts: IEPs with last contact, weekly (one SQL);
#  decisions: goals, their points that count, their decisions, calendars, closures;
#  names: users, schools; unread notifications (header); the school choices (the form);
#  the admin's schools (the snapshot's scope), the snapshot upsert (savepoint, select for
#  update, update, release). No session write: it is refreshed at most every two minutes.
def test_the_dashboard_query_count_is_constant_in_the_number_of_students(
    login, school_admin, small_school, school, calendar, section, provider,  # noqa: ANN001
    django_assert_max_num_queries, django_assert_num_queries,  # noqa: ANN001
) -> None:
    client = login(school_admin)
    url = reverse("fidelity:dashboard")
    fresh = {**CUSTOM, "refresh": "1"}  # always compute, never read the snapshot
    client.get(url, fresh)  # warm the session and the MFA check
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url, fresh).status_code == 200
    _grow(school, calendar, section, provider, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        body = client.get(url, fresh).content.decode()
    assert "Lincoln Middle School" in body
    # 57: the computation (with the decision rules answered on time: goals, their points,
    # decisions, calendars and closures), the count of the scope's students that keeps a
    # district's out of the request (FIDELITY_LIVE_MAX_STUDENTS), and the ESY lines (none
    # here; live, apart).
    assert len(small.captured_queries) == 57, "\n".join(q["sql"][:90] for q in small.captured_queries)


def test_a_second_visit_reads_the_stored_figures_and_says_how_fresh(login, school_admin, small_school,  # noqa: ANN001
                                                                  django_assert_max_num_queries) -> None:
    client = login(school_admin)
    url = reverse("fidelity:dashboard")
    first = client.get(url, CUSTOM).content.decode()
    assert "Figures computed" in first and "Recompute now" in first
    speech = small_school.speech
    ServiceSession.objects.create(requirement=speech, student=speech.iep.student, date=dt.date(2026, 11, 13),
                                  minutes=30, logged_by=speech.provider, status="makeup",
                                  certified_by=speech.provider, certified_at=dt.datetime.now(tz=dt.UTC))
    with django_assert_max_num_queries(15):
        again = client.get(url, CUSTOM).content.decode()
    assert "90 of 120 min" in again  # the stored figures, not recomputed
    assert "120 of 120 min" in client.get(url, {**CUSTOM, "refresh": "1"}).content.decode()


# Reading the stored figures, however many service lines they hold (the lines behind and the
# missing calendars come from the snapshot too): session, user, MFA check, the admin's
# schools (the snapshot's scope), the snapshot, the breakdowns' names (users, schools),
# unread notifications (header), the school choices (form), the ESY lines (live, apart from
# the snapshot): ten, nothing recomputed.
def test_the_stored_figures_are_read_in_constant_queries(
    login, school_admin, small_school, school, calendar, section, provider,  # noqa: ANN001
    django_assert_num_queries,  # noqa: ANN001
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(school_admin)
    url = reverse("fidelity:dashboard")
    client.get(url, {**CUSTOM, "refresh": "1"})
    with CaptureQueriesContext(connection) as small:
        assert "Service lines behind" in client.get(url, CUSTOM).content.decode()
    queries = [q["sql"][:90] for q in small.captured_queries]  # the next request clears the log
    _grow(school, calendar, section, provider, 12)
    client.get(url, {**CUSTOM, "refresh": "1"})  # store the larger figures
    with django_assert_num_queries(len(queries)):
        body = client.get(url, CUSTOM).content.decode()
    assert body.count("Behind by") >= 12  # every new line is behind, listed from the snapshot
    assert len(queries) == 10, "\n".join(queries)
