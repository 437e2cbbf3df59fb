"""goals.csv of the IEP data template (docs/iep-import.md): import and export.

Each row becomes a Goal under the same rules as the goal page (`Goal.full_clean`: values that
fit the measure, a target date after the baseline; and, as in `progress.actions`, data
collectors must be the case manager, a team member who is not view-only, or one of the
student's teachers). A row those rules refuse is skipped and reported on its line.

A goal with several collectors is written as one row per collector; rows with the same IEP,
area and goal text are one goal. Rows are matched on those three, never deleted, and a
collector is never removed by an import: re-importing the same file changes nothing.
`baseline_date` defaults to the IEP's start. Only goals still being worked on are exported;
the template has no column for a rubric's highest level, a unit, objectives or the collection
interval, so rubric goals cannot be imported yet and the rest take their defaults.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from progress.models import Goal, GoalCollector, eligible_collectors
from rostering.iep_import import IEPRow, register_iep_file

FIELDS = ("measure", "baseline_value", "baseline_date", "target_value", "target_date")
COLUMNS = {"area": "area", "annual_goal": "goal_text", "measure": "measure",
           "baseline_value": "baseline", "baseline_date": "baseline_date", "target_value": "target",
           "target_date": "target_date", "rubric_max": "measure"}


def apply_goals(rows: list[IEPRow]) -> dict[str, int]:
    """Add or update one Goal per distinct (IEP, area, text), with its collectors.

    Queries: the IEPs' goals (1), their collectors (1), who may collect (1 per IEP), then per
    goal the model's checks and its save, and one insert of new collectors.
    """
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    goals = {(g.iep_id, g.area, g.annual_goal): g
             for g in Goal.objects.filter(iep__in={row.iep for row in rows})}
    collecting = set(GoalCollector.objects.filter(goal__in=list(goals.values()))
                     .values_list("goal_id", "user_id"))
    allowed: dict[int, set[int]] = {}
    seen: dict[tuple[int, str, str], int] = {}  # key -> first line in this file
    touched: dict[int, str] = {}  # goal pk -> "added" / "updated" / "unchanged"
    new_collectors: list[GoalCollector] = []
    today = timezone.localdate()
    for row in rows:
        iep, v = row.iep, row.values
        assert iep is not None
        key = (iep.pk, v["area"], v["goal_text"])
        wanted = {"measure": v["measure"], "baseline_value": Decimal(v["baseline"]),
                  "baseline_date": v["baseline_date"] or iep.start_date,
                  "target_value": Decimal(v["target"]), "target_date": v["target_date"]}
        collector = v["collected_by_email"] or iep.case_manager
        if iep.pk not in allowed:
            allowed[iep.pk] = set(eligible_collectors(iep, today).values_list("pk", flat=True))
        if collector.pk not in allowed[iep.pk]:
            row.problems.append(("collected_by_email", f"{collector} cannot collect data for this "
                                 "student: only the case manager, team members and the student's "
                                 "teachers can. Add them to the team first."))
            continue
        goal = goals.get(key)
        if key in seen:
            if goal is None or any(getattr(goal, f) != wanted[f] for f in FIELDS):
                row.problems.append(("goal_text", f"This goal is also on line {seen[key]} with "
                                                  "different numbers; one goal has one set."))
                continue
        elif goal is not None and all(getattr(goal, f) == wanted[f] for f in FIELDS):
            touched[goal.pk] = "unchanged"
        else:
            if v["measure"] == Goal.Measure.RUBRIC:
                row.problems.append(("measure", "A rubric goal needs its highest rubric level, "
                                     "which goals.csv cannot carry yet: add this goal in the portal."))
                continue
            fresh = goal is None
            if goal is None:
                goal = Goal(iep=iep, area=v["area"], annual_goal=v["goal_text"])
            for name, value in wanted.items():
                setattr(goal, name, value)
            try:
                goal.full_clean()
            except ValidationError as exc:
                for name, messages in sorted(exc.message_dict.items()):
                    row.problems.extend((COLUMNS.get(name, ""), m) for m in messages)
                continue
            goal.save()
            goals[key] = goal
            touched[goal.pk] = "added" if fresh else "updated"
        seen.setdefault(key, row.line)
        if (goal.pk, collector.pk) not in collecting:
            collecting.add((goal.pk, collector.pk))
            new_collectors.append(GoalCollector(goal=goal, user=collector))
            if touched[goal.pk] == "unchanged":
                touched[goal.pk] = "updated"
    GoalCollector.objects.bulk_create(new_collectors)
    for outcome in touched.values():
        counts[outcome] += 1
    return counts


def export_goals() -> Iterable[list[str]]:
    """Goals still being worked on, one row per collector, in the template's columns."""
    goals = list(
        Goal.objects.filter(active=True).select_related("iep__student")
        .order_by("iep__student__student_number", "iep__start_date", "area", "pk")
    )
    people: dict[int, list[str]] = {}
    for goal_id, email in (GoalCollector.objects.filter(goal__in=goals)
                           .order_by("user__email").values_list("goal_id", "user__email")):
        people.setdefault(goal_id, []).append(email)

    def rows() -> Iterator[list[str]]:
        for g in goals:
            for email in people.get(g.pk, [""]):
                yield [g.iep.student.student_number, g.iep.start_date.isoformat(), g.area,
                       g.annual_goal, g.measure, _number(g.baseline_value), g.baseline_date.isoformat(),
                       _number(g.target_value), g.target_date.isoformat(), email]

    return rows()


def _number(value: Decimal) -> str:
    """62.00 -> "62", 62.50 -> "62.5": what a person would type."""
    return f"{value.normalize():f}"


def register() -> None:
    register_iep_file("goals.csv", apply=apply_goals, export=export_goals)
