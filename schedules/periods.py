"""Set the periods and days classes meet, many classes at once (the roster import's write).

`meetings_set` makes each named class's meeting rows exactly the ones given: it adds the
school's periods that do not exist yet (without times: the roster names a period, the
school enters its bell times), adds and changes meetings, and removes the ones no longer
named. A class given no meetings goes back to meeting every day. Classes left out are not
touched. A fixed number of queries whatever the number of classes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction

from schedules.models import Period, SectionMeeting
from students.models import Section

# A new period sorts by its number; a named one (Advisory) after the numbered ones.
NAMED_PERIOD_ORDER = 100


@dataclass
class MeetingChanges:
    periods_added: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0


def _order(name: str) -> int:
    return min(int(name), NAMED_PERIOD_ORDER - 1) if name.isdigit() else NAMED_PERIOD_ORDER


@transaction.atomic
def meetings_set(*, wanted: Mapping[int, Sequence[tuple[str, Sequence[str]]]]) -> MeetingChanges:
    """Make the meetings of each class in `wanted` (section pk -> (period name, letters)
    pairs, letters empty for every day) exactly those. The caller checked the letters against
    the school's day pattern. Queries: sections (1), periods (1), new periods (0-1), meetings
    (1), removals (0-1), additions (0-1), changes (0-1)."""
    changes = MeetingChanges()
    if not wanted:
        return changes
    school_of = dict(Section.objects.filter(pk__in=list(wanted)).values_list("pk", "school_id"))
    periods: dict[tuple[int, str], int] = {(p.school_id, p.name): p.pk for p in Period.objects.filter(
        school__in=set(school_of.values())).only("pk", "school_id", "name")}
    missing: dict[tuple[int, str], Period] = {}
    for section, meetings in wanted.items():
        school = school_of.get(section)
        for name, _ in meetings:
            if school is not None and (school, name) not in periods:
                missing.setdefault((school, name), Period(school_id=school, name=name, order=_order(name)))
    if missing:
        for period in Period.objects.bulk_create(list(missing.values())):
            periods[(period.school_id, period.name)] = period.pk
        changes.periods_added = len(missing)
    existing: dict[tuple[int, int | None], SectionMeeting] = {
        (m.section_id, m.period_id): m
        for m in SectionMeeting.objects.filter(section__in=list(school_of)).only(
            "pk", "section_id", "period_id", "letters")
    }
    keep: set[int] = set()
    new, changed = [], []
    for section, meetings in wanted.items():
        school = school_of.get(section)
        if school is None:
            continue
        for name, letters in meetings:
            period_pk = periods[(school, name)]
            meeting = existing.get((section, period_pk))
            if meeting is None:
                new.append(SectionMeeting(section_id=section, period_id=period_pk, letters=list(letters)))
            else:
                keep.add(meeting.pk)
                if list(meeting.letters) != list(letters):
                    meeting.letters = list(letters)
                    changed.append(meeting)
    gone = [m.pk for m in existing.values() if m.pk not in keep]
    if gone:
        SectionMeeting.objects.filter(pk__in=gone).delete()
    SectionMeeting.objects.bulk_create(new)
    if changed:
        SectionMeeting.objects.bulk_update(changed, ["letters"])
    changes.added, changes.updated, changes.removed = len(new), len(changed), len(gone)
    return changes
