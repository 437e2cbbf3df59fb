"""Benchmark district: 2-4 goals per IEP, about 20 data points each (some goals gone quiet),
open data requests to gen-ed teachers, and last period's progress reports for most goals.

Values follow the demo's patterns (rising, flat, on the aimline, falling) so every decision
rule fires somewhere, and case managers answer most firings with a decision as in the demo.
Goals and decisions are bulk-created; collectors, data points, requests and reports are
COPYed (about 300k data points at N=5,000).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from progress import periods as p
from progress.demo import (
    LATE_REASON,
    PATTERN_ORDER,
    SPEECH_AREAS,
    TEMPLATES,
    _answer_fired_rules,
    _value,
    _weekday,
    recorded_at,
)
from progress.models import DataPoint, DataRequest, Goal, GoalCollector, ProgressReport
from progress.reports import data_summary
from students.district_seed import District, copy_rows
from students.models import TeamMember

WEEKS_BACK = 24


def generate(d: District) -> None:
    rng = d.rng
    now = timezone.now()
    calendar = next(iter(d.calendars.values()))
    year = p.periods(calendar.start_date, calendar.end_date, 4)
    current = p.current(year, d.today)
    last_period = year[current.number - 2] if current.number > 1 else None

    goals: list[Goal] = []
    patterns: list[str] = []
    providers_of = {
        iep: [u for u, role in team if role == TeamMember.Role.PROVIDER] for iep, team in d.team.items()
    }
    for i, (iep_id, _, _, start, end) in enumerate(d.ieps):
        # A speech goal only where a related-service provider (the SLP) is on the team.
        choices = [t for t in TEMPLATES if providers_of.get(iep_id) or t[0] not in SPEECH_AREAS]
        for j in range(rng.randint(2, 4)):
            area, text, measure, unit, base, target, pattern = choices[(i + j) % len(choices)]
            if pattern != "falling":
                pattern = PATTERN_ORDER[rng.randrange(3)]
            goals.append(
                Goal(
                    iep_id=iep_id,
                    area=area,
                    annual_goal=text.format(name="The student"),
                    measure=measure,
                    unit=unit,
                    rubric_max=4 if measure == "rubric" else None,
                    baseline_value=Decimal(base),
                    baseline_date=start,
                    target_value=Decimal(target),
                    target_date=end,
                    collection_interval_days=14,
                )
            )
            patterns.append(pattern)
    Goal.objects.bulk_create(goals, batch_size=5000)
    d.count("goals", len(goals))

    case_manager_of = {iep: cm for iep, _, cm, _, _ in d.ieps}
    collectors: list[tuple[int, int]] = []
    people_of: dict[int, list[int]] = {}
    for goal in goals:
        # Believable collectors: the SLP alone on speech goals; the case manager and the
        # student's classroom teachers on the others.
        if goal.area in SPEECH_AREAS:
            people = providers_of[goal.iep_id][:1]
        else:
            teachers = [
                u for u, role in d.team.get(goal.iep_id, []) if role == TeamMember.Role.GEN_ED_TEACHER
            ]
            people = list(dict.fromkeys([case_manager_of[goal.iep_id], *teachers]))
        people_of[goal.pk] = people
        collectors.extend((goal.pk, u) for u in people)
    copy_rows(GoalCollector, ["goal_id", "user_id"], collectors)

    points: list[list] = []
    by_goal: dict[int, list[SimpleNamespace]] = {}
    for n, (goal, pattern) in enumerate(zip(goals, patterns, strict=True)):
        people = people_of[goal.pk]
        baseline, goal_target = float(goal.baseline_value), float(goal.target_value)
        span = (goal.target_date - goal.baseline_date).days
        first = max(goal.baseline_date + dt.timedelta(days=3), d.today - dt.timedelta(weeks=WEEKS_BACK))
        stop = d.today - dt.timedelta(days=22 if n % 7 == 3 else 2)  # every seventh goal is stale
        day, k = first, 0
        top = 100.0 if goal.measure in ("percent", "trials") else (4.0 if goal.rubric_max else 1e6)
        while day <= stop:
            when = _weekday(day)
            aim = baseline + (goal_target - baseline) * (when - goal.baseline_date).days / span
            raw = _value(pattern, k, aim, baseline, goal_target >= baseline, rng)
            value = round(min(max(raw, 0.0), top), 1)
            correct = total = None
            if goal.measure == "trials":
                total, correct = 10, round(value / 10)
                value = correct * 10.0
            if goal.measure == "rubric":
                value = float(round(value))
            who = people[0] if k % 2 == 0 or len(people) == 1 else rng.choice(people[1:])
            setting = "special_ed" if who == people[0] else "gen_ed"
            # About one point in two hundred was entered two weeks late, with its reason.
            late = len(points) % 197 == 5 and when <= d.today - dt.timedelta(days=14)
            at = recorded_at(when + dt.timedelta(days=14) if late else when, k)
            points.append(
                [
                    goal.pk,
                    when,
                    Decimal(str(value)),
                    correct,
                    total,
                    setting,
                    who,
                    "Weekly probe" if k % 4 == 0 else "",
                    at,
                    who,
                    late,
                    LATE_REASON if late else "",
                    "not_needed",
                    "",
                ]
            )
            by_goal.setdefault(goal.pk, []).append(SimpleNamespace(date=when, value=Decimal(str(value))))
            day += dt.timedelta(days=rng.choice((4, 7, 7, 10)))
            k += 1
    n_points = copy_rows(
        DataPoint,
        [
            "goal_id",
            "date",
            "value",
            "correct",
            "total",
            "setting",
            "collected_by_id",
            "note",
            "recorded_at",
            "recorded_by_id",
            "late",
            "late_reason",
            "approval",
            "decision_note",
        ],
        points,
    )
    d.count("data points", n_points)

    # Case managers answer the decision rule as the demo's do: most firings get a decision
    # within a few school days, every fifth goal's latest one is still open.
    counted = [
        DataPoint(goal_id=row[0], date=row[1], value=row[2], correct=row[3], total=row[4], approval=row[12])
        for row in points
    ]
    d.count("goal decisions", _answer_fired_rules(goals, counted, d.today, case_manager_of))

    requests = []
    for n, goal in enumerate(goals):
        teachers = [u for u, role in d.team.get(goal.iep_id, []) if role == TeamMember.Role.GEN_ED_TEACHER]
        if n % 11 == 0 and teachers:
            requests.append(
                (
                    goal.pk,
                    teachers[0],
                    case_manager_of[goal.iep_id],
                    d.today + dt.timedelta(days=rng.randint(-5, 10)),
                    "",
                    "open",
                    now,
                    None,
                )
            )
    copy_rows(
        DataRequest,
        [
            "goal_id",
            "teacher_id",
            "requested_by_id",
            "due_on",
            "message",
            "status",
            "created_at",
            "closed_at",
        ],
        requests,
    )
    d.count("data requests", len(requests))

    reports = []
    if last_period is not None:
        for n, goal in enumerate(goals):
            if goal.baseline_date > last_period.end or n % 5 == 4:
                continue  # not begun by then, or not written yet
            mine = by_goal.get(goal.pk, [])
            analysis = goal.analyse(mine, [], until=last_period.end)  # type: ignore[arg-type]
            sent = n % 3 != 2
            reports.append(
                (
                    goal.pk,
                    last_period.number,
                    last_period.start,
                    last_period.end,
                    analysis.suggested_code,
                    analysis.suggested_code,
                    "Practised this skill in small-group lessons three times a week.",
                    json.dumps(data_summary(goal, mine, last_period, analysis)),  # type: ignore[arg-type]
                    case_manager_of[goal.iep_id],
                    now,
                    min(last_period.end + dt.timedelta(days=5), d.today) if sent else None,
                    "paper" if sent else "",
                    "en" if sent else "",
                    "[]",  # sent in English: nothing left untranslated
                )
            )
    copy_rows(
        ProgressReport,
        [
            "goal_id",
            "period_number",
            "period_start",
            "period_end",
            "code",
            "suggested_code",
            "narrative",
            "data_summary",
            "written_by_id",
            "updated_at",
            "sent_on",
            "sent_how",
            "sent_language",
            "sent_untranslated",
        ],
        reports,
    )
    d.count("progress reports", len(reports))
    d.progress(
        f"{len(goals)} goals, {n_points} data points, {len(requests)} requests, "
        f"{len(reports)} progress reports"
    )
