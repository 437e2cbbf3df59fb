"""The extension point through which an area above the roster imports families.

OneRoster users with a family role (guardian, parent, relative) name their students in
agentSourcedIds. The roster checks them (every agent must be a student of the drop or of an
earlier import; problems are reported with file, line and column like any other) and hands
the rows that passed to the one registered importer, inside the import's transaction:

    from rostering.oneroster.guardians import register_guardian_importer
    register_guardian_importer(known=known_fn, apply=apply_fn)

`known_fn() -> set[str]` is the sourcedIds earlier imports left (one query), so a delta drop
may end or refer to a family user it does not repeat. `apply_fn(rows, *, present)` writes
them and returns each touched sourcedId's outcome (added, updated, ended or unchanged);
`present` is every sourcedId of a bulk users.csv (a family user left out of it is ended), or
None for a delta file. Call it from the area's AppConfig.ready(). With none registered,
family rows are read and reported as not imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GuardianRow:
    """One family user of users.csv that passed its checks."""

    sourced_id: str
    line: int
    ended: bool  # status tobedeleted (delta): every link of this user ends
    role: str = ""  # guardian | parent | relative
    given: str = ""
    family: str = ""
    email: str = ""
    phone: str = ""
    students: tuple[int, ...] = ()  # Student pks, from agentSourcedIds; the full set of links


GuardianApply = Callable[..., dict[str, str]]


@dataclass(frozen=True, slots=True)
class GuardianImporter:
    known: Callable[[], set[str]]
    apply: GuardianApply


_importer: list[GuardianImporter] = []


def register_guardian_importer(*, known: Callable[[], set[str]], apply: GuardianApply) -> None:
    _importer[:] = [GuardianImporter(known, apply)]


def guardian_importer() -> GuardianImporter | None:
    return _importer[0] if _importer else None
