"""Writes of assessment windows: keyword-only, in one transaction, checked in full."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.models import AssessmentSession, AssessmentWindow
from students.models import School, Section

if TYPE_CHECKING:
    from iep_portal.models import User


@dataclass(frozen=True)
class SessionSpec:
    day: dt.date
    starts_at: dt.time | None = None
    ends_at: dt.time | None = None
    label: str = ""


def _check_sessions(window: AssessmentWindow, sessions: Sequence[SessionSpec]) -> None:
    outside = [s.day for s in sessions if not window.first_day <= s.day <= window.last_day]
    if outside:
        raise ValidationError(
            "Each session falls inside the window: %(days)s is outside %(first)s to %(last)s.",
            params={"days": ", ".join(f"{d:%b %-d}" for d in outside),
                    "first": f"{window.first_day:%b %-d}", "last": f"{window.last_day:%b %-d}"},
        )
    for spec in sessions:
        AssessmentSession(window=window, day=spec.day, starts_at=spec.starts_at, ends_at=spec.ends_at,
                          label=spec.label).full_clean(exclude=["window"])


def _write_sessions(window: AssessmentWindow, sessions: Sequence[SessionSpec]) -> None:
    AssessmentSession.objects.bulk_create([
        AssessmentSession(window=window, day=s.day, starts_at=s.starts_at, ends_at=s.ends_at,
                          label=s.label.strip())
        for s in sessions
    ])


@transaction.atomic
def window_create(
    *, by: User, name: str, kind: str, scope: str, first_day: dt.date, last_day: dt.date,
    school: School | None = None, section: Section | None = None, subject: str = "",
    sessions: Sequence[SessionSpec] = (),
) -> AssessmentWindow:
    """A new assessment window with its sessions: from its first day, assessment-only
    supports are expected on its days in the classes it covers."""
    window = AssessmentWindow(
        name=name.strip(), kind=kind, scope=scope, school=school, section=section,
        subject=subject.strip(), first_day=first_day, last_day=last_day, created_by=by,
    )
    window.full_clean()
    _check_sessions(window, sessions)
    window.save()
    _write_sessions(window, sessions)
    return window


class WindowStarted(ValidationError):
    """A window whose first day has come cannot be deleted."""


def may_delete(window: AssessmentWindow, today: dt.date) -> bool:
    """Only a window still ahead: from its first day, check-offs and testing rosters of its
    days rest on it, so it stays (its last day can be brought forward instead)."""
    return window.first_day > today


@transaction.atomic
def window_delete(*, window: AssessmentWindow, by: User, today: dt.date | None = None) -> None:
    """Delete a window that has not begun, with its sessions; the history keeps who and when."""
    today = today or timezone.localdate()
    if not may_delete(window, today):
        raise WindowStarted(
            "“%(name)s” began on %(first)s: check-offs and testing rosters of its days rest on it, "
            "so it is kept. To end it early, change its last day.",
            params={"name": window.name, "first": f"{window.first_day:%b %-d}"},
        )
    with pghistory.context(user=by.pk, reason="assessment window deleted"):
        window.delete()


@transaction.atomic
def window_update(
    *, window: AssessmentWindow, by: User, name: str, kind: str, scope: str, first_day: dt.date,
    last_day: dt.date, school: School | None = None, section: Section | None = None,
    subject: str = "", sessions: Sequence[SessionSpec] = (),
) -> AssessmentWindow:
    """Change a window and replace its sessions; who changed it and when is kept on it."""
    window.name, window.kind, window.scope = name.strip(), kind, scope
    window.school, window.section, window.subject = school, section, subject.strip()
    window.first_day, window.last_day = first_day, last_day
    window.changed_by, window.changed_at = by, timezone.now()
    window.full_clean()
    _check_sessions(window, sessions)
    window.save()
    window.sessions.all().delete()
    _write_sessions(window, sessions)
    return window
