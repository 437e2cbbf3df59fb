"""Amendments on the student page ("Amend this IEP", the latest ones), and what the
acknowledgement machinery asks of the people an amendment asked again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import DateTimeField, Subquery

from amendments.models import Amendment, Reacknowledgement

if TYPE_CHECKING:
    from django.http import HttpRequest

    from students.access import StudentAccess


def student(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """Queries: the IEP's amendments, newest first (1)."""
    if access.limited or access.iep is None:
        return None
    amendments = list(
        Amendment.objects.filter(iep=access.iep)
        .select_related("notice")
        .order_by("-status", "-effective_on", "-pk")[:4]
    )
    return {
        "student": access.student,
        "iep": access.iep,
        "amendments": amendments,
        "draft": next((a for a in amendments if a.is_draft), None),
        "amend": access.can("amend"),
    }


def asked_since(**lookups: Any) -> Subquery:
    """The latest time a final amendment asked this person about this IEP (accommodations'
    ask source: `lookups` name the IEP and the person as outer references)."""
    return Subquery(
        Reacknowledgement.objects.filter(**lookups).order_by("-asked_at").values("asked_at")[:1],
        output_field=DateTimeField(),
    )
