"""Optional per-app modules (demo loaders, district generators) found by name."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from types import ModuleType


def existing_modules(names: Iterable[str]) -> Iterator[ModuleType]:
    """Import each named module that exists, in order; a module that is absent is skipped,
    an import error inside one that exists is raised."""
    for name in names:
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
