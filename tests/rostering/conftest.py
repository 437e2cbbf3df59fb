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
