"""The reminder sweeps: each decides, set-based, who is falling behind on what.

A sweep is a function (today) -> list[Reminder]; each app registers its own from its
AppConfig.ready(). `run_sweep` records a SweepRun row (what ran, when, how many new
reminders) and inserts the reminders idempotently. A sweep runs a fixed number of queries
however many IEPs there are; sending is a separate step (notifications.digest).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.utils import timezone

from notifications.models import SweepRun
from notifications.notify import Reminder, remind_many

logger = logging.getLogger(__name__)

Sweep = Callable[[dt.date], list[Reminder]]
_SWEEPS: dict[str, Sweep] = {}


def register_sweep(name: str, sweep: Sweep) -> None:
    _SWEEPS[name] = sweep


def sweep_names() -> list[str]:
    return sorted(_SWEEPS)


def run_sweep(name: str, today: dt.date | None = None) -> SweepRun:
    today = today or timezone.localdate()
    run = SweepRun.objects.create(name=name)
    try:
        run.created = remind_many(_SWEEPS[name](today))
    except Exception as exc:
        run.error = f"{type(exc).__name__}: {exc}"[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["error", "finished_at"])
        raise
    run.finished_at = timezone.now()
    run.save(update_fields=["created", "finished_at"])
    logger.info("Sweep %s: %s new reminders", name, run.created)
    return run


def run_all(today: dt.date | None = None) -> list[SweepRun]:
    return [run_sweep(name, today) for name in sweep_names()]
