"""Reminder sweeps for service minutes (see notifications.sweeps).

Minutes behind pace: a service whose delivered minutes are below expected-to-date by more
than its tolerance (services.ledger) reminds its provider, once per ISO week, with the
sessions its schedule still expects this week ("this week: 2 sessions left") and, apart, what
is owed back ("owed: 4 makeup sessions of 30 min (120 min), 1 planned"), as every page says
them (services.backlog_queries.outlooks_for). How long it has been behind is computed from the
data, never stored: the number of consecutive completed weeks, newest first, that ended
behind pace. After IEP_MINUTES_BEHIND_CASE_MANAGER_WEEKS such weeks the case manager is told
too; after IEP_MINUTES_BEHIND_ADMIN_WEEKS the school's administrators hear the count, once a
week per school ("3 service lines at Lincoln Middle School behind pace 4 weeks or more"),
opening the fidelity drill-down of exactly those lines (a page they may open), never one
reminder per student in the provider's words.

Minutes owed: school-caused misses (SERVICES_OWED_STATUSES) dated more than
IEP_MINUTES_OWED_AFTER_DAYS ago that makeups have not covered remind the provider and the case
manager, once per ISO week. Makeups cover the oldest misses first, as the ledger counts them.

Both are resolved when a logged session settles them (services.tasks).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping

from django.conf import settings
from django.db.models import BooleanField, Case, DateField, ExpressionWrapper, Q, Sum, Value, When
from django.db.models.functions import Cast, TruncWeek
from django.urls import reverse

from notifications.models import Notification
from notifications.notify import Reminder, resolve
from services import ledger
from services.backlog_queries import Outlook, outlooks_for, plan_url
from services.ledger_queries import RequirementLedger, ledgers_for, policy
from services.models import ServiceRequirement, ServiceSession
from students.calendar import SchoolDays, figures_through, week_start
from students.models import IEP, School
from students.reminders import school_admins_by_school
from students.school_days import school_days_for

BEHIND_PREFIX = "minutes-behind"
OWED_PREFIX = "minutes-owed"


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def log_url(requirement: ServiceRequirement) -> str:
    """The log-a-session form with this student's service chosen."""
    return f"{reverse('services:log')}?requirement={requirement.pk}"


def weeks_behind(
    service: ledger.Service, days: SchoolDays, by_week: Mapping[dt.date, Mapping[str, int]],
    today: dt.date, rules: ledger.Policy, limit: int,
) -> int:
    """Consecutive completed weeks before today's, newest first, that ended behind pace
    (counting at most `limit`). `by_week` maps each Monday to the minutes logged that week
    by status."""
    count = 0
    sunday = week_start(today) - dt.timedelta(days=1)
    while count < limit and sunday >= service.start:
        upto: dict[str, int] = defaultdict(int)
        for monday, minutes in by_week.items():
            if monday <= sunday:
                for status, total in minutes.items():
                    upto[status] += total
        if ledger.ledger(service, days, upto, sunday, rules).pace != ledger.BEHIND:
            break
        count += 1
        sunday -= dt.timedelta(days=7)
    return count


def catch_up_by(days: SchoolDays, today: dt.date) -> str:
    """The last school day of today's week, as a weekday name ("Friday"), or "early next week"
    when none is left (a weekend sweep)."""
    left = days.days(today, week_start(today) + dt.timedelta(days=6))
    return f"{left[-1]:%A}" if left else "early next week"


def minutes_sweep(today: dt.date) -> list[Reminder]:
    """Minutes behind pace and minutes owed, for every service on an active IEP.

    Queries (12, however many services or sessions): the services with IEP, student and
    provider (1), their calendars and closures (2) and minutes by status (1) — ledgers_for —;
    the calendars and closures again for the weekly history (2); minutes by service, status,
    week and age (1); the school administrators (1); sessions held this week and planned
    makeups (3) — outlooks_for; the names of the schools whose administrators hear of lines
    behind for weeks (1, when any).
    """
    through = figures_through(today)  # the same cut-off as every page: today is in progress
    ledgers = ledgers_for(
        ServiceRequirement.objects.regular_year().filter(
            iep__status=IEP.Status.ACTIVE, iep__student__active=True, start_date__lte=today,
        ),
        through,
    )
    if not ledgers:
        return []
    days = school_days_for({entry.requirement.iep.student.school_id for entry in ledgers.values()})
    owed_cutoff = today - dt.timedelta(days=settings.IEP_MINUTES_OWED_AFTER_DAYS)
    by_week: dict[int, dict[dt.date, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    owed_early: dict[int, int] = defaultdict(int)
    rules = policy()
    # weeks_behind looks back IEP_MINUTES_BEHIND_ADMIN_WEEKS weeks at most, and every week
    # before those counts in all of its sums alike: they are summed as one week, the one
    # before the oldest it looks at (a few rows a line instead of one a week since September).
    oldest = week_start(today) - dt.timedelta(days=7 * settings.IEP_MINUTES_BEHIND_ADMIN_WEEKS)
    week_of = Case(When(date__lt=oldest, then=Value(oldest - dt.timedelta(days=7))),
                default=Cast(TruncWeek("date"), DateField()), output_field=DateField())
    for requirement_id, status, monday, early, total in (
        ServiceSession.objects.counted()
        .filter(requirement__in=list(ledgers), date__lte=through)
        .annotate(week=week_of,
                  early=ExpressionWrapper(Q(date__lte=owed_cutoff), output_field=BooleanField()))
        .values_list("requirement_id", "status", "week", "early")
        .annotate(total=Sum("minutes"))
        .order_by()
    ):
        week = by_week[requirement_id][monday]
        week[status] = week.get(status, 0) + total
        if early and status in rules.owed_statuses:
            owed_early[requirement_id] += total
    admins = school_admins_by_school()
    outlooks = outlooks_for(ledgers, today, days=days)
    period = iso_week(today)
    reminders: list[Reminder] = []
    escalated: dict[int, list[RequirementLedger]] = defaultdict(list)  # school -> lines
    for pk, entry in ledgers.items():
        requirement, found = entry.requirement, entry.ledger
        school_days = days[requirement.iep.student.school_id]
        service = requirement.as_service()
        if found.pace == ledger.BEHIND and service.end >= today:
            weeks = weeks_behind(service, school_days, by_week[pk], today, rules,
                                 settings.IEP_MINUTES_BEHIND_ADMIN_WEEKS)
            reminders += _behind(entry, outlooks[pk], weeks, catch_up_by(school_days, today), period)
            if weeks >= settings.IEP_MINUTES_BEHIND_ADMIN_WEEKS:
                escalated[requirement.iep.student.school_id].append(entry)
        # Makeups cover the oldest misses first: what is still owed from before the cutoff.
        old_owed = max(0, owed_early[pk] - found.made_up)
        if old_owed:
            reminders += _owed(requirement, outlooks[pk], owed_cutoff, period)
    names = dict(School.objects.filter(pk__in=list(escalated)).values_list("pk", "name")) if escalated else {}
    for school_id, entries in escalated.items():
        reminders += _behind_at_school(names.get(school_id, ""), school_id, entries, period,
                                       admins.get(school_id, []))
    return reminders


def _behind_at_school(school: str, school_id: int, entries: list[RequirementLedger], period: str,
                      admin_ids: list[int]) -> list[Reminder]:
    """The administrators' reminder: how many lines of their school have been behind pace
    for IEP_MINUTES_BEHIND_ADMIN_WEEKS weeks or more, linking to the fidelity drill-down's
    service lines behind for that school (reached by its URL name, never imported)."""
    n, weeks = len(entries), settings.IEP_MINUTES_BEHIND_ADMIN_WEEKS
    title = (f"{n} service line{'s' if n != 1 else ''} at {school} "
             f"{'has' if n == 1 else 'have'} been behind pace {weeks} weeks or more")
    short = sorted(entries, key=lambda e: -e.ledger.shortfall)
    body = "; ".join(f"{e.requirement.iep.student}, {e.requirement.area.lower()}: {e.ledger.shortfall} "
                     f"min short ({e.requirement.provider or 'no provider'})" for e in short[:10])
    url = f"{reverse('fidelity:students')}?dim=school&id={school_id}&metric=behind&period=4weeks"
    return [Reminder(admin_id, Notification.Kind.MINUTES_BEHIND,
                     f"{BEHIND_PREFIX}:school:{school_id}:{period}:{admin_id}", title, url,
                     body=body + ("; and more." if n > 10 else "."))
            for admin_id in admin_ids]


def settle(requirement_ids: list[int], today: dt.date) -> int:
    """Resolve open minutes reminders of these services that the log now settles: behind
    ones once the service is back on pace, owed ones once nothing is owed. Returns how many.

    A reminder clears the moment the work is logged: a line settles when it is not behind
    through yesterday (the cut-off every page shows) or not behind counting today's sessions
    too (today's catch-up session, which the pages count from tomorrow).

    Queries: ledgers_for twice (4 + 3), then one update per settled service and kind.
    """
    resolved = 0
    rows = list(ServiceRequirement.objects.regular_year().filter(pk__in=requirement_ids)
                .select_related("iep", "iep__student", "provider"))
    with_today = ledgers_for(rows, today)
    for pk, entry in ledgers_for(rows, figures_through(today)).items():
        if not entry.ledger.behind or not with_today[pk].ledger.behind:
            resolved += resolve(kind=Notification.Kind.MINUTES_BEHIND, key_prefix=f"{BEHIND_PREFIX}:{pk}:")
        if not entry.ledger.owed or not with_today[pk].ledger.owed:
            resolved += resolve(kind=Notification.Kind.MINUTES_OWED, key_prefix=f"{OWED_PREFIX}:{pk}:")
    return resolved


def _behind(entry: RequirementLedger, outlook: Outlook, weeks: int, by: str, period: str) -> list[Reminder]:
    requirement, found = entry.requirement, entry.ledger
    student = requirement.iep.student
    area = requirement.area.lower()
    # This week's pace and the owed backlog, apart: never one number of minutes "to catch up".
    week = outlook.week_text + (f", by {by}" if outlook.week.left else "")
    title = f"{student}: {area} minutes behind pace ({found.shortfall} min short) — {week}"
    url = log_url(requirement)
    recipients = [(requirement.provider_id, url)]
    escalated = (f"{student}: {area} minutes behind pace {weeks} weeks running ({found.shortfall} min "
                 f"short) — {requirement.provider}, {week}")
    if weeks >= settings.IEP_MINUTES_BEHIND_CASE_MANAGER_WEEKS:
        recipients.append((requirement.iep.case_manager_id, url))
    seen: set[int] = set()
    reminders = []
    for user_id, link in recipients:
        if user_id in seen:
            continue  # the case manager who provides the service hears once
        seen.add(user_id)
        reminders.append(Reminder(
            user_id, Notification.Kind.MINUTES_BEHIND,
            f"{BEHIND_PREFIX}:{requirement.pk}:{period}:{user_id}",
            title if user_id == requirement.provider_id else escalated, link,
            body=(f"Expected so far: {found.expected} minutes; delivered: {found.delivered}. "
                  f"{outlook.week_text[0].upper()}{outlook.week_text[1:]}; {outlook.owed_text}."),
            student_id=student.pk,
        ))
    return reminders


def _owed(requirement: ServiceRequirement, outlook: Outlook, cutoff: dt.date, period: str) -> list[Reminder]:
    student = requirement.iep.student
    title = f"{student}, {requirement.area.lower()}: {outlook.owed_text} — plan the makeups"
    body = (f"Sessions the school missed before {cutoff:%b %-d} are not made up yet. Plan each "
            f"makeup with a target date, then log it as a makeup session; {outlook.week_text}.")
    url = plan_url(requirement.pk) or log_url(requirement)
    return [
        Reminder(user_id, Notification.Kind.MINUTES_OWED,
                 f"{OWED_PREFIX}:{requirement.pk}:{period}:{user_id}", title, url, body=body,
                 student_id=student.pk)
        for user_id in dict.fromkeys([requirement.provider_id, requirement.iep.case_manager_id])
    ]
