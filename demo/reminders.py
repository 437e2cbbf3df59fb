"""Demo reminders: run every sweep once over the demo world, so the notification centre
has something to show on first sign-in (the worker's beat schedule keeps it current)."""

from __future__ import annotations

from notifications.sweeps import run_all
from students.demo import DemoWorld


def load(world: DemoWorld) -> None:
    run_all(world.today)
