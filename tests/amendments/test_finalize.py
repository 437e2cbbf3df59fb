"""Finalizing an amendment: the changes applied once, through the areas' actions, the old
line's owed minutes still owed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from amendments import actions
from amendments.models import Amendment, AmendmentChange, Reacknowledgement
from progress.models import Goal
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement, ServiceSession
from tests.amendments.helpers import MONDAY, draft, line_becomes, notice
from tests.progress.factories import GoalFactory
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def speech(iep, provider):  # noqa: ANN001, ANN201
    line = ServiceRequirementFactory(iep=iep, provider=provider, minutes=60, sessions=2)
    # Two sessions missed because the provider was out: the school owes those minutes.
    for day in (dt.date(2026, 11, 9), dt.date(2026, 11, 16)):
        ServiceSessionFactory(requirement=line, date=day, minutes=30, status=ServiceSession.Status.PROVIDER_ABSENT)
    ServiceSessionFactory(requirement=line, date=dt.date(2026, 11, 11), minutes=30)
    return line


def _raise_to_90(iep, case_manager, speech) -> Amendment:  # noqa: ANN001
    amendment = draft(iep, case_manager)
    actions.amendment_change_put(amendment=amendment, by=case_manager, kind="change", target="service",
                                 service_line=speech, becomes=line_becomes(speech, minutes=90, sessions=3))
    notice(amendment, case_manager)
    return amendment


def test_it_ends_the_old_line_the_day_before_and_starts_the_new_one(iep, case_manager, speech) -> None:  # noqa: ANN001
    amendment = _raise_to_90(iep, case_manager, speech)
    assert actions.amendment_finalize(amendment=amendment, by=case_manager)
    speech.refresh_from_db()
    assert speech.end_date == MONDAY - dt.timedelta(days=1) and speech.minutes == 60
    new = ServiceRequirement.objects.exclude(pk=speech.pk).get(iep=iep)
    assert (new.area, new.minutes, new.sessions, new.start_date, new.end_date, new.provider) == (
        "Speech-language", 90, 3, MONDAY, iep.end_date, speech.provider)
    assert AmendmentChange.objects.get().new_service_line == new
    amendment.refresh_from_db()
    assert amendment.status == "final" and amendment.finalized_by == case_manager


def test_what_was_owed_under_the_old_line_stays_owed(iep, case_manager, speech) -> None:  # noqa: ANN001
    as_of = dt.date(2026, 11, 17)
    before = ledgers_for(ServiceRequirement.objects.filter(pk=speech.pk), as_of)[speech.pk].ledger
    assert before.owed == 60
    actions.amendment_finalize(amendment=_raise_to_90(iep, case_manager, speech), by=case_manager)
    after = ledgers_for(ServiceRequirement.objects.filter(pk=speech.pk), as_of)[speech.pk].ledger
    assert (after.expected, after.delivered, after.owed) == (before.expected, before.delivered, before.owed)
    # Weeks later the old line still owes what it did, and expects nothing after it ended.
    later = ledgers_for(ServiceRequirement.objects.filter(pk=speech.pk), dt.date(2026, 12, 18))[speech.pk].ledger
    assert later.owed == before.owed
    assert later.expected == ledgers_for(
        ServiceRequirement.objects.filter(pk=speech.pk), MONDAY - dt.timedelta(days=1))[speech.pk].ledger.expected


def test_finalizing_twice_applies_the_changes_once(iep, case_manager, speech) -> None:  # noqa: ANN001
    amendment = _raise_to_90(iep, case_manager, speech)
    assert actions.amendment_finalize(amendment=amendment, by=case_manager) is True
    asked = Reacknowledgement.objects.count()
    again = Amendment.objects.get(pk=amendment.pk)
    assert actions.amendment_finalize(amendment=again, by=case_manager) is False
    assert ServiceRequirement.objects.filter(iep=iep).count() == 2
    assert Reacknowledgement.objects.count() == asked


def test_it_refuses_to_finalize_without_a_notice_or_how_it_was_agreed(iep, case_manager, speech) -> None:  # noqa: ANN001
    amendment = actions.amendment_start(iep=iep, by=case_manager)
    actions.amendment_change_put(amendment=amendment, by=case_manager, kind="end", target="service",
                                 service_line=speech)
    with pytest.raises(ValidationError) as e:
        actions.amendment_finalize(amendment=amendment, by=case_manager)
    assert "Write the prior written notice first." in e.value.messages
    assert any("how the amendment was agreed" in m for m in e.value.messages)
    speech.refresh_from_db()
    assert speech.end_date == iep.end_date


def test_a_written_agreement_records_who_recorded_it(iep, case_manager) -> None:  # noqa: ANN001
    amendment = draft(iep, case_manager)
    assert amendment.agreement_on == dt.date(2026, 11, 17)
    assert amendment.agreement_recorded_by == case_manager and amendment.agreement_recorded_at is not None


def test_it_refuses_an_amendment_taking_effect_before_today(iep, case_manager, speech) -> None:  # noqa: ANN001
    amendment = draft(iep, case_manager, effective_on=dt.date(2026, 11, 2),
                      agreement_on=dt.date(2026, 10, 30))
    actions.amendment_change_put(amendment=amendment, by=case_manager, kind="end", target="service",
                                 service_line=speech)
    notice(amendment, case_manager)
    with pytest.raises(ValidationError, match="before today"):
        actions.amendment_finalize(amendment=amendment, by=case_manager)


def test_starting_twice_opens_the_same_draft(iep, case_manager) -> None:  # noqa: ANN001
    first = actions.amendment_start(iep=iep, by=case_manager)
    assert actions.amendment_start(iep=iep, by=case_manager) == first
    assert Amendment.objects.count() == 1


def test_a_changed_goal_is_ended_and_a_new_one_written_its_data_kept(iep, case_manager, provider) -> None:  # noqa: ANN001
    goal = GoalFactory(iep=iep, collectors=[provider])
    amendment = draft(iep, case_manager)
    actions.amendment_change_put(amendment=amendment, by=case_manager, kind="change", target="goal", goal=goal,
                                 becomes={"area": goal.area, "annual_goal": "Solve three-step problems.",
                                          "measure": goal.measure, "unit": "", "baseline_value": "40",
                                          "baseline_date": "2026-11-13", "target_value": "80",
                                          "target_date": "2027-05-28", "collectors": [provider.pk]})
    notice(amendment, case_manager)
    actions.amendment_finalize(amendment=amendment, by=case_manager)
    goal.refresh_from_db()
    assert goal.active is False
    new = Goal.objects.get(iep=iep, active=True)
    assert new.annual_goal == "Solve three-step problems." and list(new.collectors.all()) == [provider]


def test_adding_the_same_new_line_twice_with_one_form_key_is_one_change(iep, case_manager) -> None:  # noqa: ANN001
    import uuid

    amendment = draft(iep, case_manager)
    key = uuid.uuid4()
    values = {"kind": "related", "area": "Occupational therapy", "minutes": 30, "sessions": 1,
              "period": "week", "setting": "special_ed", "provider": case_manager.pk}
    for _ in range(2):
        actions.amendment_change_put(amendment=amendment, by=case_manager, kind="add", target="service",
                                     becomes=values, form_key=key)
    assert AmendmentChange.objects.count() == 1
