"""Read-only lists for billing's pages, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet

from billing.billability import Assessment, Reason, assess, candidates
from billing.models import ProviderCredential
from iep_portal.models import User
from services.models import ServiceRequirement, ServiceSession, ServiceSessionQuerySet
from students.models import School


def schools_for(user: User) -> QuerySet[School]:
    schools = School.objects.order_by("name")
    return schools if user.is_district_admin else schools.filter(pk__in=user.schools.all())


@dataclass(frozen=True)
class Summary:
    total: int
    billable: int
    units: int
    by_reason: list[tuple[str, int]]  # (label, sessions), most common first


def summarize(assessed: list[Assessment]) -> Summary:
    counts: Counter[str] = Counter(r for a in assessed for r in a.reasons)
    return Summary(
        total=len(assessed), billable=sum(1 for a in assessed if a.billable),
        units=sum(a.units for a in assessed if a.billable),
        by_reason=[(str(Reason(r).label), n) for r, n in counts.most_common()],
    )


def providers() -> QuerySet[User]:
    """Everyone who delivers related services: providers, and case managers who do (one query)."""
    return (User.objects.filter(role__in=[User.Role.PROVIDER, User.Role.CASE_MANAGER], is_active=True)
            .order_by("last_name", "first_name"))


@dataclass(frozen=True)
class ProviderRow:
    user: User
    credential: ProviderCredential | None
    expires_soon: bool
    expired: bool


def provider_rows(today: dt.date) -> list[ProviderRow]:
    """Every provider with their credential (2 queries)."""
    credentials = {c.user_id: c for c in ProviderCredential.objects.select_related("supervisor")}
    warn = today + dt.timedelta(days=settings.BILLING_CREDENTIAL_WARN_DAYS)
    rows = []
    for user in providers().filter(Q(role=User.Role.PROVIDER) | Q(pk__in=list(credentials))):
        c = credentials.get(user.pk)
        rows.append(ProviderRow(user=user, credential=c, expired=bool(c and c.licence_expires < today),
                                expires_soon=bool(c and today <= c.licence_expires <= warn)))
    return rows


def awaiting_cosign(user: User) -> ServiceSessionQuerySet:
    """Certified sessions, of students this user may see, by assistants this user supervises
    whose sessions the district requires to be co-signed (BILLING_COSIGN_TYPES), not yet
    co-signed. The co-sign page lists them and My day counts them from here."""
    from students.models import Student

    return candidates(ServiceSession.objects.filter(
        certified_by__credential__supervisor=user,
        certified_by__credential__credential_type__in=list(settings.BILLING_COSIGN_TYPES),
        cosign__isnull=True, certified_at__isnull=False,
        student__in=Student.objects.visible_to(user)))


def to_cosign(user: User) -> list[Assessment]:
    """The sessions awaiting this user's co-sign, oldest first (1 query + assess)."""
    return assess(list(awaiting_cosign(user).order_by("date", "pk")[:200]))


def related_lines(student_id: int) -> list[ServiceRequirement]:
    """The student's related-service lines of active IEPs, with their coding (1 query)."""
    return list(ServiceRequirement.objects.filter(iep__student_id=student_id, iep__status="active",
                                                  kind=ServiceRequirement.Kind.RELATED)
                .select_related("provider", "coding", "coding__code").order_by("area", "pk"))


def related_areas() -> list[str]:
    """The service areas of related-service lines in use, for the note rules (1 query)."""
    return list(ServiceRequirement.objects.filter(kind=ServiceRequirement.Kind.RELATED)
                .values_list("area", flat=True).distinct().order_by("area")[:100])
