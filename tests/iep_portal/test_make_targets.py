"""The Makefile: `make run` installs what running the app needs, the development targets add
the dev extra on top. Read from `make --dry-run` in a copy of the files the installs depend on."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_INSTALL = "pip install --quiet -c constraints.txt ."
DEV_INSTALL = 'pip install --quiet -c constraints.txt ".[dev]"'

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy2(ROOT / name, tmp_path / name)
    return tmp_path


def _dry_run(checkout: Path, target: str) -> list[str]:
    result = subprocess.run(
        ["make", "--dry-run", target], cwd=checkout, capture_output=True, text=True, check=True,  # noqa: S607
        env={key: value for key, value in os.environ.items() if not key.startswith("MAKE")},
    )
    return result.stdout.splitlines()


def _installs(lines: list[str]) -> list[str]:
    return [line for line in lines if "pip install" in line and "--upgrade pip" not in line]


def _mark_installed(checkout: Path, stamp: str) -> None:
    (checkout / ".venv").mkdir(exist_ok=True)
    (checkout / ".venv" / stamp).touch()


def test_make_run_on_a_fresh_clone_installs_the_runtime_dependencies_only(checkout: Path) -> None:
    lines = _dry_run(checkout, "run")
    assert [line.split("python -m ", 1)[1] for line in _installs(lines)] == [RUNTIME_INSTALL]
    assert not any("[dev]" in line for line in lines)
    assert "bash bin/run-all" in lines


@pytest.mark.parametrize("target", ["test", "test-browser", "lint", "typecheck", "migrations-check", "bench"])
def test_a_development_target_on_a_fresh_clone_installs_the_runtime_then_the_dev_extra(
    checkout: Path, target: str
) -> None:
    installs = [line.split("python -m ", 1)[1] for line in _installs(_dry_run(checkout, target))]
    assert installs == [RUNTIME_INSTALL, DEV_INSTALL]


def test_the_dev_install_reuses_the_runtime_install_of_make_run(checkout: Path) -> None:
    _mark_installed(checkout, ".runtime-installed")
    lines = _dry_run(checkout, "test")
    assert [line.split("python -m ", 1)[1] for line in _installs(lines)] == [DEV_INSTALL]
    assert not any("-m venv" in line for line in lines)


def test_nothing_is_installed_again_until_the_dependencies_change(checkout: Path) -> None:
    _mark_installed(checkout, ".runtime-installed")
    _mark_installed(checkout, ".dev-installed")
    assert _installs(_dry_run(checkout, "test")) == []
    assert _installs(_dry_run(checkout, "run")) == []

    later = (checkout / ".venv" / ".dev-installed").stat().st_mtime + 10
    os.utime(checkout / "constraints.txt", (later, later))
    installs = [line.split("python -m ", 1)[1] for line in _installs(_dry_run(checkout, "test"))]
    assert installs == [RUNTIME_INSTALL, DEV_INSTALL]
