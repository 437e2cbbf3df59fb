"""Benchmark district: 4-8 supports per IEP, weekly assessments, and check-offs with gaps.

Check-offs cover the last HISTORY_DAYS instructional days (about 1M at N=5,000): each
teacher keeps up at their own rate, so some classes have gaps for the "unchecked" sweep and
the fidelity figures. Checks exist only on the days each class meets (a class on a rotation
meets on some days only), only for supports that apply to the class's subject, for
students enrolled in that section, on instructional days before today. Most team members
acknowledged their IEPs, and so did nine in ten of the students' teachers; a few supports
have reviews.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from accommodations.demo import CATALOG, STRATEGIES
from accommodations.models import (
    Acknowledgement,
    Assessment,
    ImplementationCheck,
    Support,
    SupportReview,
)
from schedules.queries import meetings_for
from students.district_seed import District, copy_rows, reserve_ids
from students.models import Enrollment, Section, TeamMember
from students.school_days import school_days_for

HISTORY_DAYS = 20
ABSENT_RATE = 0.035  # of a student's school days (about 6 days a year, a typical absence rate)
OUTCOMES = [("provided", ""), ("not_needed", ""), ("declined", "Did not want to be singled out."),
            ("not_provided", "Substitute teacher did not have the plan.")]
OUTCOME_WEIGHTS = [0.88, 0.05, 0.04, 0.03]


def generate(d: District) -> None:
    rng = d.rng
    now = timezone.now()
    tz = timezone.get_current_timezone()
    catalog = CATALOG + STRATEGIES
    support_rows: list[list] = []
    by_iep: dict[int, list[tuple[int, tuple]]] = {}  # iep -> (row index, catalog entry)
    for iep_id, _, case_manager_id, start, _ in d.ieps:
        start = min(start, d.today)
        changed = dt.datetime.combine(start, dt.time(9), tzinfo=tz)
        for entry in rng.sample(catalog, rng.randint(4, 8)):
            kind, category, text, how_to, scope, subjects, frequency = entry
            by_iep.setdefault(iep_id, []).append((len(support_rows), entry))
            support_rows.append([0, iep_id, kind, category, text, how_to, scope, subjects, frequency,
                                 start, None, case_manager_id, now, changed])
    first_support = reserve_ids(Support, len(support_rows))
    for n, row in enumerate(support_rows):
        row[0] = first_support + n
    copy_rows(Support, ["id", "iep_id", "kind", "category", "text", "how_to", "scope", "subjects",
                        "frequency", "start_date", "end_date", "created_by_id", "created_at", "changed_at"],
              support_rows)
    d.count("supports", len(support_rows))

    subject_of = dict(Section.objects.filter(school__in=d.schools).values_list("pk", "subject"))
    days_by_school = school_days_for({s for _, s in d.students})
    window = {
        school: list(days.days(d.today - dt.timedelta(days=HISTORY_DAYS * 2),
                               d.today - dt.timedelta(days=1)))[-HISTORY_DAYS:]
        for school, days in days_by_school.items()
    }
    # A class on a rotation meets on some of those days only: history follows its meetings.
    first = min((days[0] for days in window.values() if days), default=d.today)
    meets = {section: set(days) for section, days in meetings_for(
        list(subject_of), first, d.today - dt.timedelta(days=1)).items()}
    # Each class has a quiz on its own weekday when it meets then: weekly, or about every
    # other week on a rotation.
    assessments = [
        (section_id, day, "Weekly quiz", teacher_id, now)
        for school_id, sections in d.sections.items()
        for section_id, teacher_id in sections
        for day in window[school_id]
        if day.weekday() == section_id % 5 and day in meets.get(section_id, ())
    ]
    copy_rows(Assessment, ["section_id", "date", "title", "recorded_by_id", "created_at"], assessments)
    tested = {(section_id, day) for section_id, day, _, _, _ in assessments}
    d.count("assessments", len(assessments))

    keeps_up = {t: rng.uniform(0.55, 0.98) for ts in d.sections.values() for _, t in ts}
    school_of = dict(d.students)
    iep_of = {student: iep for iep, student, _, _, _ in d.ieps}

    def checks() -> Iterator[tuple[Any, ...]]:
        for student_id, classes in d.enrollments.items():
            days = window[school_of[student_id]]
            supports = by_iep[iep_of[student_id]]
            # About one school day in thirty away (a cold, an appointment): every class that day.
            away = {day for day in days if rng.random() < ABSENT_RATE}
            for section_id, teacher_id in classes:
                meeting_days = meets.get(section_id, set())
                subject = subject_of[section_id].casefold()
                rate = keeps_up[teacher_id]
                for index, (_, _, _, _, scope, subjects, frequency) in supports:
                    if scope == Support.Scope.SUBJECTS and subject not in {s.casefold() for s in subjects}:
                        continue
                    support_id = first_support + index
                    start = support_rows[index][9]
                    for day in days:
                        if day < start or day not in meeting_days:
                            continue
                        if day in away:
                            if rng.random() <= rate:  # the teacher pressed "Absent" for the student
                                yield _check(support_id, student_id, section_id, day, teacher_id,
                                             "absent", "", tz)
                            continue
                        if frequency == Support.Frequency.AS_NEEDED:
                            if rng.random() < 0.1:
                                yield _check(support_id, student_id, section_id, day, teacher_id,
                                             "provided", "", tz)
                            continue
                        if ((scope == Support.Scope.ASSESSMENTS or frequency == Support.Frequency.ASSESSMENTS)
                                and (section_id, day) not in tested):
                            continue
                        if rng.random() > rate:
                            continue  # a gap: nobody checked
                        outcome, note = rng.choices(OUTCOMES, OUTCOME_WEIGHTS)[0]
                        yield _check(support_id, student_id, section_id, day, teacher_id, outcome, note, tz)

    d.progress(f"{len(support_rows)} supports, {len(assessments)} assessments; copying check-offs")
    n = copy_rows(ImplementationCheck, [
        "support_id", "student_id", "section_id", "date", "teacher_id", "outcome", "note", "created_at",
        "updated_at", "recorded_at",
    ], checks())
    d.count("implementation checks", n)

    # Nine in ten of the people who must read a plan did, a few days after they had to: its
    # team and the teachers of the student's classes (who owe it from the later of the plan's
    # start and the day the portal learned of the class).
    joined: dict[tuple[int, int], dt.datetime] = {}
    for student_id, teacher_id, created_at in Enrollment.objects.filter(
            student__in=list(iep_of)).values_list("student_id", "section__teacher_id", "created_at"):
        key = (student_id, teacher_id)
        joined[key] = max(joined.get(key, created_at), created_at)
    teachers_of: dict[int, set[int]] = {}
    for student_id, teacher_id in joined:
        teachers_of.setdefault(student_id, set()).add(teacher_id)
    acks = []
    for iep_id, student_id, case_manager_id, start, _ in d.ieps:
        begun = dt.datetime.combine(min(start, d.today), dt.time(9), tzinfo=tz)
        people = {user_id for user_id, role in d.team.get(iep_id, []) if role != TeamMember.Role.OBSERVER}
        people |= teachers_of.get(student_id, set())
        for user_id in sorted(people - {case_manager_id}):
            if rng.random() < 0.9:
                owed_from = max(begun, joined.get((student_id, user_id), begun))
                acks.append((iep_id, user_id, min(owed_from + dt.timedelta(days=3), now)))
    copy_rows(Acknowledgement, ["iep_id", "user_id", "acknowledged_at"], acks)
    d.count("acknowledgements", len(acks))

    uses, helps = list(SupportReview.Use), list(SupportReview.Prompting)
    adjustments = list(SupportReview.Adjustment)
    reviews = []
    for index in range(3, len(support_rows), 53):
        iep_id = support_rows[index][1]
        team = d.team.get(iep_id) or []
        if team:
            reviewer = rng.choice(team)[0]
            reviews.append((first_support + index, reviewer, "", rng.choice(uses), rng.choice(helps),
                            rng.choice(adjustments), "", now - dt.timedelta(days=rng.randint(1, 30))))
    copy_rows(SupportReview, ["support_id", "reviewer_id", "rating", "used", "prompting", "adjustment",
                              "comment", "created_at"], reviews)
    d.count("support reviews", len(reviews))
    d.progress(f"{n} check-offs, {len(acks)} acknowledgements, {len(reviews)} reviews")


def _check(support_id: int, student_id: int, section_id: int, day: dt.date, teacher_id: int,
           outcome: str, note: str, tz: dt.tzinfo) -> tuple:
    at = dt.datetime.combine(day, dt.time(14, 45), tzinfo=tz)
    return (support_id, student_id, section_id, day, teacher_id, outcome, note, at, at, at)
