"""Demo supports, check-offs, assessments, acknowledgements and reviews on the demo world.

Deterministic (the world's seeded random generator); history rows go in with bulk_create.
Each teacher keeps up at a different rate, so the case manager's page and the fidelity
dashboard have something to show: mostly checked, some missing, a few "not provided", a few
students absent each week, one late entry with its reason, one waiting for approval and one
corrected outcome with its history.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from accommodations.actions import support_update
from accommodations.models import (
    Acknowledgement,
    Assessment,
    CheckChange,
    ImplementationCheck,
    Support,
    SupportReview,
)
from accommodations.rates import calendar_value
from students.models import IEP, Enrollment, TeamMember

if TYPE_CHECKING:
    from students.demo import DemoWorld

A, M, S = Support.Kind.ACCOMMODATION, Support.Kind.MODIFICATION, Support.Kind.STRATEGY
C = Support.Category
ALL, SUBJ, TESTS = Support.Scope.ALL_CLASSES, Support.Scope.SUBJECTS, Support.Scope.ASSESSMENTS
EVERY, ON_TESTS, AS_NEEDED = (Support.Frequency.EVERY_CLASS, Support.Frequency.ASSESSMENTS,
                              Support.Frequency.AS_NEEDED)

# kind, category, text, how-to, scope, subjects, frequency
CATALOG = [
    (A, C.TIMING, "Extended time (1.5x) on tests and quizzes", "", TESTS, [], ON_TESTS),
    (A, C.PRESENTATION, "Directions read aloud and repeated", "", ALL, [], EVERY),
    (A, C.SETTING, "Preferential seating near instruction", "", ALL, [], EVERY),
    (A, C.RESPONSE, "Speech-to-text for written responses", "", SUBJ, ["English", "Science"], EVERY),
    (A, C.SETTING, "Movement break when restless (2-3 minutes)", "", ALL, [], AS_NEEDED),
    (A, C.PRESENTATION, "Copy of class notes or slides", "", ALL, [], EVERY),
    (A, C.SETTING, "Tests in a small-group room", "", TESTS, [], ON_TESTS),
    (M, C.RESPONSE, "Half the practice problems, same concepts", "", SUBJ, ["Math"], EVERY),
    (M, C.PRESENTATION, "Reading passages at instructional level", "", SUBJ, ["English"], EVERY),
]
STRATEGIES = [
    (S, "", "Four-square writing organizer",
     "Give the organizer before any paragraph; ask for the main idea box first.", SUBJ,
     ["English", "Science"], EVERY),
    (S, "", "Self-monitoring checklist for starting work",
     "Point to the card on the desk; let the student tick each step without comment.", ALL, [], AS_NEEDED),
    (S, "", "Chunk multi-step problems",
     "Cover all but the first step; uncover the next when the student checks in.", SUBJ, ["Math"], EVERY),
]
# How often each teacher keeps up, and how often a check-off says "provided".
KEEPS_UP = {"gen_ed_teacher": 0.93, "gen_ed_teacher_2": 0.78, "gen_ed_teacher_3": 0.6}
HISTORY_DAYS = 50  # instructional days of check-offs before today
ABSENT_RATE = 0.035  # of a student's school days (about 6 days a year)


def load(world: DemoWorld) -> None:
    rng = world.rng
    now = timezone.now()
    today = world.today
    calendar = calendar_value(world.calendar)
    school_days = sorted(calendar.previous_days(today + dt.timedelta(days=1), HISTORY_DAYS))
    teacher_key: dict[int | None, str] = {u.pk: key for key, u in world.users.items()}

    supports: list[Support] = []
    for i, iep in enumerate(world.ieps):
        start = min(iep.start_date, today)
        picks = rng.sample(CATALOG, 3 + i % 2) + rng.sample(STRATEGIES, 1 + (i % 3 == 0))
        for kind, category, text, how_to, scope, subjects, frequency in picks:
            supports.append(Support(
                iep=iep, kind=kind, category=category, text=text, how_to=how_to, scope=scope,
                subjects=subjects, frequency=frequency, start_date=start, created_by=iep.case_manager,
                changed_at=timezone.make_aware(dt.datetime.combine(start, dt.time(9))),
            ))
    supports.extend(_supports_504(world))
    supports = Support.objects.bulk_create(supports)
    by_iep: dict[int, list[Support]] = {}
    for support in supports:
        by_iep.setdefault(support.iep_id, []).append(support)

    # Each class has a quiz or test about once a week, on a different weekday per class.
    assessments = [
        Assessment(section=section, date=day, title="Weekly quiz", recorded_by=section.teacher)
        for n, section in enumerate(world.sections)
        for day in school_days if day.weekday() == n % 5 and day < today
    ]
    Assessment.objects.bulk_create(assessments)
    tested = {(a.section_id, a.date) for a in assessments}

    ieps = {iep.student_id: iep for iep in [*world.ieps, *world.plans_504]}
    # Check-offs are for the students with an IEP or a 504 plan; their classmates have none.
    enrollments = Enrollment.objects.filter(
        section__in=world.sections, student__in=list(ieps)
    ).select_related("section")
    checks: list[ImplementationCheck] = []
    last_day = school_days[-1] if school_days else today
    # Absences: each student misses about one school day in thirty (a few students a week
    # across the caseload, rarely the same one twice in a row), every class of that day.
    away = {(student_id, day) for student_id in sorted(ieps) for day in school_days
            if day < today and rng.random() < ABSENT_RATE}
    for enrollment in enrollments:
        section = enrollment.section
        iep = ieps[enrollment.student_id]
        keeps_up = KEEPS_UP.get(teacher_key.get(section.teacher_id, ""), 0.8)
        for support in by_iep.get(iep.pk, []):
            if not support.applies_to(section.subject):
                continue
            for day in school_days:
                if day < max(support.start_date, enrollment.start_date) or day >= today:
                    continue
                if day == last_day and section.pk == world.sections[0].pk:
                    continue  # the demo teacher still has the latest class day to check
                if (enrollment.student_id, day) in away:
                    checks.append(_check(support, enrollment, day, "absent"))
                    continue
                if support.frequency == AS_NEEDED:
                    if rng.random() < 0.12:
                        checks.append(_check(support, enrollment, day, "provided"))
                    continue
                if support.assessment_only and (section.pk, day) not in tested:
                    continue
                if rng.random() > keeps_up:
                    continue  # missing: nobody checked
                roll = rng.random()
                outcome, note = "provided", ""
                if roll > 0.97:
                    outcome, note = "not_provided", "Substitute teacher did not have the plan."
                elif roll > 0.93:
                    outcome, note = "declined", "Did not want to be singled out."
                elif roll > 0.88:
                    outcome = "not_needed"
                checks.append(_check(support, enrollment, day, outcome, note))
    ImplementationCheck.objects.bulk_create(checks, batch_size=2000)
    _late_and_changed(world, school_days)

    _acknowledgements(world, by_iep, now)
    _reviews(world, by_iep, now)


# What each 504 plan's impairment calls for in class (students.demo.PLANS_504, in order).
SupportRow = tuple[str, str, str, str, str, list[str], str]
SUPPORTS_504: list[list[SupportRow]] = [
    [CATALOG[0], CATALOG[2], CATALOG[4]],  # ADHD: extended time, seating, movement breaks
    [(A, C.SETTING, "Water, snacks and glucose meter at the desk; leaves class for the nurse at any time",
      "", ALL, [], AS_NEEDED),
     (A, C.TIMING, "Retake a test if blood glucose is out of range during it", "", TESTS, [], ON_TESTS)],
    [CATALOG[6], (A, C.TIMING, "Advance notice of tests and schedule changes", "", ALL, [], EVERY),
     CATALOG[4]],  # anxiety
    [(A, C.PRESENTATION, "Audio version of reading assignments and tests", "", ALL, [], EVERY),
     CATALOG[0]],  # dyslexia
    [(A, C.SETTING, "Inhaler carried and used in class; rest after physical activity", "", ALL, [],
      AS_NEEDED)],  # asthma
    [CATALOG[2], CATALOG[5], CATALOG[0]],  # ADHD: seating, notes, extended time
]


def _supports_504(world: DemoWorld) -> list[Support]:
    """The accommodations of the demo's 504 plans: the kind a 504 plan carries."""
    supports = []
    for plan, picks in zip(world.plans_504, SUPPORTS_504, strict=False):
        start = min(plan.start_date, world.today)
        for kind, category, text, how_to, scope, subjects, frequency in picks:
            supports.append(Support(
                iep=plan, kind=kind, category=category, text=text, how_to=how_to, scope=scope,
                subjects=subjects, frequency=frequency, start_date=start, created_by=plan.case_manager,
                changed_at=timezone.make_aware(dt.datetime.combine(start, dt.time(9))),
            ))
    return supports


def _check(support: Support, enrollment: Enrollment, day: dt.date, outcome: str,
           note: str = "") -> ImplementationCheck:
    # Teachers check off at the end of class: 2:45 PM to 3:25 PM on the day itself.
    at = _at(day, dt.time(14, 45)) + dt.timedelta(minutes=(support.pk + enrollment.section_id) % 40)
    return ImplementationCheck(
        support=support, student_id=enrollment.student_id, section=enrollment.section, date=day,
        teacher=enrollment.section.teacher, outcome=outcome, note=note, recorded_at=at,
    )


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _late_and_changed(world: DemoWorld, school_days: list[dt.date]) -> None:
    """The records a hearing officer asks about: one check-off entered late with its reason,
    one entered past the approval window (waiting for the principal), and one outcome a
    teacher corrected the next morning, with the earlier outcome kept."""
    today = world.today
    teacher, teacher_2 = world.users["gen_ed_teacher"], world.users["gen_ed_teacher_2"]
    provided = ImplementationCheck.objects.filter(outcome="provided").order_by("pk")
    if len(school_days) > 10:
        late = provided.filter(teacher=teacher, date=school_days[-9]).first()
        if late is not None:  # class day eight school days ago, entered two days ago
            late.recorded_at = _at(today - dt.timedelta(days=2), dt.time(16, 10))
            late.late = True
            late.late_reason = "Was out with the flu; entered from my plan book and the sub's notes."
            late.save(update_fields=["recorded_at", "late", "late_reason"])
    old_days = [d for d in school_days if (today - d).days > settings.EVIDENCE_APPROVAL_AFTER_DAYS + 3]
    if old_days:
        waiting = provided.filter(teacher=world.users["gen_ed_teacher_3"], date=old_days[-1]).first()
        if waiting is not None:
            waiting.recorded_at = _at(today - dt.timedelta(days=1), dt.time(15, 40))
            waiting.late = True
            waiting.late_reason = "Found the paper check-off sheet in the substitute folder."
            waiting.approval = ImplementationCheck.Approval.WAITING
            waiting.save(update_fields=["recorded_at", "late", "late_reason", "approval"])
    if len(school_days) > 4:
        day = school_days[-4]
        changed = provided.filter(teacher=teacher_2, date=day).first()
        if changed is not None:
            was = changed.recorded_at
            changed.outcome = ImplementationCheck.Outcome.NOT_PROVIDED
            changed.note = "Checked it too fast: the substitute did not give the extended time."
            changed.recorded_at = _at(day + dt.timedelta(days=1), dt.time(7, 50))
            changed.save(update_fields=["outcome", "note", "recorded_at"])
            CheckChange.objects.create(check_off=changed, outcome="provided", recorded_by=teacher_2,
                                       recorded_at=was, changed_by=teacher_2,
                                       changed_at=changed.recorded_at)


def _acknowledgements(world: DemoWorld, by_iep: dict[int, list[Support]], now: dt.datetime) -> None:
    """Most people acknowledged; a few never did, and a few IEPs changed since."""
    users = world.users
    rows: list[Acknowledgement] = []
    members = TeamMember.objects.filter(iep__in=world.ieps).exclude(role=TeamMember.Role.OBSERVER)
    position = {iep.pk: index for index, iep in enumerate(world.ieps)}
    for member in members:
        index = position[member.iep_id]
        if member.user_id == users["gen_ed_teacher"].pk and index % 9 == 4:
            continue  # has not read this one yet
        rows.append(Acknowledgement(iep_id=member.iep_id, user_id=member.user_id, acknowledged_at=now))
    for index, iep in enumerate(world.ieps):
        for key in ("gen_ed_teacher_2", "gen_ed_teacher_3"):
            if key == "gen_ed_teacher_3" and index % 10 == 7:
                continue
            rows.append(Acknowledgement(
                iep=iep, user=users[key],
                acknowledged_at=timezone.make_aware(dt.datetime.combine(
                    min(max(iep.start_date, world.calendar.start_date) + dt.timedelta(days=3), world.today),
                    dt.time(7, 30))),
            ))
    # The teachers read the 504 plans in the first week; Gina Patel has not read the newest one.
    for index, plan in enumerate(world.plans_504):
        for key in ("gen_ed_teacher", "gen_ed_teacher_2", "gen_ed_teacher_3"):
            if key == "gen_ed_teacher" and index == len(world.plans_504) - 1:
                continue
            read_on = min(max(plan.start_date, world.calendar.start_date) + dt.timedelta(days=4), world.today)
            rows.append(Acknowledgement(iep=plan, user=users[key], acknowledged_at=timezone.make_aware(
                dt.datetime.combine(read_on, dt.time(7, 40)))))
    Acknowledgement.objects.bulk_create(rows)
    # A few IEPs had a support changed after the teachers read them: they are asked again.
    for index, iep in enumerate(world.ieps):
        if index % 6 == 1 and by_iep.get(iep.pk):
            support = by_iep[iep.pk][0]
            text = (support.text.replace("1.5x", "2x") if "1.5x" in support.text
                    else f"{support.text}, then check for understanding")
            support_update(support=support, by=iep.case_manager, text=text)


def _reviews(world: DemoWorld, by_iep: dict[int, list[Support]], now: dt.datetime) -> None:
    users = world.users
    samples = [
        (0, "gen_ed_teacher", SupportReview.Rating.NOT_WORKING,
         "Still does not finish; extended time alone is not enough for long tests."),
        (1, "gen_ed_teacher_2", SupportReview.Rating.NOT_USING, "Leaves the organizer blank."),
        (2, "gen_ed_teacher", SupportReview.Rating.WORKING, "Starts work much faster now."),
        (3, "provider", SupportReview.Rating.WORKING, ""),
        (4, "gen_ed_teacher_3", SupportReview.Rating.NOT_SURE, "Only seen it twice."),
        (6, "gen_ed_teacher", SupportReview.Rating.NOT_WORKING, "Seat change did not help focus."),
    ]
    reviews = []
    for n, (index, key, rating, comment) in enumerate(samples):
        iep: IEP = world.ieps[index]
        reviews.append(SupportReview(
            support=by_iep[iep.pk][n % len(by_iep[iep.pk])], reviewer=users[key], rating=rating,
            comment=comment, created_at=now - dt.timedelta(days=2 + n),
        ))
    reviews += _followed_reviews(world, by_iep, now)
    SupportReview.objects.bulk_create(reviews)


# (days ago, teacher, used, adult help, proposal, what they saw) on the support being faded:
# the math and English teachers both see the student start work on their own.
FADING = [
    (44, "gen_ed_teacher", "mostly", "partial", "keep", "Needs me to walk over and point to each step."),
    (37, "gen_ed_teacher_2", "sometimes", "partial", "keep", "Uses it when I stand next to the desk."),
    (23, "gen_ed_teacher", "mostly", "gestural", "keep", "A tap on the card is enough now."),
    (9, "gen_ed_teacher_2", "mostly", "gestural", "fade", "Picks up the card after a nod."),
    (4, "gen_ed_teacher", "always", "independent", "fade",
     "Ticks the steps without a reminder; ready to try without the card on Fridays."),
]
# And one where the teachers see it differently (the page flags it).
SPLIT = [
    (30, "gen_ed_teacher", "mostly", "gestural", "keep", "Takes the notes copy and follows along."),
    (6, "gen_ed_teacher", "always", "independent", "fade", "Follows the slides on her own."),
    (5, "gen_ed_teacher_3", "rarely", "full", "change", "Leaves the copy in her folder; labs move too fast."),
]


def _followed_reviews(
    world: DemoWorld, by_iep: dict[int, list[Support]], now: dt.datetime,
) -> list[SupportReview]:
    """Reviews that follow use and independence on one student's supports (the first IEP of
    the first case manager with an all-classes strategy): the self-monitoring checklist
    faded as the student became independent, and class notes the teachers disagree on."""
    users = world.users
    iep = next((i for i in world.ieps if i.case_manager == users["case_manager"]
                and i.start_date <= world.today - dt.timedelta(days=50)
                and any(s.text.startswith("Self-monitoring") for s in by_iep.get(i.pk, []))), None)
    if iep is None:
        return []
    rows = []
    for support_text, samples in (("Self-monitoring", FADING), ("Copy of class notes", SPLIT)):
        support = next((s for s in by_iep[iep.pk] if s.text.startswith(support_text)), None)
        if support is None:
            continue
        for days, key, used, prompting, adjustment, comment in samples:
            when = now - dt.timedelta(days=days, hours=2)
            while when.weekday() >= 5:  # teachers review on school days
                when -= dt.timedelta(days=1)
            rows.append(SupportReview(
                support=support, reviewer=users[key], used=used, prompting=prompting, adjustment=adjustment,
                comment=comment, created_at=when,
            ))
    return rows
