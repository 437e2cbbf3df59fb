"""Behavior data and ABC notes under the evidence rule (students.lateness): entered more than
five school days after the day, a record says why; more than 30 days after, it waits for an
administrator and stays off the graph until approved. Counted from the day it was written
down, not the day it reached the server. The suite's today is Wed Nov 18 2026."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from behavior_plans import actions
from behavior_plans.models import BehaviorRecord, Incident, TargetBehavior
from behavior_plans.queries import targets_of
from tests.behavior_plans.factories import make_bip
from tests.factories import ClosureFactory


def _target(bip) -> TargetBehavior:  # noqa: ANN001
    return TargetBehavior.objects.get(assessment=bip.assessment)


def test_a_record_five_school_days_back_is_on_time(iep, case_manager) -> None:  # noqa: ANN001
    bip = make_bip(iep, case_manager)
    # Nov 11: Nov 12, 13, 16, 17, 18 are five school days after it, not more.
    row = actions.behavior_record(target=_target(bip), by=case_manager, day=dt.date(2026, 11, 11),
                                  setting="gen_ed", count=2)
    assert (row.late, row.approval, row.made_on) == (False, "not_needed", dt.date(2026, 11, 18))


def test_six_school_days_back_needs_a_reason_and_keeps_it(iep, case_manager) -> None:  # noqa: ANN001
    bip = make_bip(iep, case_manager)
    # Nov 10: Nov 11, 12, 13, 16, 17, 18 are six school days after it.
    with pytest.raises(ValidationError) as refused:
        actions.behavior_record(target=_target(bip), by=case_manager, day=dt.date(2026, 11, 10),
                                setting="gen_ed", count=2)
    assert "6 school days later" in str(refused.value) and "Say why" in str(refused.value)
    assert not BehaviorRecord.objects.exists()
    row = actions.behavior_record(target=_target(bip), by=case_manager, day=dt.date(2026, 11, 10),
                                  setting="gen_ed", count=2, late_reason="Tally sheet found in the sub folder")
    assert (row.late, row.late_reason, row.approval) == (True, "Tally sheet found in the sub folder", "not_needed")
    assert [p.date for p in targets_of(bip, graphs=False)[0].points] == [dt.date(2026, 11, 10)]


def test_a_closure_is_not_a_school_day(iep, case_manager, school) -> None:  # noqa: ANN001
    bip = make_bip(iep, case_manager)
    ClosureFactory(calendar=school.calendars.get(), date=dt.date(2026, 11, 12), reason="Conferences")
    # Nov 10 with Nov 12 closed: five school days after it, on time.
    row = actions.behavior_record(target=_target(bip), by=case_manager, day=dt.date(2026, 11, 10),
                                  setting="gen_ed", count=1)
    assert row.late is False


def test_the_day_it_was_written_down_counts_not_the_day_it_arrived(iep, case_manager) -> None:  # noqa: ANN001
    bip = make_bip(iep, case_manager)
    # Written down on a device on Nov 10 for Nov 9, reaching the server today (Nov 18).
    row = actions.behavior_record(target=_target(bip), by=case_manager, day=dt.date(2026, 11, 9),
                                  setting="gen_ed", count=1, made_on=dt.date(2026, 11, 10))
    assert (row.late, row.made_on, row.recorded_at.date()) == (False, dt.date(2026, 11, 10), dt.date(2026, 11, 18))
    # A device clock ahead of the server does not make an entry look earlier than it arrived.
    ahead = actions.behavior_record(target=_target(bip), by=case_manager, day=dt.date(2026, 11, 18),
                                    setting="gen_ed", count=1, made_on=dt.date(2026, 12, 1))
    assert ahead.made_on == dt.date(2026, 11, 18)


def test_very_late_data_wait_for_an_administrator_and_stay_off_the_graph(
    login, iep, case_manager, school_admin, other_school_admin,  # noqa: ANN001
) -> None:
    bip = make_bip(iep, case_manager)
    row = actions.behavior_record(target=_target(bip), by=case_manager, day=dt.date(2026, 10, 13),
                                  setting="gen_ed", count=4, late_reason="Entered from the paper log")
    assert (row.late, row.approval) == (True, "waiting")
    assert targets_of(bip, graphs=False)[0].points == []
    # Another school's administrator cannot decide on it.
    other = login(other_school_admin)
    assert "Calling out" not in other.get(reverse("approvals:index")).content.decode()
    assert other.post(reverse("approvals:approve", args=["behavior data", row.pk])).status_code == 404
    client = login(school_admin)
    page = client.get(reverse("approvals:index")).content.decode()
    assert "Behavior data entered late" in page and "Entered from the paper log" in page
    client.post(reverse("approvals:approve", args=["behavior data", row.pk]))
    row.refresh_from_db()
    assert (row.approval, row.decided_by) == ("approved", school_admin)
    assert [p.date for p in targets_of(bip, graphs=False)[0].points] == [dt.date(2026, 10, 13)]


def test_an_abc_note_follows_the_same_rule_and_a_refusal_keeps_the_reason(
    login, iep, case_manager, gen_ed_teacher, district_admin,  # noqa: ANN001
) -> None:
    bip = make_bip(iep, case_manager)
    client = login(gen_ed_teacher)
    save = reverse("behavior_plans:save", args=[iep.student_id])
    note = {"action": "incident", "target": _target(bip).pk, "setting": "gen_ed", "date": "2026-10-14",
            "antecedent": "Group work began", "behavior": "Shouted across the room",
            "consequence": "Peers laughed"}
    refused = client.post(save, {**note, "k": str(uuid.uuid4())})
    assert refused.status_code == 400 and "Say why it is entered late" in refused.content.decode()
    assert not Incident.objects.exists()
    client.post(save, {**note, "k": str(uuid.uuid4()), "late_reason": "Copied from my notebook"})
    incident = Incident.objects.get()
    assert (incident.late, incident.approval, incident.recorded_by) == (True, "waiting", gen_ed_teacher)
    admin = login(district_admin)
    assert admin.post(reverse("approvals:reject", args=["ABC note", incident.pk]), {}).status_code == 302
    incident.refresh_from_db()
    assert incident.approval == "waiting"  # no reason, no decision
    admin.post(reverse("approvals:reject", args=["ABC note", incident.pk]), {"reason": "No date on the notebook"})
    incident.refresh_from_db()
    assert (incident.approval, incident.decision_note) == ("rejected", "No date on the notebook")
    page = login(case_manager).get(reverse("behavior_plans:plan", args=[iep.student_id])).content.decode()
    assert "Copied from my notebook" in page and "not approved" in page
