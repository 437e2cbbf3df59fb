"""The log form's students: a search that filters them, grouped by the day's scheduled sessions."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator

import pytest
from django.urls import reverse

from services.models import ServiceRequirement
from services.scheduled import ScheduledSession, register_schedule_source, unregister_schedule_source
from students.models import TeamMember
from tests import factories as f
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.django_db
WEDNESDAY = dt.date(2026, 11, 18)  # the frozen today


@pytest.fixture
def timetable() -> Iterator[dict[tuple[int, dt.date], list[ScheduledSession]]]:
    """A fake timetable source: (user pk, day) -> that day's sessions; no entry keeps no schedule."""
    days: dict[tuple[int, dt.date], list[ScheduledSession]] = {}

    def source(user, day):  # noqa: ANN001, ANN202
        return days.get((user.pk, day))

    register_schedule_source(source)
    yield days
    unregister_schedule_source(source)


@pytest.fixture
def caseload(school, case_manager, provider, speech):  # noqa: ANN001, ANN201
    """Speech lines of Maya Lopez (the `speech` fixture), Liam Chen, Ava Brooks and Zoe Adams."""
    lines = {"Maya": speech}
    for first, last in (("Liam", "Chen"), ("Ava", "Brooks"), ("Zoe", "Adams")):
        iep = f.IEPFactory(student=f.StudentFactory(school=school, first_name=first, last_name=last),
                           case_manager=case_manager)
        f.TeamMemberFactory(iep=iep, user=provider, role=TeamMember.Role.PROVIDER)
        lines[first] = ServiceRequirementFactory(iep=iep, provider=provider)
    return lines


def page(client, **params) -> str:  # noqa: ANN001, ANN003
    query = "&".join(f"{k}={v}" for k, v in {"k": uuid.uuid4(), **params}.items())
    response = client.get(f"{reverse('services:log')}?{query}")
    assert response.status_code == 200
    return response.content.decode()


def groups(body: str) -> list[tuple[str, list[str]]]:
    """Each scheduled group's legend and the first names of its students, in page order."""
    found = []
    for chunk in body.split('<fieldset class="student-group')[1:]:
        chunk = chunk.split("</fieldset>")[0]
        legend = re.search(r"<legend>(.*?)</legend>", chunk).group(1)  # type: ignore[union-attr]
        found.append((legend, re.findall(r'data-name="(\w+) ', chunk)))
    return found


def students_listed(body: str) -> list[str]:
    return re.findall(r'<label data-student data-iep="\d+" data-name="(\w+) ', body)


class TestSearch:
    def test_the_form_has_a_search_that_the_script_turns_on(self, login, provider, caseload) -> None:  # noqa: ANN001
        body = page(login(provider))
        # Hidden until services_log.js shows it: without the script the list works as is.
        assert re.search(r'<div class="student-filter" data-student-filter hidden>', body)
        assert '<label for="student-search">Find a student</label>' in body
        assert 'type="search" id="student-search"' in body
        assert 'aria-live="polite" data-filter-count>4 services listed</small>' in body
        assert "No student matches" in body and "data-no-match hidden" in body
        # Every student row carries the name the search matches.
        assert students_listed(body) == ["Zoe", "Ava", "Liam", "Maya"]
        assert "services_log.js" in body


class TestGrouping:
    def test_without_a_timetable_the_students_are_one_list_by_name(self, login, provider, caseload) -> None:  # noqa: ANN001
        body = page(login(provider))
        assert groups(body) == []
        assert "Select the group" not in body and "Other students" not in body
        assert "your timetable" not in body
        assert students_listed(body) == ["Zoe", "Ava", "Liam", "Maya"]  # Adams, Brooks, Chen, Lopez

    def test_students_are_grouped_by_the_days_sessions_in_time_order(
            self, login, provider, caseload, timetable) -> None:  # noqa: ANN001
        timetable[(provider.pk, WEDNESDAY)] = [
            ScheduledSession("Wed 9:00 · Ava Brooks", dt.time(9), 30, (caseload["Ava"].pk,)),
            ScheduledSession("Wed 10:30 · Articulation group, 2 students", dt.time(10, 30), 25,
                             (caseload["Maya"].pk, caseload["Liam"].pk)),
        ]
        body = page(login(provider))
        assert groups(body) == [
            ("Wed 9:00 · Ava Brooks", ["Ava"]),
            ("Wed 10:30 · Articulation group, 2 students", ["Liam", "Maya"]),
            ("Other students", ["Zoe"]),
        ]
        assert students_listed(body) == ["Ava", "Liam", "Maya", "Zoe"]  # each checkbox once
        assert "In the order of your timetable for Wednesday, Nov 18." in body

    def test_select_the_group_preselects_its_students_minutes_and_time(
            self, login, provider, caseload, timetable) -> None:  # noqa: ANN001
        maya, liam = caseload["Maya"], caseload["Liam"]
        timetable[(provider.pk, WEDNESDAY)] = [
            ScheduledSession("Wed 10:30 · Articulation group", dt.time(10, 30), 25, (maya.pk, liam.pk))]
        client = login(provider)
        body = page(client)
        link = re.search(r'<a href="([^"]+)" class="secondary outline" data-select-group data-members="([\d ]+)"', body)
        assert link is not None and link.group(2) == f"{liam.pk} {maya.pk}"  # Chen, Lopez
        address = link.group(1).replace("&amp;", "&")
        assert f"requirement={maya.pk}" in address and f"requirement={liam.pk}" in address
        # Without the script the link reloads the form (same key) with the group ticked.
        form = client.get(address).context["form"]
        assert form.initial["requirements"] == [liam.pk, maya.pk]
        assert (form.initial["minutes"], form.initial["start_time"], form.initial["date"]) == (
            25, dt.time(10, 30), WEDNESDAY)

    def test_the_groups_follow_the_date_chosen(self, login, provider, caseload, timetable) -> None:  # noqa: ANN001
        thursday = WEDNESDAY + dt.timedelta(days=1)
        timetable[(provider.pk, WEDNESDAY)] = []
        timetable[(provider.pk, thursday)] = [
            ScheduledSession("Thu 8:15 · Zoe Adams", dt.time(8, 15), 30, (caseload["Zoe"].pk,))]
        client = login(provider)
        # Nothing scheduled today: everyone is an "Other student".
        assert groups(page(client)) == [("Other students", ["Zoe", "Ava", "Liam", "Maya"])]
        assert groups(page(client, date=thursday.isoformat()))[0] == ("Thu 8:15 · Zoe Adams", ["Zoe"])

    def test_a_form_sent_back_keeps_the_grouping_and_the_ticks(
            self, login, provider, caseload, timetable) -> None:  # noqa: ANN001
        timetable[(provider.pk, WEDNESDAY)] = [
            ScheduledSession("Wed 10:30 · Articulation group", dt.time(10, 30), 25,
                             (caseload["Maya"].pk, caseload["Liam"].pk))]
        response = login(provider).post(f"{reverse('services:log')}?k={uuid.uuid4()}", {
            "requirements": [caseload["Liam"].pk], "date": WEDNESDAY.isoformat(), "minutes": "",
            "status": "delivered", "certify": "certify", "note": "Carryover of /r/ in phrases."})
        assert response.status_code == 400
        body = response.content.decode()
        assert [g[0] for g in groups(body)] == ["Wed 10:30 · Articulation group", "Other students"]
        assert re.search(rf'value="{caseload["Liam"].pk}"[^>]*checked', body)
        assert "Carryover of /r/ in phrases." in body

    def test_lines_not_yet_started_or_of_others_stay_out_of_the_groups(
            self, login, provider, caseload, timetable, school) -> None:  # noqa: ANN001
        stranger = ServiceRequirementFactory(provider=f.UserFactory(schools=[school]))
        later = ServiceRequirementFactory(iep=caseload["Zoe"].iep, provider=provider,
                                          area="Fluency", start_date=WEDNESDAY + dt.timedelta(days=7))
        timetable[(provider.pk, WEDNESDAY)] = [
            ScheduledSession("Wed 13:00 · Someone else's", dt.time(13), 30, (stranger.pk, later.pk))]
        body = page(login(provider))
        assert "Someone else" not in body
        assert groups(body) == [("Other students", ["Zoe", "Ava", "Liam", "Maya"])]
        assert ServiceRequirement.objects.count() == 6
