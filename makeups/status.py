"""Whether each planned makeup is done, overdue or still planned: read from the session log.

A planned makeup is done when a makeup session of its line is logged (services' log, status
"makeup", which names the missed sessions of that line it makes up), dated on or after the
day the makeup was planned, and certified: a pending entry does not count, as in the ledger.
Each logged makeup settles at most one planned makeup; the line's planned makeups take them in
order of target date, each the earliest one it may. Nothing is stored: a void or a correction
of the makeup session reopens its plan by itself. The log is read here; services never learns
of plans.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone

from makeups.models import PlannedMakeup
from services.models import ServiceSession

PLANNED, OVERDUE, DONE, CANCELLED = "planned", "overdue", "done", "cancelled"
LABELS = {PLANNED: "Planned", OVERDUE: "Overdue", DONE: "Done", CANCELLED: "Cancelled"}


@dataclass(frozen=True)
class PlanFact:
    pk: int
    planned_on: dt.date
    target_date: dt.date


@dataclass(frozen=True)
class MadeFact:
    pk: int
    date: dt.date


def match(plans: Iterable[PlanFact], made: Iterable[MadeFact]) -> dict[int, MadeFact]:
    """Which logged makeup settles which planned one, for one line (plans not cancelled).

    Plans in target-date order each take the earliest unused makeup dated on or after the
    day they were planned. Pure."""
    left = sorted(made, key=lambda m: (m.date, m.pk))
    found: dict[int, MadeFact] = {}
    for plan in sorted(plans, key=lambda p: (p.target_date, p.pk)):
        for i, candidate in enumerate(left):
            if candidate.date >= plan.planned_on:
                found[plan.pk] = left.pop(i)
                break
    return found


def state(*, target_date: dt.date, cancelled: bool, done: bool, today: dt.date) -> str:
    """Cancelled, done, overdue once its target day has passed undone, else planned."""
    if cancelled:
        return CANCELLED
    if done:
        return DONE
    return OVERDUE if target_date < today else PLANNED


@dataclass(frozen=True)
class Tracked:
    """A planned makeup with what became of it."""

    makeup: PlannedMakeup
    state: str
    done_by: ServiceSession | None

    @property
    def label(self) -> str:
        return LABELS[self.state]

    @property
    def is_open(self) -> bool:
        return self.state in (PLANNED, OVERDUE)


def planned_on(makeup: PlannedMakeup) -> dt.date:
    return timezone.localdate(makeup.planned_at)


def track(makeups: Sequence[PlannedMakeup], today: dt.date) -> dict[int, Tracked]:
    """What became of each planned makeup, keyed by pk. `makeups` must hold every planned
    makeup not cancelled of each line it touches (or matching would reuse a session).

    Queries: the lines' certified makeup sessions since the earliest plan (1); none for none.
    """
    if not makeups:
        return {}
    live = [m for m in makeups if not m.is_cancelled]
    sessions: dict[int, list[ServiceSession]] = defaultdict(list)
    if live:
        for s in (
            ServiceSession.objects.counted()
            .filter(
                requirement__in={m.requirement_id for m in live},
                status=ServiceSession.Status.MAKEUP,
                date__gte=min(planned_on(m) for m in live),
                date__lte=today,
            )
            .order_by("date", "pk")
        ):
            sessions[s.requirement_id].append(s)
    by_line: dict[int, list[PlannedMakeup]] = defaultdict(list)
    for m in live:
        by_line[m.requirement_id].append(m)
    done: dict[int, ServiceSession] = {}
    for requirement_id, plans in by_line.items():
        by_pk = {s.pk: s for s in sessions[requirement_id]}
        settled = match(
            [PlanFact(m.pk, planned_on(m), m.target_date) for m in plans],
            [MadeFact(s.pk, s.date) for s in sessions[requirement_id]],
        )
        done.update({plan_pk: by_pk[fact.pk] for plan_pk, fact in settled.items()})
    return {
        m.pk: Tracked(
            makeup=m,
            done_by=done.get(m.pk),
            state=state(target_date=m.target_date, cancelled=m.is_cancelled, done=m.pk in done, today=today),
        )
        for m in makeups
    }


def open_counts(requirement_ids: Collection[int], today: dt.date) -> dict[int, int]:
    """Planned makeups not done and not cancelled, per line: what "1 planned" counts.

    Queries: the lines' planned makeups (1), their makeup sessions (1)."""
    plans = list(PlannedMakeup.objects.open().filter(requirement__in=list(requirement_ids)))
    counts: dict[int, int] = defaultdict(int)
    for tracked in track(plans, today).values():
        if tracked.is_open:
            counts[tracked.makeup.requirement_id] += 1
    return dict(counts)
