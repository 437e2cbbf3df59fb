"""Recording behavior data on the entry page: a +1 tally, a duration, an ABC note; Back, a
retry and a second tab never record twice; any adult who works with the student may record."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal

from django.urls import reverse

from behavior_plans.actions import Target
from behavior_plans.models import BehaviorRecord, Incident, TargetBehavior
from tests.behavior_plans.factories import CALLING_OUT, make_bip

OUT_OF_SEAT = Target(name="Out of seat", definition="Away from the chair for 5 seconds or more.",
                     measure=TargetBehavior.Measure.DURATION, baseline=Decimal(20), goal=Decimal(5))


def _page_key(page: str) -> str:
    return re.search(r'name="k" value="([0-9a-f-]{36})"', page).group(1)  # type: ignore[union-attr]


def _urls(iep) -> tuple[str, str]:  # noqa: ANN001
    return (reverse("behavior_plans:record", args=[iep.student_id]),
            reverse("behavior_plans:save", args=[iep.student_id]))


def test_a_teacher_tallies_with_one_tap(login, iep, case_manager, gen_ed_teacher) -> None:  # noqa: ANN001
    bip = make_bip(iep, case_manager)
    target = TargetBehavior.objects.get(assessment=bip.assessment)
    page_url, save_url = _urls(iep)
    client = login(gen_ed_teacher)
    page = client.get(page_url).content.decode()
    assert 'class="bip-count">0</span>' in page
    response = client.post(save_url, {"k": _page_key(page), "action": "tally", "target": target.pk,
                                      "setting": "gen_ed"})
    assert response.status_code == 302 and response["Location"] == f"{page_url}?setting=gen_ed"
    record = BehaviorRecord.objects.get()
    assert (record.count, record.date, record.setting, record.recorded_by) == (
        1, dt.date(2026, 11, 18), "gen_ed", gen_ed_teacher)
    assert record.time is not None and record.time.hour == 10  # the suite's clock: 10:30 in Chicago
    page = client.get(response["Location"]).content.decode()
    assert 'class="bip-count">1</span>' in page
    assert "Counted: Calling out" in page


def test_back_a_retry_or_a_second_tab_never_tallies_twice(login, iep, case_manager, gen_ed_teacher) -> None:  # noqa: ANN001
    bip = make_bip(iep, case_manager)
    target = TargetBehavior.objects.get(assessment=bip.assessment)
    page_url, save_url = _urls(iep)
    client = login(gen_ed_teacher)
    first = client.get(page_url).content.decode()
    data = {"k": _page_key(first), "action": "tally", "target": target.pk, "setting": "gen_ed"}
    client.post(save_url, data)
    again = client.post(save_url, data)  # Back to the old page and tap again, or a retried request
    assert again.status_code == 200 and "Already saved" in again.content.decode()
    assert BehaviorRecord.objects.count() == 1
    # Each page shown carries a new key: the next tap (in this tab or another) is a new one.
    second = client.get(page_url).content.decode()
    assert _page_key(second) != data["k"]
    client.post(save_url, {**data, "k": _page_key(second)})
    assert BehaviorRecord.objects.count() == 2


def test_a_duration_and_an_abc_note(login, iep, case_manager, provider) -> None:  # noqa: ANN001
    bip = make_bip(iep, case_manager, targets=[CALLING_OUT, OUT_OF_SEAT])
    seat = TargetBehavior.objects.get(name="Out of seat")
    page_url, save_url = _urls(iep)
    client = login(provider)
    assert "How long it lasted" in client.get(page_url).content.decode()
    key = str(uuid.uuid4())
    response = client.post(save_url, {"k": key, "action": "duration", "target": seat.pk, "setting": "other",
                                      "date": "2026-11-17", "time": "13:05", "minutes": "2", "seconds": "30"})
    assert response.status_code == 302
    record = BehaviorRecord.objects.get()
    assert (record.seconds, record.date, record.time, record.recorded_by) == (
        150, dt.date(2026, 11, 17), dt.time(13, 5), provider)
    client.post(save_url, {"k": str(uuid.uuid4()), "action": "incident", "target": seat.pk, "setting": "gen_ed",
                           "date": "2026-11-18", "antecedent": "Independent work began",
                           "behavior": "Walked to the window", "consequence": "Peers laughed"})
    incident = Incident.objects.get()
    assert (incident.behavior_plan, incident.recorded_by, incident.behavior) == (bip, provider, "Walked to the window")


def test_a_form_with_a_mistake_keeps_what_was_typed(login, iep, case_manager) -> None:  # noqa: ANN001
    make_bip(iep, case_manager, targets=[CALLING_OUT, OUT_OF_SEAT])
    seat = TargetBehavior.objects.get(name="Out of seat")
    _, save_url = _urls(iep)
    response = login(case_manager).post(save_url, {
        "k": str(uuid.uuid4()), "action": "duration", "target": seat.pk, "setting": "special_ed",
        "date": "2026-11-19", "minutes": "3"})
    assert response.status_code == 400
    assert "recorded for today or an earlier day" in response.content.decode()
    assert 'name="minutes" value="3"' in response.content.decode()
    assert not BehaviorRecord.objects.exists()


def test_who_may_record(login, iep, case_manager, observer, outsider, school_admin) -> None:  # noqa: ANN001
    bip = make_bip(iep, case_manager)
    target = TargetBehavior.objects.get(assessment=bip.assessment)
    page_url, save_url = _urls(iep)
    tap = {"action": "tally", "target": target.pk, "setting": "gen_ed"}
    assert login(observer).post(save_url, {**tap, "k": str(uuid.uuid4())}).status_code == 403
    assert login(school_admin).get(page_url).status_code == 403
    assert login(outsider).post(save_url, {**tap, "k": str(uuid.uuid4())}).status_code == 404
    assert not BehaviorRecord.objects.exists()


def test_a_student_without_a_bip_has_no_entry_page(login, iep, case_manager) -> None:  # noqa: ANN001
    assert login(case_manager).get(_urls(iep)[0]).status_code == 404
