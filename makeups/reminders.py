"""Reminder sweep for makeup plans (see notifications.sweeps): a planned makeup whose target
date has passed without its makeup session logged reminds the line's provider and whoever
planned it, once per target date (a rescheduled makeup that is late again asks afresh). The
reminder says what the pages say: "owed: 4 makeup sessions of 30 min (120 min), 1 planned;
this week: 2 sessions left". Done, rescheduled or cancelled makeups are resolved by the next
sweep. The kind is "minutes owed not made up": an overdue makeup is owed minutes.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from makeups import status
from makeups.models import PlannedMakeup
from notifications.models import Notification
from notifications.notify import Reminder, resolve_settled
from services.backlog_queries import outlooks_for
from services.ledger_queries import ledgers_for
from students.models import IEP

OVERDUE_PREFIX = "makeup-overdue"


def overdue_sweep(today: dt.date) -> list[Reminder]:
    """Queries (12, however many plans): lines with a late plan (1), their open plans with
    line, student and provider (1), their makeup sessions (1), ledgers_for (3), outlooks_for
    (5), resolving what is settled (1)."""
    lines = set(
        PlannedMakeup.objects.open()
        .filter(target_date__lt=today, requirement__iep__status=IEP.Status.ACTIVE)
        .values_list("requirement_id", flat=True)
    )
    reminders: list[Reminder] = []
    if lines:
        plans = list(
            PlannedMakeup.objects.open()
            .filter(requirement__in=lines)
            .select_related(
                "requirement", "requirement__iep", "requirement__iep__student", "requirement__provider"
            )
        )
        late = [t for t in status.track(plans, today).values() if t.state == status.OVERDUE]
        requirements = {t.makeup.requirement_id: t.makeup.requirement for t in late}
        outlooks = outlooks_for(ledgers_for(list(requirements.values()), today), today)
        for tracked in late:
            makeup = tracked.makeup
            requirement = requirements[makeup.requirement_id]
            outlook = outlooks[requirement.pk]
            title = (
                f"{requirement.iep.student}: the {requirement.area.lower()} makeup planned for "
                f"{makeup.target_date:%a %b %-d} is overdue — log it or reschedule it"
            )
            body = f"{outlook.owed_text}; {outlook.week_text}."
            url = reverse("makeups:line", args=[requirement.pk])
            for user_id in dict.fromkeys([requirement.provider_id, makeup.planned_by_id]):
                reminders.append(
                    Reminder(
                        user_id,
                        Notification.Kind.MINUTES_OWED,
                        f"{OVERDUE_PREFIX}:{makeup.pk}:{makeup.target_date.isoformat()}:{user_id}",
                        title,
                        url,
                        body=body,
                        student_id=requirement.iep.student_id,
                    )
                )
    resolve_settled(Notification.Kind.MINUTES_OWED, OVERDUE_PREFIX, reminders)
    return reminders
