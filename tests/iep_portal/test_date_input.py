"""Dates from input stay inside the product's range (iep_portal/bounds.py): never a 500.

Every date field of every form (rostering's imports aside, which check their own rows) refuses
0001-01-01 and 9999-12-31 with a message, and every URL of the permission matrix, sent those
days in every date parameter a form of the product reads, answers with a message or its
default day.
"""

from __future__ import annotations

import importlib
import inspect
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

import tests.iep_portal.test_permission_matrix as matrix
from iep_portal.bounds import date_in_range
from tests.progress.factories import DataPointFactory, GoalFactory

world = matrix.world
ROOT = Path(__file__).resolve().parents[2]
EXTREMES = ("0001-01-01", "9999-12-31")
MESSAGE = "Enter a date between 1900-01-01 and 2100-12-31."


def _date_fields() -> list[tuple[str, str, forms.DateField]]:
    found = []
    for config in apps.get_app_configs():
        if not (ROOT / config.name).is_dir() or config.name == "rostering":
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found += [(f"{config.name}.{name}", field_name, field)
                          for field_name, field in cls.base_fields.items()
                          if isinstance(field, forms.DateField)]
    return found


DATE_FIELDS = _date_fields()
DATE_PARAMS = sorted({name for _form, name, _field in DATE_FIELDS})


def test_the_product_has_date_fields_to_check() -> None:
    assert len(DATE_FIELDS) > 20 and "target_date" in DATE_PARAMS


@pytest.mark.parametrize(("form", "name", "field"), DATE_FIELDS, ids=[f"{f}.{n}" for f, n, _ in DATE_FIELDS])
@pytest.mark.parametrize("typed", EXTREMES)
def test_every_date_field_refuses_a_date_outside_the_range(
    form: str, name: str, field: forms.DateField, typed: str
) -> None:
    assert date_in_range in field.validators
    with pytest.raises(ValidationError) as caught:
        field.clean(typed)
    assert caught.value.messages == [MESSAGE]


@pytest.mark.parametrize("name", sorted(matrix.RULES))
@pytest.mark.parametrize("typed", EXTREMES)
def test_no_url_answers_a_date_outside_the_range_with_a_server_error(
    name: str, typed: str, world: SimpleNamespace
) -> None:
    rule = matrix.RULES[name]
    if rule.setup:
        rule.setup(world)
    who = sorted(rule.ok)[0] if rule.ok else "district_admin"
    client = Client(raise_request_exception=False)
    client.force_login(getattr(world, who))
    url = rule.url(world)
    dates = dict.fromkeys(DATE_PARAMS, typed)
    if rule.method == "post":
        response = client.post(url, {**(rule.data(world) if rule.data else {}), **dates})
    else:
        response = client.get(f"{url}{'&' if '?' in url else '?'}{urlencode({**dates, 'period': 'custom'})}")
    assert response.status_code < 500, f"{name} as {who}: {response.status_code}"


def test_my_classes_for_day_one_shows_today(login: Any, gen_ed_teacher: Any, iep: Any) -> None:
    for typed in EXTREMES:
        page = login(gen_ed_teacher).get(reverse("accommodations:my_classes"), {"date": typed})
        assert page.status_code == 200
        assert page.context["day"] == page.context["today"]


def test_a_check_off_posted_for_a_day_out_of_range_is_refused(
    login: Any, gen_ed_teacher: Any, section: Any, iep: Any
) -> None:
    from accommodations.models import ImplementationCheck
    from tests.accommodations.factories import SupportFactory

    support = SupportFactory(iep=iep)
    response = login(gen_ed_teacher).post(
        reverse("accommodations:section_check", args=[section.pk]),
        {"date": "0001-01-01", "provided": support.pk, "k": str(uuid.uuid4())}, follow=True,
    )
    assert MESSAGE in response.content.decode()
    assert not ImplementationCheck.objects.exists()


def test_the_fidelity_dashboard_refuses_a_custom_period_longer_than_a_school_year(
    login: Any, district_admin: Any, iep: Any
) -> None:
    page = login(district_admin).get(reverse("fidelity:dashboard"),
                                     {"period": "custom", "start": "1900-01-01", "end": "2026-11-18"})
    assert page.status_code == 200
    assert "Choose a period of at most 400 days (about a school year)." in page.content.decode()
    assert page.context["period"].key == "year"  # the default period, computed as usual
    ok = login(district_admin).get(reverse("fidelity:dashboard"),
                                   {"period": "custom", "start": "2026-08-17", "end": "2026-11-18"})
    assert ok.context["period"].key == "custom"


def test_a_goal_targeting_9999_is_refused_and_the_range_edge_still_renders(
    login: Any, case_manager: Any, district_admin: Any, iep: Any
) -> None:
    client = login(case_manager)
    data = {"k": str(uuid.uuid4()), "area": "Reading", "annual_goal": "Read 100 words a minute.",
            "measure": "count", "unit": "words", "baseline_value": "40", "baseline_date": "2026-09-08",
            "target_value": "100", "target_date": "9999-12-31", "collection_interval_days": "14",
            "collectors": [case_manager.pk]}
    refused = client.post(reverse("progress:goal_create", args=[iep.student.pk]), data)
    assert refused.status_code == 400
    assert MESSAGE in refused.content.decode()

    goal = GoalFactory(iep=iep, target_date="2100-12-31")
    DataPointFactory(goal=goal)
    assert client.get(reverse("students:detail", args=[iep.student.pk])).status_code == 200
    assert client.get(reverse("progress:goal", args=[goal.pk])).status_code == 200
    packet = login(district_admin).get(reverse("fidelity:evidence_download", args=[iep.student.pk]),
                                       {"start": "2026-08-17", "end": "2026-11-18"})
    assert packet.status_code == 200
