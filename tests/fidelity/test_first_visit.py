"""A large scope's figures are never computed in a web request, even on the first visit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fidelity.models import FidelitySnapshot
from notifications.models import OutboxMessage


@pytest.fixture
def small_limit(settings):  # noqa: ANN001, ANN201
    settings.FIDELITY_LIVE_MAX_STUDENTS = 0  # every scope counts as large here


def test_the_first_visit_of_a_large_scope_queues_the_figures_and_says_so(
    login, district_admin, iep, small_limit  # noqa: ANN001
) -> None:
    page = login(district_admin).get(reverse("fidelity:dashboard")).content.decode()
    assert "being computed for the first time" in page
    assert not FidelitySnapshot.objects.exists()  # nothing computed in the request
    assert OutboxMessage.objects.filter(task="iep_portal.refresh_fidelity_scope").count() == 1
    login(district_admin).get(reverse("fidelity:dashboard"))
    assert OutboxMessage.objects.filter(task="iep_portal.refresh_fidelity_scope").count() == 1  # once


def test_the_administrators_my_day_does_not_compute_them_either(
    login, district_admin, iep, small_limit  # noqa: ANN001
) -> None:
    page = login(district_admin).get(reverse("home")).content.decode()
    assert "figures are being computed for the first time" in page
    assert "No school or staff member is behind" not in page
    assert not FidelitySnapshot.objects.exists()


def test_a_small_scope_is_still_computed_on_the_first_visit(login, district_admin, iep) -> None:  # noqa: ANN001
    page = login(district_admin).get(reverse("fidelity:dashboard")).content.decode()
    assert "being computed for the first time" not in page and "Figures computed" in page
    assert FidelitySnapshot.objects.exists()
