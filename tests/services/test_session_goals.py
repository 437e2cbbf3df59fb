"""Goals addressed: a session links the student's own IEP goals, beside the free text."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import ProgrammingError, transaction
from django.urls import reverse

from services.actions import service_session_amend, service_session_void, service_sessions_log
from services.models import ServiceSession
from tests.progress.factories import GoalFactory

pytestmark = pytest.mark.django_db
TUESDAY = dt.date(2026, 11, 17)


def log(requirements, by, **over):  # noqa: ANN001, ANN003, ANN201
    kwargs = {"requirements": requirements, "by": by, "date": TUESDAY, "minutes": 30,
              "status": "delivered", "idempotency_key": uuid.uuid4(), "certify": True}
    kwargs.update(over)
    return service_sessions_log(**kwargs)


class TestAction:
    def test_a_certified_session_links_its_goals_and_keeps_the_free_text(self, speech, provider) -> None:  # noqa: ANN001
        goal = GoalFactory(iep=speech.iep, area="Articulation")
        (row,) = log([speech], provider, goals=[goal], goals_addressed="/r/ in initial position")
        row.refresh_from_db()
        assert row.is_certified and list(row.goals.all()) == [goal]
        assert row.goals_addressed == "/r/ in initial position"
        assert list(goal.service_sessions.all()) == [row]

    def test_each_record_of_a_group_entry_links_only_its_own_students_goals(
            self, speech, provider, another_speech_student) -> None:  # noqa: ANN001
        other = another_speech_student()
        mine, theirs = GoalFactory(iep=speech.iep), GoalFactory(iep=other.iep)
        rows = log([speech, other], provider, goals=[mine, theirs])
        assert {r.student_id: list(r.goals.all()) for r in rows} == {
            speech.iep.student_id: [mine], other.iep.student_id: [theirs]}

    def test_a_goal_of_a_student_not_chosen_is_refused_and_nothing_saved(
            self, speech, provider, another_speech_student) -> None:  # noqa: ANN001
        stranger = GoalFactory(iep=another_speech_student().iep, area="Fluency")
        with pytest.raises(ValidationError) as exc:
            log([speech], provider, goals=[stranger])
        assert exc.value.message_dict["goals"] == [
            "“Fluency” is not a current goal of the students you chose; choose goals from their own IEPs."]
        assert not ServiceSession.objects.exists()

    def test_a_goal_no_longer_worked_on_is_refused(self, speech, provider) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError):
            log([speech], provider, goals=[GoalFactory(iep=speech.iep, active=False)])

    def test_the_certified_row_stays_immutable(self, speech, provider) -> None:  # noqa: ANN001
        (row,) = log([speech], provider, goals=[GoalFactory(iep=speech.iep)])
        with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
            ServiceSession.objects.filter(pk=row.pk).update(goals_addressed="rewritten")

    def test_a_correction_carries_the_goals_over_or_replaces_them(self, speech, provider) -> None:  # noqa: ANN001
        first, second = GoalFactory(iep=speech.iep, area="A"), GoalFactory(iep=speech.iep, area="B")
        (row,) = log([speech], provider, goals=[first])
        kept = service_session_amend(session=row, by=provider, reason="Wrong minutes", date=TUESDAY,
                                     minutes=25, status="delivered")
        assert list(kept.goals.all()) == [first]
        changed = service_session_amend(session=kept, by=provider, reason="Wrong goal", date=TUESDAY,
                                        minutes=25, status="delivered", goals=[second])
        assert list(changed.goals.all()) == [second]
        assert list(row.goals.all()) == [first]  # the original keeps its links
        void = service_session_void(session=changed, by=provider, reason="Logged twice")
        assert list(void.goals.all()) == [second]


def form_data(requirements, **over):  # noqa: ANN001, ANN003, ANN201
    data = {"idempotency_key": str(uuid.uuid4()), "requirements": [r.pk for r in requirements],
            "date": "2026-11-17", "minutes": "30", "status": "delivered", "certify": "certify",
            "k": str(uuid.uuid4())}
    data.update(over)
    return data


class TestLogPage:
    def test_the_form_offers_the_goals_of_the_providers_students_only(
            self, login, provider, speech, reading) -> None:  # noqa: ANN001
        GoalFactory(iep=speech.iep, area="Articulation")
        GoalFactory(iep=GoalFactory().iep, area="Someone else's goal")
        GoalFactory(iep=speech.iep, area="Finished goal", active=False)
        body = login(provider).get(reverse("services:log"), follow=True).content.decode()
        assert "IEP goals worked on" in body
        assert f"{speech.iep.student} — Articulation" in body
        assert "Someone else" not in body and "Finished goal" not in body

    def test_the_form_hides_goals_when_there_are_none(self, login, provider, speech) -> None:  # noqa: ANN001
        assert "IEP goals worked on" not in login(provider).get(reverse("services:log"), follow=True).content.decode()

    def test_a_group_entry_from_the_page_links_each_students_goals(
            self, login, provider, speech, another_speech_student) -> None:  # noqa: ANN001
        other = another_speech_student()
        mine, theirs = GoalFactory(iep=speech.iep), GoalFactory(iep=other.iep)
        response = login(provider).post(reverse("services:log"), form_data(
            [speech, other], goals=[mine.pk, theirs.pk]))
        assert response.status_code == 302
        assert sorted((s.student_id, g.pk) for s in ServiceSession.objects.all() for g in s.goals.all()) == \
            sorted([(speech.iep.student_id, mine.pk), (other.iep.student_id, theirs.pk)])

    def test_a_goal_not_offered_is_refused_with_a_message(self, login, provider, speech) -> None:  # noqa: ANN001
        stranger = GoalFactory()
        response = login(provider).post(reverse("services:log"), form_data([speech], goals=[stranger.pk]))
        assert response.status_code == 400
        assert "goals" in response.context["form"].errors
        assert not ServiceSession.objects.exists()

    def test_a_goal_of_a_student_not_chosen_is_refused_on_the_page(
            self, login, provider, speech, another_speech_student) -> None:  # noqa: ANN001
        theirs = GoalFactory(iep=another_speech_student().iep, area="Fluency")
        response = login(provider).post(reverse("services:log"), form_data([speech], goals=[theirs.pk]))
        assert response.status_code == 400
        assert "“Fluency” is Liam " in response.content.decode()
        assert not ServiceSession.objects.exists()
