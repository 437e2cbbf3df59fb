from __future__ import annotations

import uuid
from types import SimpleNamespace

from django.urls import reverse

from tests.accommodations.factories import SupportFactory
from tests.url_access import STAFF, Rule

ASSIGNERS = frozenset({"case_manager", "other_case_manager", "school_admin", "other_school_admin",
                       "district_admin"})
# A teacher grants cover of their own classes (only the gen-ed teacher has one here).
GRANTERS = frozenset({"gen_ed_teacher", "school_admin", "other_school_admin", "district_admin"})
PARA = frozenset({"paraprofessional"})
SUB = frozenset({"substitute"})


def keyed(url: str) -> str:
    return f"{url}?k={uuid.uuid4()}"


def with_support(w: SimpleNamespace) -> None:
    w.support = SupportFactory(iep=w.iep, text="Read test questions aloud")


URL_ACCESS = {
    # Everyone's page: what is assigned to them (often nothing), and the forms they may use.
    "coverage:index": Rule(url=lambda w: reverse("coverage:index"), ok=STAFF),
    "coverage:assign": Rule(url=lambda w: keyed(reverse("coverage:assign")), ok=ASSIGNERS),
    "coverage:grant": Rule(url=lambda w: keyed(reverse("coverage:grant")), ok=GRANTERS),
    # The paraprofessional's pages: nobody else's relation grants them; a substitute who
    # covers the student's class sees the student only through the packet (403 here).
    "coverage:para_student": Rule(
        url=lambda w: reverse("coverage:para_student", args=[w.student.pk]), setup=with_support,
        ok=PARA, forbidden=SUB,
    ),
    "coverage:para_check": Rule(
        url=lambda w: reverse("coverage:para_check", args=[w.student.pk]), method="post",
        setup=with_support, ok=PARA, forbidden=SUB,
        data=lambda w: {"support": w.support.pk, "section": w.section.pk, "outcome": "provided"},
    ),
    "coverage:para_review": Rule(
        url=lambda w: reverse("coverage:para_review", args=[w.student.pk]), method="post",
        setup=with_support, ok=PARA, forbidden=SUB,
        data=lambda w: {"support": w.support.pk, "used": "mostly", "prompting": "gestural",
                        "adjustment": "keep"},
    ),
    "coverage:para_data": Rule(
        url=lambda w: reverse("coverage:para_data", args=[w.student.pk]), method="post",
        ok=PARA, forbidden=SUB, data=lambda w: {"goal": "0", "value": "3"},
    ),
    "coverage:para_minutes": Rule(
        url=lambda w: keyed(reverse("coverage:para_minutes", args=[w.student.pk])),
        ok=PARA, forbidden=SUB,
    ),
    # The substitute's packet and check-offs: only the class they cover today.
    "coverage:packet": Rule(
        url=lambda w: reverse("coverage:packet", args=[w.section.pk]), setup=with_support, ok=SUB,
    ),
    "coverage:packet_check": Rule(
        url=lambda w: reverse("coverage:packet_check", args=[w.section.pk]), method="post",
        setup=with_support, ok=SUB,
        data=lambda w: {"student": w.student.pk, "support": w.support.pk, "outcome": "provided"},
    ),
}
