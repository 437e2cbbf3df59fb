"""Demo behavior intervention plan: Mateo Davis (grade 7, an IEP for emotional disturbance, in
Gina Patel's Math 7) calls out in class. The team's FBA found the behavior gets adult attention;
the BIP teaches him to raise a hand or use a "parking lot" card, with three strategies his
teachers check off in every class. About six weeks (30 school days) of tallies by his teachers
and case manager fall from about 13 call-outs a day toward the goal of 4, with a few ABC notes.
Loaded after accommodations.demo, on the same world (his classes' check-offs of the strategies
keep each teacher's rate from there).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from accommodations.demo import KEEPS_UP, _check
from accommodations.models import ImplementationCheck, Support
from accommodations.rates import calendar_value
from behavior_plans.actions import Target, bip_strategy_add, bip_write, fba_record
from behavior_plans.models import (
    BehaviorPlan,
    BehaviorRecord,
    Function,
    FunctionalAssessment,
    Incident,
    PlanStrategy,
    TargetBehavior,
)
from students.demo import DemoWorld
from students.models import Enrollment

STUDENT_INDEX = 7  # Mateo Davis: students.demo._reporting gives him emotional disturbance
HISTORY_DAYS = 30

CALLING_OUT = Target(
    name="Calling out",
    definition=(
        "Speaking to the teacher or the class without raising a hand and being called on, loud "
        "enough to be heard three or more desks away, during whole-class teaching or independent "
        "work. Each comment counts once; talk that goes on after a pause of less than 5 seconds is "
        "the same comment. Not calling out: answering when the whole class is asked to answer "
        "together, or talking with a partner during partner work."
    ),
    measure=TargetBehavior.Measure.FREQUENCY, baseline=Decimal(14), goal=Decimal(4),
)
FUNCTION_NOTE = (
    "Eight observations over two weeks (ABC and scatterplot): call-outs cluster in the first 10 minutes "
    "of independent work and when the teacher works with another group. Almost every call-out was "
    "followed by the teacher answering, redirecting or a peer laughing within seconds; on days with "
    "frequent teacher check-ins there were about half as many. No pattern with difficult tasks."
)
REPLACEMENT = (
    "Raise a hand, or write the comment on the parking-lot card on his desk, and wait for the teacher; "
    "the teacher acknowledges a raised hand within about a minute and reads the card at the end of "
    "the activity."
)
CRISIS = (
    "Calling out is not a safety concern. If Mateo leaves the room upset, the teacher calls the front "
    "office; Ms. Morgan or the counselor walks with him to the counseling office and the teacher "
    "notes what happened (ABC note) before the end of the day."
)
STRATEGIES = [
    (PlanStrategy.Part.PREVENTION, "Check in with Mateo in the first two minutes of independent work",
     "Walk to his desk, look at his first answer, and tell him when you will be back."),
    (PlanStrategy.Part.TEACHING, "Prompt the raised hand and the parking-lot card",
     "Point to the card before independent work; praise the first raised hand of the class by name."),
    (PlanStrategy.Part.RESPONSE, "Answer raised hands quickly; do not answer a call-out",
     "Answer a raised hand within about a minute. After a call-out, point to the card without "
     "talking, then praise the next raised hand."),
]
INCIDENTS = [
    ("Independent practice began; teacher at the back table with a small group",
     "Called out \"I'm done, what now?\" four times in about five minutes",
     "Teacher answered each time from the back table"),
    ("Teacher handed back graded quizzes", "Called out his score and asked about other students' scores",
     "Two classmates laughed; teacher redirected him by name"),
    ("Substitute teacher; no parking-lot card on the desk",
     "Called out questions about the assignment through the lesson",
     "Substitute answered each question; sent a note to Ms. Morgan"),
    ("Teacher checked in at the start of independent work", "Raised his hand and waited about 40 seconds",
     "Teacher came over and praised the raised hand; no call-outs for the rest of the period"),
]


def load(world: DemoWorld) -> None:
    iep = world.ieps[STUDENT_INDEX]
    rng = world.rng
    manager, teacher = world.users["case_manager"], world.users["gen_ed_teacher"]
    school_days = sorted(calendar_value(world.calendar).previous_days(world.today, HISTORY_DAYS))
    if not school_days or iep.start_date > school_days[0]:
        return
    start = school_days[0]
    assessment = fba_record(
        plan=iep, by=manager, conducted_on=start - dt.timedelta(days=10),
        conducted_by=[manager, teacher, world.users["coordinator_504"]], function=Function.ATTENTION,
        function_note=FUNCTION_NOTE, targets=[CALLING_OUT])
    bip = bip_write(assessment=assessment, by=manager, replacement_behavior=REPLACEMENT, crisis_steps=CRISIS,
                    start_date=start, review_date=min(start + dt.timedelta(days=90), iep.end_date))
    supports = [bip_strategy_add(behavior_plan=bip, part=part, text=text, how_to=how_to, by=manager).support
                for part, text, how_to in STRATEGIES]
    # Recorded when the FBA was done and the BIP written, not when the demo loads.
    written = timezone.make_aware(dt.datetime.combine(start - dt.timedelta(days=3), dt.time(15, 40)))
    fba_done = timezone.make_aware(dt.datetime.combine(assessment.conducted_on, dt.time(16, 5)))
    FunctionalAssessment.objects.filter(pk=assessment.pk).update(recorded_at=fba_done)
    TargetBehavior.objects.filter(assessment=assessment).update(recorded_at=fba_done)
    BehaviorPlan.objects.filter(pk=bip.pk).update(recorded_at=written)
    PlanStrategy.objects.filter(behavior_plan=bip).update(recorded_at=written)
    Support.objects.filter(pk__in=[s.pk for s in supports]).update(created_at=written, changed_at=written)
    target = TargetBehavior.objects.get(assessment=assessment)
    enrollments = list(Enrollment.objects.filter(student=iep.student).select_related("section__teacher")
                       .order_by("section__period"))
    # The class meetings he missed (accommodations.demo's absences): nothing to count or check.
    away = set(ImplementationCheck.objects.filter(
        student=iep.student, outcome=ImplementationCheck.Outcome.ABSENT,
    ).values_list("section_id", "date"))
    _tallies(world, target, enrollments, school_days, away)
    _checks(world, supports, enrollments, school_days, away)
    incidents = []
    for n, (antecedent, behavior, consequence) in enumerate(INCIDENTS):
        day = school_days[min(len(school_days) - 1, 2 + n * (len(school_days) - 3) // len(INCIDENTS))]
        section = enrollments[n % len(enrollments)].section
        at = dt.time(8 + int(section.period), 20)
        incidents.append(Incident(
            behavior_plan=bip, target=target, date=day, time=at, setting=BehaviorRecord.Setting.GEN_ED,
            antecedent=antecedent, behavior=behavior, consequence=consequence, recorded_by=section.teacher,
            recorded_at=timezone.make_aware(dt.datetime.combine(day, at))
            + dt.timedelta(minutes=50 + rng.randint(0, 30))))
    Incident.objects.bulk_create(incidents)


def _tallies(world: DemoWorld, target: TargetBehavior, enrollments: list[Enrollment],
             school_days: list[dt.date], away: set[tuple[int, dt.date]]) -> None:
    """One +1 per call-out, by the adult in the room: about 13 a day at first, about 5 by now."""
    rng, rows = world.rng, []
    last = max(len(school_days) - 1, 1)
    for k, day in enumerate(school_days):
        present = [e for e in enrollments if (e.section_id, day) not in away]
        if not present:
            continue
        times = max(1, round(13 - 8 * k / last + rng.uniform(-2, 2)))
        for _ in range(times):
            # Mostly in the three general-education classes; now and then in the resource room.
            section = rng.choice(present).section
            assert section.teacher_id is not None  # every demo class has its teacher
            who, setting, hour = section.teacher_id, BehaviorRecord.Setting.GEN_ED, 7 + int(section.period)
            if rng.random() < 0.15:
                who, setting, hour = world.users["case_manager"].pk, BehaviorRecord.Setting.SPECIAL_ED, 12
            at = dt.time(hour, rng.randint(5, 50), rng.randint(0, 59))
            rows.append(BehaviorRecord(
                target=target, date=day, time=at, setting=setting, count=1, recorded_by_id=who,
                recorded_at=timezone.make_aware(dt.datetime.combine(day, at))
                + dt.timedelta(seconds=rng.randint(2, 9))))
    BehaviorRecord.objects.bulk_create(rows)


def _checks(world: DemoWorld, supports: list[Support], enrollments: list[Enrollment],
            school_days: list[dt.date], away: set[tuple[int, dt.date]]) -> None:
    """The strategies' check-offs in his classes, at each teacher's usual rate; on the class
    meetings he was absent from (accommodations.demo), absent."""
    keys = {u.pk: key for key, u in world.users.items()}
    rows: list[ImplementationCheck] = []
    for enrollment in enrollments:
        keeps_up = KEEPS_UP.get(keys.get(enrollment.section.teacher_id or 0, ""), 0.8)
        for support in supports:
            for day in school_days:
                if (enrollment.section_id, day) in away:
                    rows.append(_check(support, enrollment, day, "absent"))
                elif world.rng.random() <= keeps_up:
                    rows.append(_check(support, enrollment, day, "provided"))
    ImplementationCheck.objects.bulk_create(rows)
