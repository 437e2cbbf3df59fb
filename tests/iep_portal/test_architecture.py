"""The import directions of docs/architecture.md hold, and cover every app and project module."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def _layer_modules() -> set[str]:
    (contract,) = [c for c in _config()["contracts"] if c["type"] == "layers"]
    found: set[str] = set()
    for layer in contract["layers"]:
        found.update(m.strip() for m in layer.replace("|", ":").split(":"))
    return found


def _local_apps() -> list[str]:
    return [c.name for c in apps.get_app_configs() if (ROOT / c.name).is_dir()]


def test_it_lists_every_app_of_the_product_as_a_root_package() -> None:
    assert sorted(_config()["root_packages"]) == sorted(_local_apps())


def test_it_gives_every_app_a_layer_of_its_own() -> None:
    placed = _layer_modules()
    apps_without_layer = [name for name in _local_apps() if name not in placed]
    assert not apps_without_layer, f"Give these apps a layer in pyproject.toml: {apps_without_layer}"
    # Whole apps only: a layer inside an app would let two apps import each other at
    # package level (a top floor of iep_portal importing students, which imports iep_portal).
    assert not [m for m in placed if "." in m], "Layers name whole apps"


def test_the_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "1 kept, 0 broken" in result.stdout
