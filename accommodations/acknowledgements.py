"""Who must acknowledge which IEP's supports, and whether their acknowledgement is current.

Federal rules require that every teacher and provider be informed of their specific
responsibilities. Here that is data, never a stored flag:

- Who is responsible for an IEP's supports: the teacher of each class the student is
  enrolled in today where at least one current support applies, and team members who are
  gen-ed teachers, co-teachers or providers.
- Since when: the latest of (a) the IEP's latest support change (added, edited or ended:
  Support.changed_at), (b) for a teacher, the start of the student's newest enrollment in
  one of their classes (a schedule change) or, if later, when the portal learned of it,
  (c) for a team member, when they joined the team.
- Outstanding: no Acknowledgement row by that person for that IEP at or after "since".

A support scoped to some subjects concerns only the teachers of those subjects. Another app
may ask particular people again (an amendment asks those whose part it changed) by
registering a source with `register_ask`: it answers, inside the same two queries, the
latest moment it asked someone about an IEP.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, OuterRef
from django.db.models.functions import Greatest
from django.utils import timezone

from accommodations.models import Acknowledgement, Support
from iep_portal.models import User
from students.models import IEP, Enrollment, TeamMember

RESPONSIBLE_TEAM_ROLES = (
    TeamMember.Role.GEN_ED_TEACHER, TeamMember.Role.CO_TEACHER, TeamMember.Role.PROVIDER,
)

SUPPORTS_CHANGED = "supports changed"
NEW_IN_CLASS = "student joined the class"
ADDED_TO_TEAM = "added to the team"
ASKED_AGAIN = "asked again"

# Each source takes lookups naming an IEP and a person as outer references and returns a
# subquery of the latest time it asked them (or NULL).
AskSource = Callable[..., Any]
_ASK_SOURCES: list[AskSource] = []


def register_ask(source: AskSource) -> None:
    """Let another app ask people to acknowledge again (from its AppConfig.ready())."""
    if source not in _ASK_SOURCES:
        _ASK_SOURCES.append(source)


def _asked(**lookups: Any) -> Any:
    found = [source(**lookups) for source in _ASK_SOURCES]
    if not found:
        return None
    return found[0] if len(found) == 1 else Greatest(*found)  # PostgreSQL's GREATEST skips NULLs


@dataclass
class AcknowledgementDue:
    """One person's duty to acknowledge one IEP's current supports."""

    iep: IEP
    user: User
    since: dt.datetime
    reason: str
    acknowledged_at: dt.datetime | None

    @property
    def outstanding(self) -> bool:
        return self.acknowledged_at is None or self.acknowledged_at < self.since


def acknowledgement_status(
    ieps: Any, *, users: list[User] | None = None, today: dt.date | None = None
) -> list[AcknowledgementDue]:
    """Every responsible person for each IEP in `ieps`, acknowledged or not.

    `ieps` is an IEP queryset (or list of IEPs); only active IEPs with at least one current
    support ask for acknowledgement. `users` narrows to those people (e.g. the signed-in one).
    Ordered by IEP then person.

    Queries: IEPs with students (1), supports (1), team members (1), enrollments (1), the
    people who owe (1), latest acknowledgements (1): six, whatever the number of IEPs (four
    when nobody owes one).
    """
    today = today or timezone.localdate()
    iep_list = list(IEP.objects.filter(pk__in=_pks(ieps), status=IEP.Status.ACTIVE)
                    .select_related("student"))
    if not iep_list:
        return []
    by_pk = {iep.pk: iep for iep in iep_list}
    user_pks = {u.pk for u in users} if users is not None else None

    # Per IEP: its latest support change, and the subjects its current supports apply in
    # (None: every subject; absent: no current support). Rows, not models: a district has
    # tens of thousands of supports.
    changed: dict[int, dt.datetime] = {}
    current: dict[int, frozenset[str] | None] = {}
    every: dict[int, list[tuple[dt.datetime, frozenset[str] | None]]] = defaultdict(list)
    rows = Support.objects.filter(iep__in=iep_list).values_list(
        "iep_id", "changed_at", "start_date", "end_date", "scope", "subjects")
    for iep_pk, changed_at, start, end, scope, subjects in rows:
        if iep_pk not in changed or changed_at > changed[iep_pk]:
            changed[iep_pk] = changed_at
        applying = Support.subjects_applying(scope, subjects)
        every[iep_pk].append((changed_at, applying))
        if Support.current_between(start, end, today):
            if iep_pk in current:
                before = current[iep_pk]
                current[iep_pk] = None if before is None or applying is None else before | applying
            else:
                current[iep_pk] = applying

    changed_in: dict[tuple[int, str], dt.datetime] = {}

    def changed_for(iep_pk: int, subject: str) -> dt.datetime:
        """The latest change of a support (current or not) that applies in a class of
        `subject`; the IEP's latest support change when none does."""
        key = (iep_pk, subject)
        if key not in changed_in:
            wanted = subject.strip().casefold()
            changed_in[key] = max((at for at, applying in every[iep_pk]
                                   if applying is None or wanted in applying), default=changed[iep_pk])
        return changed_in[key]

    # (iep, user pk) -> [since, reason]
    duties: dict[tuple[int, int], list[Any]] = {}

    def owe(iep_pk: int, user_pk: int, since: dt.datetime, reason: str) -> None:
        if user_pks is not None and user_pk not in user_pks:
            return
        if user_pk == by_pk[iep_pk].case_manager_id:
            return  # the case manager writes the supports
        found = duties.get((iep_pk, user_pk))
        if found is None:
            duties[(iep_pk, user_pk)] = [since, reason]
        elif since > found[0]:
            found[0], found[1] = since, reason

    members = TeamMember.objects.filter(iep__in=iep_list, role__in=RESPONSIBLE_TEAM_ROLES)
    if user_pks is not None:
        members = members.filter(user__in=user_pks)
    member_asked = _asked(iep=OuterRef("iep_id"), user=OuterRef("user_id"))
    if member_asked is not None:
        members = members.annotate(asked=member_asked)
    member_fields = ("iep_id", "user_id", "added_at") + (("asked",) if member_asked is not None else ())
    for iep_pk, user_pk, added_at, *asked in members.values_list(*member_fields):
        if iep_pk in current:
            base = changed[iep_pk]
            owe(iep_pk, user_pk, max(base, added_at), ADDED_TO_TEAM if added_at > base else SUPPORTS_CHANGED)
        if asked and asked[0] is not None:
            owe(iep_pk, user_pk, asked[0], ASKED_AGAIN)

    # Rows, not model instances: a district has tens of thousands of current enrollments.
    iep_of_student = {iep.student_id: iep.pk for iep in iep_list}
    enrollments = Enrollment.objects.current(today).filter(
        student__in=list(iep_of_student), section__teacher__isnull=False
    )
    if user_pks is not None:
        enrollments = enrollments.filter(section__teacher__in=user_pks)
    teacher_asked = _asked(iep__student=OuterRef("student_id"), iep__status=IEP.Status.ACTIVE,
                           user=OuterRef("section__teacher_id"))
    if teacher_asked is not None:
        enrollments = enrollments.annotate(asked=teacher_asked)
    enrollment_fields = ("student_id", "start_date", "created_at", "section__subject",
                         "section__teacher_id") + (("asked",) if teacher_asked is not None else ())
    midnight: dict[dt.date, dt.datetime] = {}
    for student_pk, start_date, created_at, subject, teacher_pk, *asked in enrollments.values_list(
            *enrollment_fields):
        iep_pk = iep_of_student[student_pk]
        if asked and asked[0] is not None:
            owe(iep_pk, teacher_pk, asked[0], ASKED_AGAIN)
        if iep_pk not in current:
            continue
        applying = current[iep_pk]
        if applying is not None and subject.strip().casefold() not in applying:
            continue
        base = changed_for(iep_pk, subject)
        # A back-dated start (a schedule change imported late) counts from when it arrived.
        if start_date not in midnight:
            midnight[start_date] = start_of_day(start_date)
        joined = max(midnight[start_date], created_at)
        owe(iep_pk, teacher_pk, max(base, joined), NEW_IN_CLASS if joined > base else SUPPORTS_CHANGED)

    if not duties:
        return []
    people = User.objects.in_bulk({user_pk for _, user_pk in duties})
    acknowledged = {
        (row["iep_id"], row["user_id"]): row["latest"]
        for row in Acknowledgement.objects.filter(
            iep__in=iep_list, user__in=list(people)
        ).values("iep_id", "user_id").annotate(latest=Max("acknowledged_at"))
    }

    result = [
        AcknowledgementDue(by_pk[iep_pk], people[user_pk], since, reason, acknowledged.get((iep_pk, user_pk)))
        for (iep_pk, user_pk), (since, reason) in duties.items()
    ]
    result.sort(key=lambda d: (d.iep.student.last_name, d.iep.student.first_name, d.iep.pk,
                               d.user.last_name, d.user.first_name))
    return result


def outstanding_acknowledgements(
    ieps: Any, *, users: list[User] | None = None, today: dt.date | None = None
) -> list[AcknowledgementDue]:
    """Who has not acknowledged which IEP's current supports, and since when.

    The contract the reminders and the admin dashboard rely on: each item names the IEP (with
    its student loaded), the person, `since` (the moment their current acknowledgement became
    due) and `reason`. Same queries as `acknowledgement_status` (six).
    """
    return [due for due in acknowledgement_status(ieps, users=users, today=today) if due.outstanding]


def start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _pks(ieps: Any) -> Any:
    if isinstance(ieps, list | tuple | set):
        return [getattr(i, "pk", i) for i in ieps]
    return ieps.values("pk")


REASON_TEXT = {
    SUPPORTS_CHANGED: "The supports changed",
    NEW_IN_CLASS: "The student joined your class",
    ADDED_TO_TEAM: "You were added to the team",
    ASKED_AGAIN: "The IEP was amended and your part in it changed",
}


@dataclass
class ToAcknowledge:
    """One line of "IEPs to read and acknowledge": the duty, and the supports changed since
    this person's last acknowledgement (every current support when they never acknowledged)."""

    due: AcknowledgementDue
    changed: list[Support]

    @property
    def reason_text(self) -> str:
        return REASON_TEXT.get(self.due.reason, self.due.reason)


def to_acknowledge(user: User, ieps: Any, today: dt.date | None = None) -> list[ToAcknowledge]:
    """The IEPs in `ieps` whose current supports `user` has yet to acknowledge, oldest duty
    first, each with what changed. Queries: outstanding_acknowledgements' (5), the changed
    supports (1, only when something is outstanding): six, however many IEPs."""
    today = today or timezone.localdate()
    dues = outstanding_acknowledgements(ieps, users=[user], today=today)
    if not dues:
        return []
    changed: dict[int, list[Support]] = defaultdict(list)
    last = {d.iep.pk: d.acknowledged_at for d in dues}
    for support in Support.objects.filter(iep__in=list(last)).order_by("kind", "category", "pk"):
        seen = last[support.iep_id]
        if seen is None:
            if support.is_current(today):
                changed[support.iep_id].append(support)
        elif support.changed_at > seen:
            changed[support.iep_id].append(support)
    dues.sort(key=lambda d: (d.since, d.iep.student.last_name, d.iep.student.first_name))
    return [ToAcknowledge(d, changed[d.iep.pk]) for d in dues]
