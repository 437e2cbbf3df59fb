"""Entries waiting for an administrator's approval, from every app, on one page.

A record entered past the approval window (students/lateness.py) does not count until an
administrator approves it. Each app that keeps such records registers one kind from its
AppConfig.ready(); the approvals page lists every kind's waiting entries and calls the
kind's own approve (or reject) write, so the rule for what counts stays in the app.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt

    from iep_portal.models import User


@dataclass(frozen=True)
class Waiting:
    """One entry waiting for approval, as the approvals page shows it."""

    kind: str
    pk: int
    student: str
    what: str
    happened: dt.date
    recorded: dt.datetime
    recorded_by: str
    reason: str
    url: str = ""


@dataclass(frozen=True)
class ApprovalKind:
    name: str
    label: str
    # The entries this administrator may approve (their schools; district: all), oldest first.
    waiting: Callable[[User], Sequence[Waiting]]
    # approve(pk=, by=) and reject(pk=, by=, reason=): the app's own writes; each raises
    # ValidationError (or Http404 for an entry outside the administrator's schools).
    approve: Callable[..., Any]
    reject: Callable[..., Any]


_KINDS: dict[str, ApprovalKind] = {}


def register_approval_kind(kind: ApprovalKind) -> None:
    _KINDS[kind.name] = kind


def approval_kinds() -> list[ApprovalKind]:
    return list(_KINDS.values())


def approval_kind(name: str) -> ApprovalKind | None:
    return _KINDS.get(name)
