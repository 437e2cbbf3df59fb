"""The demo amendment: speech raised from 60 to 90 minutes a week for a Spanish-speaking
family, agreed in writing without a meeting, its notice printable in both languages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accommodations.acknowledgements import outstanding_acknowledgements
from amendments import demo
from amendments.models import Amendment, Reacknowledgement
from services import demo as services_demo
from services.models import ServiceRequirement
from students import demo as students_demo
from tests.conftest import signed_in


@pytest.fixture
def world(db: None):  # noqa: ANN201
    world = students_demo.load()
    assert world is not None
    services_demo.load(world)
    demo.load(world)
    return world


def test_the_demo_has_one_final_amendment_with_its_notice_for_a_spanish_speaking_family(world, client) -> None:  # noqa: ANN001
    amendment = Amendment.objects.select_related("iep__student", "notice").get()
    assert amendment.status == "final" and amendment.agreed_how == "written"
    assert amendment.agreement_recorded_by == amendment.iep.case_manager
    assert amendment.iep.student.family_language == "es" and amendment.notice.language == "es"
    old, new = ServiceRequirement.objects.filter(iep=amendment.iep, area="Speech-language").order_by("start_date")
    assert (old.minutes, new.minutes, new.start_date) == (60, 90, amendment.effective_on)
    assert old.end_date < amendment.effective_on <= world.today + dt.timedelta(days=7)
    slp = world.users["provider"]
    assert list(Reacknowledgement.objects.values_list("user", flat=True)) == [slp.pk]
    assert slp.pk in {d.user.pk for d in outstanding_acknowledgements([amendment.iep])}
    signed_in(client, amendment.iep.case_manager)
    url = reverse("amendments:notice_print", args=[amendment.iep.student_id, amendment.pk])
    spanish = client.get(url).content.decode()
    assert "Aviso previo por escrito" in spanish and "90 minutos por semana, en 3 sesiones" in spanish
    assert "What the school proposes to do" in client.get(url + "?lang=en").content.decode()
