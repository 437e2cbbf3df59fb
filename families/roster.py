"""The roster's family users as guardians (registered with rostering.oneroster.guardians).

A OneRoster family user is one Guardian row per student their agentSourcedIds name, keyed by
(student, sourcedId). The roster owns the name, email and phone, and whether the link is
current; the school owns the rest (language, channel, address, educational rights, a
surrogate's appointment, the portal account), which a later import never overwrites. The
relationship and educational rights are set once, when the row is made: a parent or guardian
holds educational rights until the school says otherwise, a relative does not. An unsourced
guardian of the same student with the same email (entered by staff before the district
rostered families) is adopted rather than doubled. Nothing is deleted: an ended link is
marked inactive, and a later import that names it again brings it back.

Queries: one to read the guardians concerned, then bulk writes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from families.models import Guardian
from rostering.oneroster.guardians import GuardianRow

RELATIONSHIPS = {
    "parent": Guardian.Relationship.PARENT,
    "guardian": Guardian.Relationship.GUARDIAN,
    "relative": Guardian.Relationship.RELATIVE,
}
ROSTERED = ["first_name", "last_name", "email", "phone", "active", "sourced_id"]


def known_sourced_ids() -> set[str]:
    return set(Guardian.objects.exclude(sourced_id="").values_list("sourced_id", flat=True).distinct())


def roster_guardians_apply(rows: Iterable[GuardianRow], *, present: set[str] | None) -> dict[str, str]:
    """Write the roster's family users; each touched sourcedId's outcome (added, updated,
    ended, unchanged). `present` (a bulk users.csv) ends every family user it leaves out."""
    rows = list(rows)
    sids = {r.sourced_id for r in rows}
    students = {pk for r in rows for pk in r.students}
    scope = Q(sourced_id="", student_id__in=students)
    scope |= ~Q(sourced_id="") if present is not None else Q(sourced_id__in=sids)
    by_sid: dict[str, list[Guardian]] = {}
    unsourced: dict[tuple[int, str], Guardian] = {}
    for g in Guardian.objects.filter(scope).only("pk", "student_id", *ROSTERED):
        if g.sourced_id:
            by_sid.setdefault(g.sourced_id, []).append(g)
        elif g.email:
            unsourced.setdefault((g.student_id, g.email.lower()), g)
    new: list[Guardian] = []
    changed: list[Guardian] = []
    outcomes: dict[str, str] = {}
    for row in rows:
        mine = {g.student_id: g for g in by_sid.get(row.sourced_id, [])}
        added = updated = ended = 0
        wanted = () if row.ended else row.students
        for student in wanted:
            guardian = mine.pop(student, None) or unsourced.pop((student, row.email), None)
            if guardian is None:
                new.append(_new(row, student))
                added += 1
                continue
            want = {"first_name": row.given[:100], "last_name": row.family[:100],
                    "email": row.email[:254], "phone": row.phone[:40], "active": True,
                    "sourced_id": row.sourced_id}
            if any(getattr(guardian, k) != x for k, x in want.items()):
                for k, x in want.items():
                    setattr(guardian, k, x)
                changed.append(guardian)
                updated += 1
        for guardian in mine.values():  # links the row no longer names
            if guardian.active:
                guardian.active = False
                changed.append(guardian)
                ended += 1
        if row.ended:
            outcomes[row.sourced_id] = "ended" if ended else "unchanged"
        else:  # a link ended while the user stays is a change to that user
            outcomes[row.sourced_id] = ("added" if added else "updated" if updated or ended
                                        else "unchanged")
    if present is not None:
        for sid, guardians in by_sid.items():
            if sid in present or sid in sids:
                continue
            gone = [g for g in guardians if g.active]
            for g in gone:
                g.active = False
            changed.extend(gone)
            if gone:
                outcomes[sid] = "ended"
    Guardian.objects.bulk_create(new, batch_size=5000)
    Guardian.objects.bulk_update(changed, ROSTERED, batch_size=5000)
    return outcomes


def _new(row: GuardianRow, student: int) -> Guardian:
    relationship = RELATIONSHIPS.get(row.role, Guardian.Relationship.GUARDIAN)
    channel = (Guardian.Channel.EMAIL if row.email else Guardian.Channel.PHONE if row.phone
               else Guardian.Channel.LETTER)
    return Guardian(
        student_id=student, relationship=relationship, first_name=row.given[:100],
        last_name=row.family[:100], email=row.email[:254], phone=row.phone[:40], channel=channel,
        educational_rights=relationship != Guardian.Relationship.RELATIVE,
        sourced_id=row.sourced_id, active=True,
    )
