"""Fixtures for the roster import: copies of the hand-made OneRoster drops."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "oneroster_fixtures"


@pytest.fixture
def drop(tmp_path: Path) -> Callable[[str], Path]:
    """A writable copy of a fixture drop, so a test can break one file."""

    def _copy(name: str) -> Path:
        target = tmp_path / name
        if not target.exists():
            shutil.copytree(FIXTURES / name, target)
        return target

    return _copy


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def confirm_proposed_calendars() -> None:
    """What a district administrator does after a first import: confirm every proposed
    school year as the calendar of every school it is proposed for."""
    from rostering.calendars import calendar_proposals, calendars_confirm
    from tests import factories as f

    admin = f.UserFactory(role="district_admin")
    for proposal in calendar_proposals():
        calendars_confirm(session=proposal.session, name=proposal.title, start=proposal.start,
                          end=proposal.end, school_ids=[e.school.pk for e in proposal.schools],
                          by=admin)
