"""The log form's goals: only the chosen students' goals count, each named with its student;
the free-text goals box is gone, and what older entries wrote there stays readable."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid

import pytest
from django.urls import reverse

from services.models import ServiceSession
from tests.progress.factories import GoalFactory
from tests.services.factories import ServiceSessionFactory

pytestmark = pytest.mark.django_db


def form_data(requirements, **over):  # noqa: ANN001, ANN003, ANN201
    data = {"requirements": [r.pk for r in requirements], "date": "2026-11-17", "minutes": "30",
            "status": "delivered", "certify": "certify", "k": str(uuid.uuid4())}
    data.update(over)
    return data


def test_each_goal_is_labelled_with_its_student_and_tagged_for_the_script(
        login, provider, speech, another_speech_student) -> None:  # noqa: ANN001
    liam = another_speech_student("Liam")
    mine = GoalFactory(iep=speech.iep, area="Articulation", annual_goal="Produce /r/ in all positions.")
    theirs = GoalFactory(iep=liam.iep, area="Fluency")
    body = login(provider).get(f"{reverse('services:log')}?k={uuid.uuid4()}").content.decode()
    assert re.search(rf'<label data-iep="{speech.iep_id}"><input[^>]+value="{mine.pk}"[^>]*> '
                     rf'Maya Lopez — Articulation<span class="muted goal-text">Produce /r/', body)
    assert re.search(rf'<label data-iep="{liam.iep_id}"><input[^>]+value="{theirs.pk}"[^>]*> '
                     rf'{liam.iep.student} — Fluency', body)
    # Each student row says which IEP its goals belong to, so ticking it shows only those.
    assert re.search(rf'<label data-student data-iep="{speech.iep_id}" data-name="Maya Lopez">', body)
    assert "Choose a student above to see their goals." in body


def test_a_goal_of_a_student_not_chosen_is_refused_and_nothing_typed_is_lost(
        login, provider, speech, another_speech_student) -> None:  # noqa: ANN001
    liam = another_speech_student("Liam")
    mine, theirs = GoalFactory(iep=speech.iep, area="Articulation"), GoalFactory(iep=liam.iep, area="Fluency")
    response = login(provider).post(reverse("services:log"), form_data(
        [speech], goals=[mine.pk, theirs.pk], minutes="25", note="Minimal pairs, then carryover.",
        start_time="10:15", group_size="2"))
    assert response.status_code == 400
    assert response.context["form"].errors["goals"] == [
        f"“Fluency” is {liam.iep.student}'s goal, and {liam.iep.student} is not among the students "
        f"you chose: choose {liam.iep.student} too, or untick the goal."]
    assert not ServiceSession.objects.exists()
    body = response.content.decode()
    for typed in ('value="25"', "Minimal pairs, then carryover.", 'value="10:15"', 'value="2"'):
        assert typed in body
    for goal in (mine, theirs):  # both stay ticked, so the provider sees what was refused
        assert re.search(rf'value="{goal.pk}"[^>]*checked', body)
    assert re.search(rf'value="{speech.pk}"[^>]*checked', body)


def test_the_chosen_students_goals_are_saved(login, provider, speech, another_speech_student) -> None:  # noqa: ANN001
    liam = another_speech_student("Liam")
    mine = GoalFactory(iep=speech.iep)
    GoalFactory(iep=liam.iep)
    response = login(provider).post(reverse("services:log"), form_data([speech], goals=[mine.pk]))
    assert response.status_code == 302
    (row,) = ServiceSession.objects.all()
    assert list(row.goals.all()) == [mine]


def test_the_free_text_goals_box_is_gone(login, provider, speech) -> None:  # noqa: ANN001
    GoalFactory(iep=speech.iep, area="Articulation")
    client = login(provider)
    body = client.get(f"{reverse('services:log')}?k={uuid.uuid4()}").content.decode()
    assert 'name="goals_addressed"' not in body and "Goals addressed" not in body
    # Sent anyway (an old tab), it is ignored: goals are said one way, from the IEP.
    response = client.post(reverse("services:log"), form_data([speech], goals_addressed="Typed goals"))
    assert response.status_code == 302
    assert ServiceSession.objects.get().goals_addressed == ""


def test_free_text_of_older_entries_stays_readable_and_survives_a_correction(
        login, provider, speech) -> None:  # noqa: ANN001
    goal = GoalFactory(iep=speech.iep, area="Articulation")
    old = ServiceSessionFactory(requirement=speech, date=dt.date(2026, 11, 16),
                                goals_addressed="/r/ blends, 80% in words")
    old.goals.set([goal])
    client = login(provider)
    detail = client.get(reverse("services:session", args=[old.pk])).content.decode()
    assert "Goals addressed (as written)" in detail and "/r/ blends, 80% in words" in detail
    assert "IEP goals worked on" in detail and "Articulation" in detail
    assert "/r/ blends, 80% in words" in client.get(reverse("services:student", args=[speech.iep.student_id])
                                                    ).content.decode()
    export = client.get(reverse("services:export"), {"start": "2026-11-01", "end": "2026-11-18"})
    (row,) = csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode()))
    assert (row["goals_worked_on"], row["goals_addressed_text"]) == ("Articulation", "/r/ blends, 80% in words")
    # The correction form shows the old text (to keep or fix) only where there is some.
    amend = client.get(f"{reverse('services:session_amend', args=[old.pk])}?k={uuid.uuid4()}")
    assert 'name="goals_addressed"' in amend.content.decode()
    fresh = ServiceSessionFactory(requirement=speech, date=dt.date(2026, 11, 17))
    amend = client.get(f"{reverse('services:session_amend', args=[fresh.pk])}?k={uuid.uuid4()}")
    assert 'name="goals_addressed"' not in amend.content.decode()
