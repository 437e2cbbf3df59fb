"""Who carries out a student's supports, and reviews asked of them by another app.

`implementers(iep, today)` is the one answer to "whom do we ask to review these supports?":
the teacher of each class the student is enrolled in today, for the current supports that
apply in that class's subject, and the team's general-education teachers and co-teachers,
for every current support. The case manager, who writes the supports, is left out.

The progress app asks teachers for reviews through its data requests (accommodations never
knows them). From its AppConfig.ready() it registers:
- `register_review_listener(fn)`: `fn(review)` runs inside the transaction that records a
  review, so a request for it closes with it, wherever the review was written;
- `register_pending_source(fn)`: `fn(iep)` returns {support pk: [PendingReview]}, the
  reviews asked and not yet given (one query), which the support trend shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from accommodations.models import Support
from students.models import Enrollment, TeamMember

if TYPE_CHECKING:
    from accommodations.models import SupportReview
    from iep_portal.models import User
    from students.models import IEP

REVIEWING_TEAM_ROLES = (TeamMember.Role.GEN_ED_TEACHER, TeamMember.Role.CO_TEACHER)


@dataclass(frozen=True)
class PendingReview:
    """A review asked of someone and not yet given."""

    name: str
    due_on: dt.date
    url: str = ""

    def overdue(self, today: dt.date) -> bool:
        return self.due_on < today


ReviewListener = Callable[["SupportReview"], None]
PendingSource = Callable[["IEP"], dict[int, list[PendingReview]]]
_LISTENERS: list[ReviewListener] = []
_PENDING: list[PendingSource] = []


def register_review_listener(fn: ReviewListener) -> None:
    if fn not in _LISTENERS:
        _LISTENERS.append(fn)


def register_pending_source(fn: PendingSource) -> None:
    if fn not in _PENDING:
        _PENDING.append(fn)


def review_recorded(review: SupportReview) -> None:
    """Called by accommodations.actions.support_review_add once the review is saved."""
    for fn in _LISTENERS:
        fn(review)


def pending_reviews(iep: IEP) -> dict[int, list[PendingReview]]:
    """Reviews asked and not yet given on the IEP's supports, by support pk (one query per
    registered source)."""
    found: dict[int, list[PendingReview]] = {}
    for fn in _PENDING:
        for support_pk, rows in fn(iep).items():
            found.setdefault(support_pk, []).extend(rows)
    return found


def implementers(iep: IEP, today: dt.date) -> list[tuple[User, list[Support]]]:
    """Each adult who carries out the IEP's current supports, with the supports they carry out
    (in the IEP's order), by name. Queries: supports (1), classes with teachers (1), team (1).
    """
    supports = list(Support.objects.current(today).filter(iep=iep).order_by("kind", "category", "pk"))
    if not supports:
        return []
    people: dict[int, User] = {}
    theirs: dict[int, set[int]] = {}
    enrollments = (Enrollment.objects.current(today)
                   .filter(student=iep.student_id, section__teacher__isnull=False)
                   .select_related("section__teacher"))
    for enrollment in enrollments:
        teacher = enrollment.section.teacher
        assert teacher is not None  # filtered above
        people[teacher.pk] = teacher
        theirs.setdefault(teacher.pk, set()).update(
            s.pk for s in supports if s.applies_to(enrollment.section.subject))
    for member in TeamMember.objects.filter(iep=iep, role__in=REVIEWING_TEAM_ROLES).select_related("user"):
        people[member.user_id] = member.user
        theirs.setdefault(member.user_id, set()).update(s.pk for s in supports)
    result = [
        (people[pk], [s for s in supports if s.pk in chosen])
        for pk, chosen in theirs.items()
        if chosen and pk != iep.case_manager_id
    ]
    result.sort(key=lambda row: (row[0].last_name, row[0].first_name, row[0].pk))
    return result
