"""The case manager adds and ends service lines on the IEP."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from services.models import ServiceRequirement
from tests.services.factories import ServiceRequirementFactory


def _data(provider, **over):  # noqa: ANN001, ANN003, ANN202
    data = {"kind": "related", "area": "Speech-language", "minutes": 60, "sessions": 2,
            "period": "week", "setting": "special_ed", "provider": provider.pk,
            "start_date": "2026-11-18", "end_date": "2027-08-31"}
    return {**data, **over}


def test_the_case_manager_adds_a_service(login, case_manager, provider, iep) -> None:  # noqa: ANN001
    response = login(case_manager).post(reverse("services:requirement_add", args=[iep.student.pk]),
                                        _data(provider))
    assert response.status_code == 302
    service = ServiceRequirement.objects.get()
    assert (service.iep, service.provider, service.minutes, service.period) == (iep, provider, 60, "week")


def test_a_service_outside_the_iep_is_refused_and_nothing_saved(login, case_manager, provider, iep) -> None:  # noqa: ANN001
    response = login(case_manager).post(reverse("services:requirement_add", args=[iep.student.pk]),
                                        _data(provider, end_date="2027-12-31"))
    assert response.status_code == 400
    assert "The service must end by the end of the IEP" in response.content.decode()
    assert not ServiceRequirement.objects.exists()


def test_only_the_team_can_provide(login, case_manager, colleague, iep) -> None:  # noqa: ANN001
    response = login(case_manager).post(reverse("services:requirement_add", args=[iep.student.pk]),
                                        _data(colleague))
    assert response.status_code == 400
    assert not ServiceRequirement.objects.exists()


def test_ending_a_service_keeps_it_with_a_reason(login, case_manager, provider, iep) -> None:  # noqa: ANN001
    service = ServiceRequirementFactory(iep=iep, provider=provider)
    client = login(case_manager)
    refused = client.post(reverse("services:requirement_end", args=[service.pk]),
                          {"end_date": "2026-11-30", "reason": ""})
    assert refused.status_code == 400
    done = client.post(reverse("services:requirement_end", args=[service.pk]),
                       {"end_date": "2026-11-30", "reason": "Amendment of Nov 17"})
    assert done.status_code == 302
    service.refresh_from_db()
    assert service.end_date == dt.date(2026, 11, 30)
    event = ServiceRequirement.pgh_event_model.objects.filter(pgh_obj=service).latest("pgh_id")  # type: ignore[attr-defined]
    assert "Amendment of Nov 17" in event.pgh_context.metadata["reason"]


def test_the_services_page_offers_add_and_end_to_the_case_manager_only(
    login, case_manager, provider, iep  # noqa: ANN001
) -> None:
    ServiceRequirementFactory(iep=iep, provider=provider)
    url = reverse("services:student", args=[iep.student.pk])
    assert "Add a service" in login(case_manager).get(url).content.decode()
    page = login(provider).get(url).content.decode()
    assert "Add a service" not in page and "End this service" not in page
