"""The printable prior written notice: in the family's language, the team's words as written."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from amendments import actions
from tests.amendments.helpers import draft, line_becomes, notice
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.django_db

TEAM_WORDS = "Maya's articulation probes have stayed near 40% for eight weeks."
ENGLISH_TEMPLATE_TEXT = [
    "Prior written notice", "Written by the team", "What the school proposes", "Why", "Your rights",
    "procedural safeguards", "Parent Training", "takes effect", "agreed in writing", "minutes", "per week",
    "sessions", "Before:", "Now:", "still owed", "Other options", "Back to the amendment", "Grade", "Print",
]


@pytest.fixture
def final(iep, case_manager, provider):  # noqa: ANN001, ANN201
    line = ServiceRequirementFactory(iep=iep, provider=provider, minutes=60, sessions=2)
    amendment = draft(iep, case_manager)
    actions.amendment_change_put(amendment=amendment, by=case_manager, kind="change", target="service",
                                 service_line=line, becomes=line_becomes(line, minutes=90, sessions=3))
    notice(amendment, case_manager)
    actions.amendment_finalize(amendment=amendment, by=case_manager)
    return amendment


def _text(html: str) -> str:
    """What a reader sees: no tags, no attributes, no script."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_prints_in_spanish_for_a_spanish_speaking_family(login, final, case_manager) -> None:  # noqa: ANN001
    student = final.iep.student
    student.family_language = "es"
    student.save(update_fields=["family_language"])
    page = login(case_manager).get(reverse("amendments:notice_print", args=[student.pk, final.pk]))
    html = page.content.decode()
    text = _text(html)
    assert '<html lang="es">' in html
    assert "Aviso previo por escrito" in text and "Escrito por el equipo" in text
    assert "garantías procesales" in text and "Centro de Capacitación e Información para Padres" in text
    assert "60 minutos por semana, en 2 sesiones" in text and "90 minutos por semana, en 3 sesiones" in text
    assert "23 de noviembre de 2026" in text
    # The team's own words, as written, marked as theirs.
    assert TEAM_WORDS.replace("'", "&#x27;") in html
    assert html.count("Escrito por el equipo") == 4
    # Nothing of the template left in English (the team's words and names aside).
    readable = text.replace(TEAM_WORDS.replace("'", "&#x27;"), "")
    for words in ["Raise speech-language therapy from 60 to 90 minutes a week.",
                  "Keeping 60 minutes: rejected, progress has stalled.",
                  "Weekly articulation probes, Sep 8 to Nov 13."]:
        readable = readable.replace(words, "")
    left = [w for w in ENGLISH_TEMPLATE_TEXT if w in readable]
    assert not left, f"untranslated: {left}"


def test_it_prints_in_english_and_switches_on_request(login, final, case_manager) -> None:  # noqa: ANN001
    url = reverse("amendments:notice_print", args=[final.iep.student_id, final.pk])
    text = _text(login(case_manager).get(url).content.decode())
    assert "What the school proposes to do" in text and "Written by the team" in text
    assert "protection under the procedural safeguards" in text and "Parent Training and Information Center" in text
    assert "Aviso previo" in _text(login(case_manager).get(url + "?lang=es").content.decode())


def test_a_draft_without_a_notice_has_no_printable_notice(login, iep, case_manager) -> None:  # noqa: ANN001
    amendment = draft(iep, case_manager)
    response = login(case_manager).get(reverse("amendments:notice_print", args=[iep.student_id, amendment.pk]))
    assert response.status_code == 404


def test_the_teams_words_in_another_language_are_marked_as_not_translated(login, final, case_manager) -> None:  # noqa: ANN001
    from amendments.family_copy import untranslated

    student = final.iep.student  # the notice was written in English
    page = login(case_manager).get(reverse("amendments:notice_print", args=[student.pk, final.pk]) + "?lang=es")
    text = _text(page.content.decode())
    assert "Partes de este aviso aún no se han traducido" in text
    assert "Esta parte aún no se ha traducido. En inglés:" in text  # written in English
    assert untranslated(final.notice, "en") == []
    assert [t.part for t in untranslated(final.notice, "es")][:2] == ["What the school proposes or refuses", "Why"]
