"""The fixed text of the family meeting notice, in English and Spanish.

Kept here rather than in the gettext catalogue: the notice is rendered in the family's
language whatever language the staff member reads the portal in, and its wording is
reviewed as a whole by the district (34 CFR 300.322: purpose, time, place, who will attend).
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, translation

from iep_portal import languages, timefmt

# The languages the notice is written in: the product's one list (iep_portal.languages).
LANGUAGES = dict(languages.LANGUAGES)

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Notice of an IEP meeting",
        "greeting": "Dear {family},",
        "intro": "You are invited to a meeting about {student}'s Individualized Education "
                 "Program (IEP). You are an equal member of your child's IEP team, and we want "
                 "you there.",
        "purpose": "Purpose of the meeting",
        "when": "When",
        "where": "Where",
        "video": "Join by video",
        "who": "Who has been invited",
        "interpreter": "An interpreter ({language}) will be there.",
        "rights": "If this time does not work for you, please contact us so we can find "
                  "another time or another way for you to take part (for example by phone). "
                  "You may bring anyone who knows your child well. A copy of your procedural "
                  "safeguards (your rights) is available on request.",
        "contact": "Questions? Contact {name}, case manager{contact}.",
        "sent": "Notice sent on {day}.",
        "signature": "Sincerely,",
        "kind_annual_review": "Annual review of the IEP",
        "kind_amendment": "Amendment to the IEP",
        "kind_reevaluation": "Reevaluation and eligibility",
        "kind_transition": "Transition planning",
        "kind_manifestation": "Manifestation determination review",
        "kind_other": "IEP meeting",
        "at": "at",
        "minutes": "about {n} minutes",
        "untranslated": "Parts of this notice have not been translated yet. They are shown in English "
                        "and marked.",
    },
    "es": {
        "title": "Aviso de una reunión del IEP",
        "greeting": "Estimado(a) {family}:",
        "intro": "Les invitamos a una reunión sobre el Programa de Educación Individualizado "
                 "(IEP) de {student}. Ustedes son miembros con igual voz en el equipo del IEP de "
                 "su hijo o hija, y queremos que participen.",
        "purpose": "Propósito de la reunión",
        "when": "Cuándo",
        "where": "Dónde",
        "video": "Conectarse por video",
        "who": "Personas invitadas",
        "interpreter": "Habrá un intérprete ({language}).",
        "rights": "Si este horario no les conviene, comuníquense con nosotros para buscar otro "
                  "horario u otra forma de participar (por ejemplo, por teléfono). Pueden traer a "
                  "cualquier persona que conozca bien a su hijo o hija. Pueden pedir una copia de "
                  "sus garantías procesales (sus derechos).",
        "contact": "¿Preguntas? Comuníquense con {name}, coordinador(a) del caso{contact}.",
        "sent": "Aviso enviado el {day}.",
        "signature": "Atentamente,",
        "kind_annual_review": "Revisión anual del IEP",
        "kind_amendment": "Enmienda al IEP",
        "kind_reevaluation": "Reevaluación y elegibilidad",
        "kind_transition": "Planificación de la transición",
        "kind_manifestation": "Revisión de determinación de manifestación",
        "kind_other": "Reunión del IEP",
        "at": "a las",
        "minutes": "unos {n} minutos",
        "untranslated": "Partes de este aviso aún no se han traducido. Se muestran en inglés y están "
                        "señaladas.",
    },
}


def text_for(language: str) -> dict[str, str]:
    return TEXT.get(language, TEXT["en"])


def format_day(day: dt.date, language: str) -> str:
    """A long date in the family's language (Django's own locale data names the months)."""
    with translation.override(language):
        return formats.date_format(day, r"l, j \d\e F \d\e Y" if language == "es" else "l, F j, Y")


def format_time(time: dt.time, language: str) -> str:
    """The time in the language's one convention: "3:30 PM" in English, "15:30" in Spanish."""
    with translation.override(language):
        return timefmt.format_time(time)
