from __future__ import annotations

from django.urls import reverse

from students.caseload import caseload_for
from students.models import IEP, TeamMember
from tests import factories as f
from tests.conftest import FROZEN_TODAY


def _grow_caseload(case_manager, section, n: int) -> None:  # noqa: ANN001
    for _ in range(n):
        iep = f.IEPFactory(student=f.StudentFactory(school=section.school), case_manager=case_manager)
        f.EnrollmentFactory(student=iep.student, section=section)
        f.TeamMemberFactory(iep=iep, user=section.teacher, role=TeamMember.Role.GEN_ED_TEACHER)


def test_my_students_lists_the_case_managers_students_and_duties(login, case_manager, iep: IEP) -> None:  # noqa: ANN001
    client = login(case_manager)
    # My day is next actions; the caseload is one link away, on My students.
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("caseload")}">My students (1)</a>' in home
    assert "Manage the IEP: minutes, meetings" not in home
    page = client.get(reverse("caseload")).content.decode()
    assert str(iep.student) in page
    assert "Manage the IEP: minutes, meetings, documentation, informing teachers" in page


def test_someone_who_serves_no_student_is_told_so(login, colleague) -> None:  # noqa: ANN001
    assert "You are not on any student's team yet" in login(colleague).get(reverse("home")).content.decode()
    assert "You are not on any student's team yet" in login(colleague).get(reverse("caseload")).content.decode()


def test_next_actions_are_ordered_overdue_first_then_by_day_then_by_panel() -> None:
    import datetime as dt

    from iep_portal.panels import NextAction, next_actions

    today = FROZEN_TODAY
    later = NextAction("later", "/a", due=today + dt.timedelta(days=3))
    now = NextAction("now", "/b")
    late = NextAction("late", "/c", due=today - dt.timedelta(days=1), overdue=True)
    first_panel_today = NextAction("first", "/d", due=today)
    built = [("a.html", {"actions": [first_panel_today, later]}), ("b.html", {}),
             ("c.html", {"actions": [now, late]})]
    assert [a.text for a in next_actions(built, today)] == ["late", "first", "now", "later"]


def test_my_day_shows_each_panels_next_actions_in_one_today_list(
    login, case_manager, gen_ed_teacher, iep: IEP, section  # noqa: ANN001
) -> None:
    import datetime as dt

    from meetings.actions import follow_up_add
    from tests.meetings.factories import MeetingFactory

    meeting = MeetingFactory(iep=iep, date=dt.date(2026, 11, 10))
    follow_up_add(meeting=meeting, by=case_manager, owner=case_manager, description="Send the amended IEP",
                  due_on=dt.date(2026, 11, 16))
    page = login(case_manager).get(reverse("home")).content.decode()
    today = page[page.index('id="today-heading"'):page.index('class="my-day-panels"')]
    assert "Send the amended IEP (Maya Lopez)" in today and "overdue" in today
    assert 'name="next" value="home"' in today  # closed from My day itself


def test_a_gen_ed_teacher_sees_their_class_duties_not_the_case_managers(
    login, gen_ed_teacher, iep: IEP  # noqa: ANN001
) -> None:
    [entry] = caseload_for(gen_ed_teacher, FROZEN_TODAY)
    keys = {d.responsibility.key for d in entry.duties}
    assert "implement_accommodations" in keys and "reinforce_sdi" in keys
    assert "manage_iep" not in keys and "teach_sdi" not in keys
    assert [s.name for s in entry.sections] == ["Math 6"]


def test_a_provider_owns_only_their_own_services(provider, iep: IEP) -> None:  # noqa: ANN001
    [entry] = caseload_for(provider, FROZEN_TODAY)
    levels = {d.responsibility.key: d.level for d in entry.duties}
    assert levels["teach_sdi"] == "own_services"
    assert "manage_iep" not in levels


def test_an_override_on_one_iep_changes_that_iep_only(case_manager, gen_ed_teacher, iep: IEP, section) -> None:  # noqa: ANN001
    iep.responsibility_overrides.create(responsibility="collect_data", role="gen_ed_teacher", level="owns")
    _grow_caseload(case_manager, section, 1)
    entries = caseload_for(gen_ed_teacher, FROZEN_TODAY)
    levels = {e.iep.pk: {d.responsibility.key: d.level for d in e.duties}["collect_data"] for e in entries}
    assert levels[iep.pk] == "owns"
    assert sorted(levels.values()) == ["owns", "shared"]


def test_the_caseload_query_count_does_not_grow_with_the_caseload(
    case_manager, gen_ed_teacher, iep: IEP, section, django_assert_num_queries  # noqa: ANN001
) -> None:
    # 1 IEPs the user is on, 2 classes taught with IEP students, 3 the active IEPs of
    # students met only through a class (the fixture's student: the teacher is not on that
    # team), 4 overrides. The case manager teaches no class, so query 3 does not run.
    for size in (1, 12):
        _grow_caseload(case_manager, section, size)
        with django_assert_num_queries(4):
            assert len(caseload_for(gen_ed_teacher, FROZEN_TODAY)) >= size
        with django_assert_num_queries(3):
            caseload_for(case_manager, FROZEN_TODAY)


def test_an_observer_has_no_duties_on_my_day(observer, iep: IEP) -> None:  # noqa: ANN001
    assert caseload_for(observer, FROZEN_TODAY) == []
