"""Who may open the fidelity pages: administrators only (school admins for their schools),
and the evidence packet also the case manager."""

from __future__ import annotations

from django.urls import reverse

from tests.url_access import SEES_STUDENT, Rule

BOTH_SCHOOL_ADMINS = frozenset({"school_admin", "other_school_admin", "district_admin"})
ADMINS = frozenset({"school_admin", "district_admin"})
PACKET = frozenset({"school_admin", "district_admin", "case_manager"})


def _packet(name: str) -> Rule:
    return Rule(
        url=lambda w: reverse(f"fidelity:{name}", args=[w.student.pk]) + "?start=2026-09-08&end=2026-11-18",
        ok=PACKET, forbidden=SEES_STUDENT - PACKET,
    )


URL_ACCESS = {
    "fidelity:access_log": Rule(
        url=lambda w: reverse("fidelity:access_log"),
        ok=frozenset({"district_admin", "school_admin", "other_school_admin"}),
    ),
    "fidelity:dashboard": Rule(url=lambda w: reverse("fidelity:dashboard"), ok=BOTH_SCHOOL_ADMINS),
    "fidelity:deadlines": Rule(url=lambda w: reverse("fidelity:deadlines"), ok=BOTH_SCHOOL_ADMINS),
    # The students behind a school's row: only that school's administrators and the district.
    "fidelity:students": Rule(
        url=lambda w: reverse("fidelity:students") + f"?dim=school&id={w.school.pk}", ok=ADMINS,
    ),
    "fidelity:evidence": _packet("evidence"),
    "fidelity:evidence_download": _packet("evidence_download"),
    "fidelity:evidence_summary": _packet("evidence_summary"),
}
