"""The documentation checklist: what must be on file for each IEP, computed from the data.

Nothing here is ticked by hand. Each item has a *provider*: a set-based function that takes
many IEPs at once and answers, for each, done / missing / not applicable with the date and
who. Providers run a fixed number of queries however many IEPs they are given, so the whole
checklist for a caseload costs (number of enabled items) queries at most.

Other apps plug their items in from their AppConfig.ready():

    from students.checklist import ItemResult, register_item
    register_item("progress_reports", "Progress reports sent on schedule", provider)

where `provider(ieps: Sequence[IEP], today: date) -> dict[iep_pk, ItemResult]`. An IEP
missing from the answer counts as missing. An item is IDEA's alone unless registered with
`plans=ALL_PLANS`: a Section 504 plan's line for it is "not applicable", and its provider is
never asked about 504 plans. The district chooses which items it tracks, and
their order, with the IEP_CHECKLIST_ITEMS setting; an enabled key with no provider
registered yet is left out (so the default list can name items other apps will provide).

`deadlines_for(ieps, today)` is the contract the reminders and the admin deadlines list use.

One answer per question ("is this deadline met?"): the item's provider answers it, and every
page, reminder and export reads that answer rather than computing its own. The IEP's own
dates come from `iep_deadlines` (annual review) and `reevaluation_due`; the progress reports
item from progress.reports.report_statuses; acknowledgements from
accommodations.acknowledgements.acknowledgement_status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings

from students.models import IEP, add_years

if TYPE_CHECKING:
    from iep_portal.models import User

DONE = "done"
MISSING = "missing"
NOT_APPLICABLE = "not_applicable"
STATUS_LABELS = {DONE: "Done", MISSING: "Missing", NOT_APPLICABLE: "Not applicable"}


@dataclass(frozen=True)
class ItemResult:
    status: str
    on: dt.date | None = None  # when it was done (or, for a missing item, when it is due)
    by: str = ""  # who did it or recorded it
    note: str = ""
    due: dt.date | None = None  # a missing item's deadline, if it has one

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


Provider = Callable[[Sequence[IEP], dt.date], dict[int, ItemResult]]


# The kinds of plan an item applies to.
IEP_ONLY = frozenset({IEP.Kind.IEP.value})
ALL_PLANS = frozenset(IEP.Kind.values)


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    provider: Provider
    plans: frozenset[str] = IEP_ONLY


@dataclass(frozen=True)
class Line:
    """One item of one IEP's checklist."""

    key: str
    label: str
    result: ItemResult


_REGISTRY: dict[str, ChecklistItem] = {}


def register_item(key: str, label: str, provider: Provider, *, plans: frozenset[str] = IEP_ONLY) -> None:
    """Add (or replace) a checklist item for the kinds of plan in `plans`. Call from
    AppConfig.ready()."""
    _REGISTRY[key] = ChecklistItem(key, label, provider, plans)


def enabled_items() -> list[ChecklistItem]:
    """The district's items in the district's order, leaving out any not provided yet."""
    return [_REGISTRY[key] for key in settings.IEP_CHECKLIST_ITEMS if key in _REGISTRY]


def checklist_for(ieps: Sequence[IEP], today: dt.date, *,
                  only: Collection[str] | None = None) -> dict[int, list[Line]]:
    """Every enabled item for every IEP (`only`: just the enabled items with these keys).
    `ieps` must come with `student` selected.

    Queries: one per enabled item at most (the built-in items: consent 1, family notice 1,
    attendance 1, transition plan 1, reevaluation 0).
    """
    lines: dict[int, list[Line]] = {iep.pk: [] for iep in ieps}
    if not ieps:
        return lines
    for item in enabled_items():
        if only is not None and item.key not in only:
            continue
        applies = [iep for iep in ieps if iep.kind in item.plans]
        answers = item.provider(applies, today) if applies else {}
        for iep in ieps:
            if iep.kind in item.plans:
                result = answers.get(iep.pk, ItemResult(MISSING))
            else:
                result = ItemResult(NOT_APPLICABLE, note=f"Not part of a {iep.plan_label}.")
            lines[iep.pk].append(Line(item.key, item.label, result))
    return lines


# --- the IEP's own item ----------------------------------------------------------------------

def reevaluation_due(iep: IEP) -> dt.date | None:
    """The one answer to "when is this student's reevaluation due?": three years after the
    last evaluation, or the IEP's recorded reevaluation date if that is sooner (the team may
    reevaluate early, never late). None when the IEP records neither."""
    if iep.last_evaluation_date is None:
        return iep.reevaluation_due
    limit = add_years(iep.last_evaluation_date, 3)
    return min(iep.reevaluation_due, limit) if iep.reevaluation_due else limit


def iep_deadlines(iep: IEP) -> list[Deadline]:
    """The IEP's own deadlines: the annual review and the reevaluation (reevaluation_due).
    No queries. deadlines_for, the deadlines list and the deadline sweep all use it."""
    found = [Deadline("annual_review", "Annual review", iep.annual_review_due, iep.case_manager_id)]
    if (due := reevaluation_due(iep)) is not None:
        found.append(Deadline("reevaluation", "Reevaluation", due, iep.case_manager_id))
    return found


def _reevaluation(ieps: Sequence[IEP], today: dt.date) -> dict[int, ItemResult]:
    """An evaluation within the last three years, from the IEP's dates. No queries."""
    answers = {}
    for iep in ieps:
        due = reevaluation_due(iep)
        if iep.last_evaluation_date is None or due is None:
            answers[iep.pk] = ItemResult(MISSING, due=due, note="No evaluation date on the IEP.")
        elif due >= today:
            answers[iep.pk] = ItemResult(
                DONE, on=iep.last_evaluation_date, note=f"Next reevaluation due by {due:%b %-d, %Y}.",
                due=due,
            )
        else:
            answers[iep.pk] = ItemResult(
                MISSING, due=due, note=f"The reevaluation was due by {due:%b %-d, %Y}.",
            )
    return answers


# Section 504 asks for periodic reevaluation (34 CFR 104.35(d)); districts hold 504 plans to the
# same three years.
register_item("reevaluation", "Reevaluation within three years", _reevaluation, plans=ALL_PLANS)


# --- the contract for reminders and the admin deadlines list ---------------------------------

@dataclass(frozen=True)
class Deadline:
    key: str  # "annual_review", "reevaluation", "meeting", "notice", "follow_up", or an item key
    label: str
    due: dt.date
    owner_id: int | None = None  # who should act (the case manager unless a follow-up says)
    note: str = ""  # what is outstanding, in words ("1 of 2 goal reports not sent.")

    def days_left(self, today: dt.date) -> int:
        return (self.due - today).days


@dataclass
class IEPStatus:
    """What is missing on one IEP and what falls due next."""

    iep: IEP
    lines: list[Line]
    deadlines: list[Deadline] = field(default_factory=list)

    @property
    def missing(self) -> list[Line]:
        return [line for line in self.lines if line.result.status == MISSING]

    @property
    def next_deadline(self) -> Deadline | None:
        return self.deadlines[0] if self.deadlines else None


# A missing item with a due date is a deadline. Some items are a deadline even when done:
# their `due` is the next one (the next progress report). The family notice's deadline comes
# from the meetings' source (the next meeting's notice), so it is not listed twice.
DEADLINE_ITEMS = {"progress_reports"}
COVERED_ELSEWHERE = {"family_notice"}

DeadlineSource = Callable[[Sequence[IEP], dt.date], dict[int, list["Deadline"]]]
_DEADLINE_SOURCES: dict[str, tuple[DeadlineSource, frozenset[str] | None]] = {}


def register_deadlines(name: str, source: DeadlineSource, *, keys: Collection[str] | None = None) -> None:
    """Add (or replace) a source of deadlines: `source(ieps, today)` answers, for some of the
    IEPs, the deadlines it knows (meetings, notices, follow-ups) in a fixed number of
    queries; `keys`, the deadline keys it may give (None: any). Call from AppConfig.ready()."""
    _DEADLINE_SOURCES[name] = (source, None if keys is None else frozenset(keys))


def deadlines_for(ieps: Sequence[IEP], today: dt.date, *,
                  only: Collection[str] | None = None) -> list[IEPStatus]:
    """Missing checklist items and upcoming deadlines for many IEPs, in a fixed number of queries.

    Contract (reminders, the admin deadlines list): pass active IEPs with `student` selected
    (`IEP.objects.active().select_related("student")`); get one IEPStatus per IEP in the
    same order, where `missing` lists the checklist items not on file and `deadlines` lists,
    soonest first, the annual review, the reevaluation, the next meeting and its family
    notice, open follow-ups, missing items that have a due date, and the next progress report
    (DEADLINE_ITEMS: listed with the item's due date even when the item is done). Deadlines in the past
    are overdue and still listed. Each deadline names the user who should act
    (`owner_id`). Pure reads; safe to call from a task.

    `only`: just the deadlines with these keys (the compliance list's kinds), computing only
    the checklist items and sources that can give them; `lines` then holds those items alone.

    Queries: the checklist (one per enabled item) + each deadline source's (meetings: 2).
    """
    lines = checklist_for(ieps, today, only=only)
    found_elsewhere: dict[int, list[Deadline]] = {}
    for source, gives in _DEADLINE_SOURCES.values():
        if only is not None and gives is not None and not gives & set(only):
            continue
        for iep_pk, found in source(ieps, today).items():
            found_elsewhere.setdefault(iep_pk, []).extend(found)

    statuses = []
    for iep in ieps:
        cm = iep.case_manager_id
        found = iep_deadlines(iep)
        found.extend(found_elsewhere.get(iep.pk, []))
        if only is not None:
            found = [d for d in found if d.key in only]
        keys = {d.key for d in found}
        for line in lines[iep.pk]:
            # An item whose deadline a source or the IEP already gives is listed once.
            if (line.result.due and (line.result.status == MISSING or line.key in DEADLINE_ITEMS)
                    and line.key not in COVERED_ELSEWHERE and line.key not in keys):
                found.append(Deadline(line.key, line.label, line.result.due, cm, note=line.result.note))
        found.sort(key=lambda d: d.due)
        statuses.append(IEPStatus(iep=iep, lines=lines[iep.pk], deadlines=found))
    return statuses


def caseload_documentation(user: User, today: dt.date) -> list[IEPStatus]:
    """The IEPs this user manages (admins: those of students they may see), most missing
    first, then soonest deadline. Queries: IEPs (1) + deadlines_for.
    """
    from students.models import Student

    ieps = IEP.objects.active().select_related("student", "case_manager")
    if user.is_admin_role:
        ieps = ieps.filter(student__in=Student.objects.visible_to(user))
    else:
        ieps = ieps.filter(case_manager=user)
    statuses = deadlines_for(list(ieps), today)
    far = dt.date.max
    statuses.sort(key=lambda s: (
        -len(s.missing),
        s.next_deadline.due if s.next_deadline else far,
        s.iep.student.last_name, s.iep.student.first_name,
    ))
    return statuses
