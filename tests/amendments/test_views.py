"""The amendment pages: who may, the draft's forms, finalizing once, the history list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from amendments import actions
from amendments.models import Amendment, AmendmentChange
from services.models import ServiceRequirement
from tests import factories as f
from tests.amendments.helpers import draft, line_becomes, notice
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def speech(iep, provider):  # noqa: ANN001, ANN201
    return ServiceRequirementFactory(iep=iep, provider=provider, minutes=60, sessions=2)


def test_the_case_manager_amends_a_line_from_the_student_page_and_finalizes_once(
    login, iep, case_manager, speech  # noqa: ANN001
) -> None:
    client = login(case_manager)
    page = client.get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert "Amend this IEP" in page
    start = reverse("amendments:start", args=[iep.student_id])
    first = client.post(start)
    assert client.post(start)["Location"] == first["Location"]  # a second click: the same draft
    amendment = Amendment.objects.get()
    url = first["Location"]
    assert "Change Speech-language" in client.get(url).content.decode()
    args = [iep.student_id, amendment.pk]
    client.post(reverse("amendments:change", args=args), {
        "target": "service", "kind": "change", "of": speech.pk, "minutes": 90, "sessions": 3,
        "period": "week", "setting": "special_ed", "provider": speech.provider_id})
    client.post(reverse("amendments:details", args=args), {
        "effective_on": "2026-11-23", "agreed_how": "written", "agreement_on": "2026-11-17"})
    client.post(reverse("amendments:notice", args=args), {
        "proposes": "proposes", "action": "Raise speech to 90 minutes.", "reasons": "Probes flat.",
        "options_considered": "Keep 60: rejected.", "data_used": "Probes Sep to Nov."})
    draft_page = client.get(url).content.decode()
    assert "60 min" in draft_page and "90 minutes per week, in 3 sessions" in draft_page
    done = client.post(reverse("amendments:finalize", args=args), follow=True).content.decode()
    assert "The amendment is final" in done and "1 person is asked to acknowledge" in done
    again = client.post(reverse("amendments:finalize", args=args), follow=True).content.decode()
    assert "already final; nothing was applied again" in again
    assert ServiceRequirement.objects.filter(iep=iep).count() == 2
    assert AmendmentChange.objects.get().new_service_line is not None


def test_a_provider_on_the_team_reads_but_may_not_amend(login, iep, provider, speech) -> None:  # noqa: ANN001
    client = login(provider)
    assert client.post(reverse("amendments:start", args=[iep.student_id])).status_code == 403
    assert client.get(reverse("amendments:history", args=[iep.student_id])).status_code == 200
    assert "Amend this IEP" not in client.get(reverse("students:detail", args=[iep.student_id])).content.decode()


def test_an_unrelated_user_gets_404(login, iep, outsider, case_manager) -> None:  # noqa: ANN001
    amendment = draft(iep, case_manager)
    client = login(outsider)
    assert client.get(reverse("amendments:amendment", args=[iep.student_id, amendment.pk])).status_code == 404
    assert client.post(reverse("amendments:finalize", args=[iep.student_id, amendment.pk])).status_code == 404


def test_an_amendment_of_another_student_is_not_found_through_this_one(login, iep, case_manager) -> None:  # noqa: ANN001
    other = f.IEPFactory(student=f.StudentFactory(school=iep.student.school), case_manager=case_manager)
    amendment = draft(other, case_manager)
    response = login(case_manager).get(reverse("amendments:amendment", args=[iep.student_id, amendment.pk]))
    assert response.status_code == 404


def test_a_change_to_a_final_amendment_is_refused_with_a_message(login, iep, case_manager, speech) -> None:  # noqa: ANN001
    amendment = draft(iep, case_manager)
    actions.amendment_change_put(amendment=amendment, by=case_manager, kind="end", target="service",
                                 service_line=speech)
    notice(amendment, case_manager)
    actions.amendment_finalize(amendment=amendment, by=case_manager)
    response = login(case_manager).post(
        reverse("amendments:change", args=[iep.student_id, amendment.pk]),
        {"target": "service", "kind": "end", "of": speech.pk}, follow=True)
    assert "This amendment is final; nothing was changed." in response.content.decode()
    assert AmendmentChange.objects.count() == 1


def _final(iep, case_manager, n: int) -> None:  # noqa: ANN001
    from datetime import date, timedelta

    for i in range(n):
        line = ServiceRequirementFactory(iep=iep, provider=case_manager, area=f"Reading {i}")
        amendment = draft(iep, case_manager, effective_on=date(2026, 11, 23) + timedelta(days=i))
        actions.amendment_change_put(amendment=amendment, by=case_manager, kind="change", target="service",
                                     service_line=line, becomes=line_becomes(line, minutes=90))
        notice(amendment, case_manager)
        actions.amendment_finalize(amendment=amendment, by=case_manager)


@pytest.mark.parametrize("n", [1, 6])
def test_the_history_runs_the_same_queries_however_many_amendments(
    login, iep, case_manager, n, django_assert_num_queries  # noqa: ANN001
) -> None:
    _final(iep, case_manager, n)
    client = login(case_manager)
    url = reverse("amendments:history", args=[iep.student_id])
    client.get(url)  # the first request of a session also writes it
    # session (1), user (1), student with relations (1), active IEP (1), access log (1),
    # amendments with notices and authors (1), their changes (1), who was asked (1),
    # unread notifications for the header (1)
    with django_assert_num_queries(9):
        page = client.get(url).content.decode()
    assert page.count('class="amend-history"') == n
