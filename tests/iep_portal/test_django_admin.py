"""The Django admin: every registered model's list and add pages open for a district admin."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from iep_portal.models import User
from tests import factories as f
from tests.conftest import with_mfa

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)  # noqa: SLF001


@pytest.fixture
def director(db: None) -> User:
    return with_mfa(f.UserFactory(role=User.Role.DISTRICT_ADMIN, is_staff=True, is_superuser=True))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_each_admin_list_opens(login, director: User, iep, model) -> None:  # noqa: ANN001
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert login(director).get(url).status_code == 200


def test_an_invited_district_admin_can_use_the_django_admin(
    login, district_admin: User, school, django_capture_on_commit_callbacks  # noqa: ANN001
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        login(district_admin).post(reverse("staff:invite"), {
            "email": "deputy@district.test", "first_name": "Dee", "last_name": "Puty",
            "role": User.Role.DISTRICT_ADMIN,
        })
    deputy = User.objects.get(email="deputy@district.test")
    assert deputy.is_staff and deputy.is_superuser
