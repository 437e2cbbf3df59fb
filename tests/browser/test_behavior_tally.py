"""A gen-ed teacher records a call-out with one tap on the phone page, and sees the BIP."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from behavior_plans.models import BehaviorRecord, TargetBehavior
from tests.behavior_plans.factories import make_bip

pytestmark = pytest.mark.browser


def test_a_teacher_tallies_a_call_out_in_one_tap(steps, case_manager, gen_ed_teacher, iep) -> None:  # noqa: ANN001
    page = steps.page
    bip = make_bip(iep, case_manager, strategies=3)
    target = TargetBehavior.objects.get(assessment=bip.assessment)
    # Four weeks of tallies before today, falling from about 11 a day to 5.
    days = [dt.date(2026, 10, 19) + dt.timedelta(days=n) for n in range(28)]
    days = [d for d in days if d.weekday() < 5]
    BehaviorRecord.objects.bulk_create([
        BehaviorRecord(target=target, date=d, count=max(1, 11 - n // 3 + (n % 3 == 1)), recorded_by=case_manager)
        for n, d in enumerate(days)])
    steps.sign_in(gen_ed_teacher)
    steps.goto(f"/behavior-plans/students/{iep.student_id}/record/")
    tally = page.get_by_role("region", name="Calling out")
    expect(tally).to_contain_text("0 today")
    button = tally.get_by_role("button", name="+1 Calling out")
    box = button.bounding_box()
    assert box is not None and box["height"] >= 70  # a big target for a thumb
    steps.check("entry-page")
    button.click()
    expect(page.get_by_role("status")).to_contain_text("Counted: Calling out")
    expect(page.get_by_role("region", name="Calling out")).to_contain_text("1 today")
    assert BehaviorRecord.objects.get(date=dt.date(2026, 11, 18)).recorded_by == gen_ed_teacher
    steps.check("after-one-tap")
    steps.goto(f"/behavior-plans/students/{iep.student_id}/")
    expect(page.get_by_role("heading", name="Strategies every adult follows")).to_be_visible()
    steps.check("bip-page")
