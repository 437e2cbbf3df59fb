"""Demo progress data: 2-3 goals per demo IEP with weekly data that rise, stay flat or follow
the aimline, so every decision shows (raise the goal, instructional change, continue); one
reading goal whose flat start led to an instructional change (a phase line) after which the
data rise to the aimline; open data requests to the demo gen-ed teacher, and support reviews
asked of her before the next report (one answered, one waiting); last period's reports, some
sent to families.

Deterministic (world.rng) and bulk-inserted.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from accommodations.models import SupportReview
from accommodations.review_requests import implementers
from progress import periods as p
from progress import trend
from progress.decisions import basis, fired_rules
from progress.models import DataPoint, DataRequest, Goal, GoalCollector, GoalDecision, ProgressReport
from progress.reports import data_summary, next_review_timing
from students.models import TeamMember

if TYPE_CHECKING:
    from iep_portal.models import User

# area, goal text, measure, unit, baseline, target, pattern
TEMPLATES = [
    (
        "Math problem solving",
        "Given a two-step word problem, {name} will solve it correctly in 80% "
        "of probes, across three consecutive probes.",
        "percent",
        "",
        30,
        80,
        "rising",
    ),
    (
        "Reading fluency",
        "Reading a grade-level passage aloud, {name} will read 110 words correct per minute.",
        "count",
        "words correct per minute",
        62,
        110,
        "flat",
    ),
    (
        "Classroom behavior",
        "During independent work, {name} will reduce calling out to 2 or fewer times per class period.",
        "count",
        "call-outs per class",
        10,
        2,
        "on_track",
    ),
    (
        "Written expression",
        "{name} will write a paragraph scoring 3 of 4 on the district writing rubric.",
        "rubric",
        "",
        1,
        3,
        "on_track",
    ),
    (
        "Articulation",
        "{name} will produce /r/ correctly in sentences in 9 of 10 trials.",
        "trials",
        "",
        30,
        90,
        "falling",
    ),
]
PATTERN_ORDER = ["rising", "flat", "on_track"]
SPEECH_AREAS = {"Articulation"}
# Who takes the data on each area's goals, besides the case manager: the teacher of the class
# where the skill shows (demo users' keys). Speech goals are the SLP's alone.
CLASSROOM_COLLECTORS = {
    "Math problem solving": ["gen_ed_teacher"],  # the math teacher
    "Reading fluency": ["gen_ed_teacher_2"],  # the English teacher
    "Written expression": ["gen_ed_teacher_2"],
    "Classroom behavior": ["gen_ed_teacher", "gen_ed_teacher_3"],  # math and science
}
# The late entry the demo shows: a probe taken on paper during a week of state testing.
LATE_REASON = (
    "Probe done on paper during state-testing week; the sheet was in my testing "
    "folder and I entered it when I found it."
)


def recorded_at(day: dt.date, k: int) -> dt.datetime:
    """When a demo data point was entered: the afternoon of the day it was taken, or the
    next morning."""
    if k % 5 == 4:
        return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(7, 40)))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(15, 10 + (k * 7) % 40)))


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _value(pattern: str, k: int, aim: float, baseline: float, increasing: bool, rng: random.Random) -> float:
    if pattern == "rising":  # well ahead of the aimline: raise the goal
        return baseline + (4 if increasing else -4) * (k + 1) + rng.uniform(-1, 1)
    if pattern == "flat":  # stuck at the baseline: instructional change
        return baseline + rng.uniform(-3, 0) * (1 if increasing else -1)
    if pattern == "falling":  # going the wrong way: instructional change
        return baseline - (2 if increasing else -2) * k
    # on track: alternating either side of the aimline: continue
    return aim + (1.5 if k % 2 else -1.5)


def _after_change(m: int, aim: float) -> float:
    """The m-th weekly probe after the instructional change: catching up on the aimline over
    three weeks, then either side of it (the rule reads "continue"; the new phase rises)."""
    return aim + ((-4.0, -1.5, 0.8)[m - 1] if m <= 3 else (1.5 if m % 2 == 0 else -0.8))


def _changed_goal(goals: list[Goal], patterns: list[str], world: Any) -> Goal | None:
    """The goal that gets the instructional change: a flat reading goal of the first case
    manager with a full twelve weeks of data, on an IEP whose last report was written."""
    early = {i.pk for i in world.ieps[:12]}
    first_weeks = world.today - dt.timedelta(weeks=12)
    return next(
        (g for g, pattern in zip(goals, patterns, strict=True)
         if pattern == "flat" and g.area == "Reading fluency" and g.iep_id in early
         and g.iep.case_manager == world.users["case_manager"]
         and g.iep.start_date + dt.timedelta(days=3) <= first_weeks),
        None,
    )


def load(world: Any) -> None:
    rng = world.rng
    users = world.users
    today = world.today
    calendar = world.calendar
    # The school's quarters (schedules.demo), as the reports page reads them.
    grading = tuple(calendar.grading_periods.order_by("start_date").values_list("start_date", "end_date"))
    year = p.school_year_periods(calendar.start_date, calendar.end_date, 4, grading)
    now = p.current(year, today)
    last_period = year[now.number - 2] if now.number > 1 else None

    team: dict[int, list[User]] = {}
    for member in TeamMember.objects.filter(iep__in=world.ieps).exclude(role=TeamMember.Role.OBSERVER):
        team.setdefault(member.iep_id, []).append(member.user)

    goals: list[Goal] = []
    patterns: list[str] = []
    target: float  # a template's number here, the goal's target below
    for i, iep in enumerate(world.ieps):
        count = 3 if i % 3 == 0 else 2
        # A speech goal only where the speech-language pathologist is on the team.
        has_slp = users["provider"] in team.get(iep.pk, [])
        choices = [t for t in TEMPLATES if has_slp or t[0] not in SPEECH_AREAS]
        for j in range(count):
            area, text, measure, unit, base, target, pattern = choices[(i + j) % len(choices)]
            if pattern != "falling":
                pattern = PATTERN_ORDER[(i + j) % 3]
            goals.append(
                Goal(
                    iep=iep,
                    area=area,
                    annual_goal=text.format(name=iep.student.first_name),
                    measure=measure,
                    unit=unit,
                    rubric_max=4 if measure == "rubric" else None,
                    baseline_value=Decimal(base),
                    baseline_date=iep.start_date,
                    target_value=Decimal(target),
                    target_date=iep.end_date,
                    collection_interval_days=14,
                )
            )
            patterns.append(pattern)
    Goal.objects.bulk_create(goals)

    changed = _changed_goal(goals, patterns, world)
    # Its baseline was taken the week school data began (the aimline starts there, not at an
    # IEP written in the spring); the change came four days after the fourth flat probe, when
    # the rule first fired.
    change_on = _weekday(today - dt.timedelta(weeks=12) + dt.timedelta(days=25))
    if changed is not None:
        changed.baseline_date = _weekday(today - dt.timedelta(weeks=12, days=4))
        Goal.objects.filter(pk=changed.pk).update(baseline_date=changed.baseline_date)
    collectors, points = [], []
    late_done = False
    for n, (goal, pattern) in enumerate(zip(goals, patterns, strict=True)):
        iep = goal.iep
        if goal.area in SPEECH_AREAS:
            people = [users["provider"]]
        else:
            people = [iep.case_manager, *(users[key] for key in CLASSROOM_COLLECTORS[goal.area])]
        collectors += [GoalCollector(goal=goal, user=u) for u in dict.fromkeys(people)]
        baseline, target = float(goal.baseline_value), float(goal.target_value)
        span = (goal.target_date - goal.baseline_date).days
        # Weekly data from the IEP's start (at most 12 weeks back); every seventh goal has
        # gone quiet for three weeks, so it shows as stale.
        first = max(iep.start_date + dt.timedelta(days=3), today - dt.timedelta(weeks=12))
        stop = today - dt.timedelta(days=22 if n % 7 == 3 else 2)
        day, k = first, 0
        while day <= stop:
            when = _weekday(day)
            aim = baseline + (target - baseline) * (when - goal.baseline_date).days / span
            value = _value(pattern, k, aim, baseline, target >= baseline, rng)
            if goal is changed and when > change_on:
                value = _after_change(1 + (when - change_on).days // 7, aim)
            top = 100.0 if goal.measure in ("percent", "trials") else (4.0 if goal.rubric_max else 1e6)
            value = round(min(max(value, 0.0), top), 1)
            # Special-education data from the case manager (or the SLP, in the speech room);
            # classroom data from the class's teacher.
            who = people[0] if k % 2 == 0 or len(people) == 1 else people[1 + (k // 2) % (len(people) - 1)]
            setting = "special_ed" if who in (iep.case_manager, users["provider"]) else "gen_ed"
            correct = total = None
            if goal.measure == "trials":
                total = 10
                correct = round(value / 10)
                value = correct * 10.0
            if goal.measure == "rubric":
                value = float(round(value))
            point = DataPoint(
                goal=goal,
                date=when,
                value=Decimal(str(value)),
                correct=correct,
                total=total,
                setting=setting,
                collected_by=who,
                recorded_by=who,
                recorded_at=recorded_at(when, k),
                note="Weekly probe" if k % 4 == 0 else "",
            )
            # One math probe entered two weeks late, with its reason (case manager's caseload).
            if (
                not late_done
                and goal.area == "Math problem solving"
                and who == users["case_manager"]
                and today - dt.timedelta(days=24) <= when <= today - dt.timedelta(days=14)
            ):
                point.recorded_at = recorded_at(when + dt.timedelta(days=14), k)
                point.late, point.late_reason, late_done = True, LATE_REASON, True
            points.append(point)
            day += dt.timedelta(days=7)
            k += 1
    # And one entered more than a month after the fact: it waits for the principal's approval.
    reading = next(
        (
            g
            for g in goals
            if g.area == "Reading fluency"
            and g.iep.case_manager == users["case_manager"]
            and g.iep.start_date <= today - dt.timedelta(days=45)
        ),
        None,
    )
    if reading is not None:
        when = _weekday(today - dt.timedelta(days=45))
        points.append(
            DataPoint(
                goal=reading,
                date=when,
                value=Decimal("64"),
                setting="special_ed",
                collected_by=users["case_manager"],
                recorded_by=users["case_manager"],
                recorded_at=recorded_at(today - dt.timedelta(days=1), 0),
                late=True,
                late_reason="Fluency probe given by the reading interventionist while I was on leave; "
                "her score sheet reached me only this week.",
                approval=DataPoint.Approval.WAITING,
                note="Cold read, grade-level passage",
            )
        )
    GoalCollector.objects.bulk_create(collectors, ignore_conflicts=True)
    DataPoint.objects.bulk_create(points)
    decided: dict[int, list[GoalDecision]] = {}
    if changed is not None:
        decided[changed.pk] = [_change_decision(changed, [pt for pt in points if pt.goal_id == changed.pk],
                                                change_on)]
    _answer_fired_rules([g for g in goals if g is not changed], points, today)

    # Open requests from the first case manager to the demo math teacher on goals she collects
    # for: one overdue.
    asked = [
        g
        for g in goals
        if g.iep.case_manager == users["case_manager"]
        and "gen_ed_teacher" in CLASSROOM_COLLECTORS.get(g.area, [])
    ][:4]
    DataRequest.objects.bulk_create(
        [
            DataRequest(
                goal=g,
                teacher=users["gen_ed_teacher"],
                requested_by=users["case_manager"],
                due_on=today + dt.timedelta(days=(-2, 2, 5, 9)[k]),
                message=("Could you give the unit quiz data?", "", "Two probes this week please.", "")[k],
            )
            for k, g in enumerate(asked)
        ]
    )

    _review_requests(world)

    if last_period is None:
        return
    by_goal: dict[int, list[DataPoint]] = {}
    for point in points:
        if point.counts:
            by_goal.setdefault(point.goal_id, []).append(point)
    reports = []
    for n, goal in enumerate(g for g in goals if g.iep_id in {i.pk for i in world.ieps[:12]}):
        analysis = goal.analyse(by_goal.get(goal.pk, []), decided.get(goal.pk, []), until=last_period.end)
        sent = n % 3 != 2
        reports.append(
            ProgressReport(
                goal=goal,
                period_number=last_period.number,
                period_start=last_period.start,
                period_end=last_period.end,
                code=analysis.suggested_code,
                suggested_code=analysis.suggested_code,
                narrative=f"{goal.iep.student.first_name} practised this skill in small-group lessons "
                "three times a week.",
                data_summary=data_summary(goal, by_goal.get(goal.pk, []), last_period, analysis),
                written_by=goal.iep.case_manager,
                sent_on=min(last_period.end + dt.timedelta(days=5), today) if sent else None,
                sent_how="paper" if sent else "",
                sent_language=goal.iep.student.family_language if sent else "",
            )
        )
    ProgressReport.objects.bulk_create(reports)
    _translations(goals, reports)


# The team's words in Spanish, as a bilingual staff member entered them for the families who
# read Spanish: each goal's area, statement and unit, and the latest narratives.
SPANISH = {
    "Math problem solving": ("Resolución de problemas de matemáticas",
                             "Dado un problema escrito de dos pasos, {name} lo resolverá correctamente en el "
                             "80% de las pruebas, en tres pruebas seguidas."),
    "Reading fluency": ("Fluidez lectora",
                        "Al leer en voz alta un texto de su grado, {name} leerá 110 palabras correctas "
                        "por minuto."),
    "Classroom behavior": ("Conducta en el salón",
                           "Durante el trabajo independiente, {name} reducirá las interrupciones en voz alta "
                           "a 2 o menos por clase."),
    "Written expression": ("Expresión escrita",
                           "{name} escribirá un párrafo con una calificación de 3 de 4 en la rúbrica de "
                           "escritura del distrito."),
    "Articulation": ("Articulación",
                     "{name} pronunciará la /r/ correctamente en oraciones en 9 de 10 intentos."),
}
SPANISH_UNITS = {"words correct per minute": "palabras correctas por minuto",
                 "call-outs per class": "interrupciones por clase"}
SPANISH_NARRATIVE = "{name} practicó esta destreza en lecciones en grupo pequeño tres veces por semana."


def _translations(goals: list[Goal], reports: list[ProgressReport]) -> None:
    """Spanish for the Spanish-reading families' goals and latest narratives, but for one
    narrative left to translate (the report page and the family copy say so)."""
    from progress.models import GoalTranslation, NarrativeTranslation

    rows: list[GoalTranslation] = []
    for goal in goals:
        student = goal.iep.student
        if student.family_language != "es" or goal.area not in SPANISH:
            continue
        area, text = SPANISH[goal.area]
        by = goal.iep.case_manager
        rows += [GoalTranslation(goal=goal, part="area", language="es", text=area, translated_from=goal.area,
                                 entered_by=by),
                 GoalTranslation(goal=goal, part="annual_goal", language="es",
                                 text=text.format(name=student.first_name), translated_from=goal.annual_goal,
                                 entered_by=by)]
        if goal.unit in SPANISH_UNITS:
            rows.append(GoalTranslation(goal=goal, part="unit", language="es", text=SPANISH_UNITS[goal.unit],
                                        translated_from=goal.unit, entered_by=by))
    GoalTranslation.objects.bulk_create(rows)
    spanish = [r for r in reports if r.goal.iep.student.family_language == "es"]
    left = next((r for r in spanish if r.sent_on is None), None)  # waits for its translation
    NarrativeTranslation.objects.bulk_create([
        NarrativeTranslation(report=r, language="es", text=SPANISH_NARRATIVE.format(
            name=r.goal.iep.student.first_name), translated_from=r.narrative, entered_by=r.written_by)
        for r in spanish if r is not left
    ])


# What the case managers decided when the rule fired and they kept the instruction: the
# reasons teams give, by what fired.
CONTINUE_DETAIL = {
    trend.RAISE: "Above the aimline for four probes; keeping the goal and the instruction for "
                 "three more weeks before proposing a higher goal at the next meeting.",
    trend.CHANGE: "Below the aimline after two absences and a substitute week; keeping the "
                  "instruction two more weeks and probing twice a week before changing it.",
}


def _answer_fired_rules(
    goals: list[Goal], points: list[DataPoint], today: dt.date, case_manager_of: dict[int, int] | None = None
) -> int:
    """Fired rules answered within a few school days by a decision to continue (after which
    the rule waits for fresh data, and may fire again: answered again), except every fifth
    goal's latest firing, left for the case manager (a decision due or late). The case
    manager is read from each goal's IEP unless `case_manager_of` (IEP id to user id) gives
    it. Returns how many decisions were made."""
    by_goal: dict[int, list[DataPoint]] = {}
    for point in points:
        if point.counts:
            by_goal.setdefault(point.goal_id, []).append(point)
    made = []
    for n, goal in enumerate(goals):
        mine = by_goal.get(goal.pk, [])
        decisions: list[GoalDecision] = []
        for _round in range(6):
            fires = fired_rules(goal, mine, decisions)
            open_fires = [f for f in fires if f.answered_by is None]
            if not open_fires or (n % 5 == 4 and open_fires[-1] is fires[-1]):
                break
            fire = open_fires[0]
            day = fire.fired_on + dt.timedelta(days=2 + (n + _round) % 3)
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            if fire.lapsed_on is not None:  # decided before the data moved on
                day = min(day, fire.lapsed_on - dt.timedelta(days=1))
            if day >= today:
                break
            decisions.append(GoalDecision(
                goal=goal, kind=GoalDecision.Kind.CONTINUE, decided_on=day,
                detail=CONTINUE_DETAIL.get(fire.kind, CONTINUE_DETAIL[trend.CHANGE]),
                based_on=basis(goal, [pt for pt in mine if pt.date <= day], decisions, day),
                decided_by_id=(
                    case_manager_of[goal.iep_id] if case_manager_of else goal.iep.case_manager_id
                ),
                recorded_at=recorded_at(day, n),
            ))
        made.extend(decisions)
    GoalDecision.objects.bulk_create(made, batch_size=5000)
    return len(made)


def _change_decision(goal: Goal, points: list[DataPoint], day: dt.date) -> GoalDecision:
    """The case manager's instructional change on the flat reading goal, with what the data
    said that day (progress.decisions.basis)."""
    counting = [pt for pt in points if pt.counts]
    return GoalDecision.objects.create(
        goal=goal,
        kind=GoalDecision.Kind.CHANGE,
        decided_on=day,
        changed_intensity=True,
        changed_group=True,
        label="Group of 3, repeated reading",
        detail="Four flat probes: moved from the group of six to a group of three, with repeated "
        "reading of the same passage four days a week.",
        consulted="Reading specialist; Mr. Bell (English); the family, by phone",
        based_on=basis(goal, counting, [], day),
        decided_by=goal.iep.case_manager,
        recorded_at=recorded_at(day, 1),
    )


def _review_requests(world: Any) -> None:
    """Support reviews asked by the first case manager of the demo math teacher, due five
    school days before the next progress report: one student's first support already
    answered (a review that says the student mostly uses it with a reminder), the next one
    waiting on her My day. Nothing when the demo has no supports (progress alone)."""
    users = world.users
    teacher, manager, today = users["gen_ed_teacher"], users["case_manager"], world.today
    for iep in world.ieps:
        if iep.case_manager != manager:
            continue
        mine = next((supports for person, supports in implementers(iep, today) if person == teacher), [])
        # Not the supports whose trend the demo already tells (faded; teachers disagree).
        reviewed = set(SupportReview.objects.filter(support__in=mine).values_list("support_id", flat=True))
        mine = [s for s in mine if s.pk not in reviewed]
        timing = next_review_timing(iep, today, 5)
        if len(mine) < 2 or timing is None:
            continue
        answered_at = timezone.now() - dt.timedelta(days=2, hours=3)
        review = SupportReview.objects.create(
            support=mine[0], reviewer=teacher, used=SupportReview.Use.MOSTLY,
            prompting=SupportReview.Prompting.GESTURAL, adjustment=SupportReview.Adjustment.KEEP,
            comment="Uses it on unit tests; still needs a nod to start on classwork.", created_at=answered_at,
        )
        message = "Before the progress report, please tell me how these are going in Math."
        done = DataRequest.objects.create(
            support=mine[0], teacher=teacher, requested_by=manager, due_on=timing.review_due_on,
            message=message, status=DataRequest.Status.ANSWERED, closed_at=answered_at, review=review,
        )
        waiting = DataRequest.objects.create(
            support=mine[1], teacher=teacher, requested_by=manager, due_on=timing.review_due_on,
            message=message,
        )
        asked_at = answered_at - dt.timedelta(days=3)
        DataRequest.objects.filter(pk__in=[done.pk, waiting.pk]).update(created_at=asked_at)
        return
