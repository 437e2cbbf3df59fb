"""Writes for progress monitoring. Keyword-only, atomic, validated; messages a teacher reads.

Each function either saves everything it was asked to or raises ValidationError and saves
nothing (one transaction).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, cast

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accommodations.actions import support_review_add
from accommodations.review_requests import implementers
from iep_portal.languages import DEFAULT, codes
from progress import decisions as decision_log
from progress.models import (
    DataPoint,
    DataPointQuerySet,
    DataRequest,
    Goal,
    GoalCollector,
    GoalDecision,
    GoalTranslation,
    NarrativeTranslation,
    ProgressReport,
    eligible_collectors,
)
from progress.periods import Period
from progress.reports import ReviewTiming, data_summary, next_review_timing
from students.lateness import Lateness, lateness
from students.school_days import school_days_for

if TYPE_CHECKING:
    from accommodations.models import Support, SupportReview
    from iep_portal.models import User
    from students.models import IEP

GOAL_FIELDS = (
    "area",
    "annual_goal",
    "measure",
    "unit",
    "rubric_max",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "collection_interval_days",
    "short_term_objectives",
)


def _check_collectors(iep: IEP, collectors: Iterable[User]) -> list[User]:
    people = list(collectors)
    if not people:
        raise ValidationError({"collectors": _("Name at least one person who collects data.")})
    allowed = set(eligible_collectors(iep, timezone.localdate()).values_list("pk", flat=True))
    strangers = [p for p in people if p.pk not in allowed]
    if strangers:
        raise ValidationError(
            {
                "collectors": _(
                    "%(names)s cannot collect data for this student: only the case manager, team "
                    "members and the student's teachers can."
                )
                % {"names": ", ".join(str(p) for p in strangers)}
            }
        )
    return people


@transaction.atomic
def goal_create(*, iep: IEP, by: User, collectors: Iterable[User], **fields: object) -> Goal:
    """A new goal on an active IEP, with the people who collect data on it."""
    if not iep.is_active():
        raise ValidationError(_("Goals can only be added to an active IEP."))
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown goal fields: {sorted(unknown)}")
    people = _check_collectors(iep, collectors)
    goal = Goal(iep=iep, **fields)
    if goal.measure != Goal.Measure.RUBRIC:
        goal.rubric_max = None
    goal.full_clean()
    with pghistory.context(user=by.pk, reason="goal written"):
        goal.save()
        GoalCollector.objects.bulk_create([GoalCollector(goal=goal, user=p) for p in people])
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, by: User, collectors: Iterable[User], **fields: object) -> Goal:
    """Change a goal's wording, numbers or collectors. Existing data points stay as recorded;
    changing the measure once data exist is refused (the old values would mean something else)."""
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown goal fields: {sorted(unknown)}")
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    if fields.get("measure", goal.measure) != goal.measure and goal.data_points.exists():
        raise ValidationError(
            {"measure": _("This goal already has data; its measure cannot change. Write a new goal instead.")}
        )
    people = _check_collectors(goal.iep, collectors)
    for name, value in fields.items():
        setattr(goal, name, value)
    if goal.measure != Goal.Measure.RUBRIC:
        goal.rubric_max = None
    goal.full_clean()
    with pghistory.context(user=by.pk, reason="goal changed"):
        goal.save()
        keep = {p.pk for p in people}
        goal.collector_rows.exclude(user__in=keep).delete()
        GoalCollector.objects.bulk_create(
            [GoalCollector(goal=goal, user=p) for p in people], ignore_conflicts=True
        )
    return goal


@transaction.atomic
def goal_end(*, goal: Goal, by: User, reason: str) -> Goal:
    """Stop working on a goal (an IEP amendment ends or replaces it). Its data points stay as
    recorded; no more data are asked for. Ending an ended goal changes nothing."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the goal ends (e.g. the amendment of 3 March).")})
    with pghistory.context(user=by.pk, reason=f"goal ended: {reason.strip()}"):
        Goal.objects.filter(pk=goal.pk, active=True).update(active=False)
    goal.refresh_from_db(fields=["active"])
    return goal


def _trials_value(correct: int | None, total: int | None) -> Decimal:
    errors = {}
    if correct is None:
        errors["correct"] = _("Enter how many trials were correct.")
    if total is None:
        errors["total"] = _("Enter how many trials there were.")
    if errors:
        raise ValidationError(errors)
    assert correct is not None and total is not None
    if total < 1:
        raise ValidationError({"total": _("There must be at least one trial.")})
    if correct < 0:
        raise ValidationError({"correct": _("Correct trials cannot be negative.")})
    if correct > total:
        raise ValidationError(
            {
                "correct": _(
                    "Correct trials (%(correct)s) cannot be more than the trials in all (%(total)s)."
                )
                % {"correct": correct, "total": total}
            }
        )
    return (Decimal(100) * correct / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def data_point_lateness(*, goal: Goal, day: dt.date, recorded: dt.date) -> Lateness:
    """How late a data point on `goal` for `day`, entered on `recorded`, is: the one rule
    (students.lateness) on the student's school's days."""
    school_id = goal.iep.student.school_id
    return lateness(happened=day, recorded=recorded, days=school_days_for([school_id])[school_id])


def _late_reason_error(late: Lateness, day: dt.date) -> str:
    return _(
        "This data point is for %(day)s and is being entered %(n)s school days later (more "
        "than %(limit)s). Say why it is entered late."
    ) % {
        "day": f"{day:%b %-d}",
        "n": late.school_days_after,
        "limit": settings.EVIDENCE_LATE_AFTER_SCHOOL_DAYS,
    }


@transaction.atomic
def data_point_record(
    *,
    goal: Goal,
    by: User,
    day: dt.date,
    setting: str,
    value: Decimal | None = None,
    correct: int | None = None,
    total: int | None = None,
    note: str = "",
    late_reason: str = "",
    collected_by: User | None = None,
) -> DataPoint:
    """Record one data point (collected by `collected_by`, default the recorder). Closes the
    collector's open data requests on this goal.

    Entered more than EVIDENCE_LATE_AFTER_SCHOOL_DAYS school days after `day`, it is marked
    late and needs `late_reason`; more than EVIDENCE_APPROVAL_AFTER_DAYS days after, it also
    waits for an administrator's approval and counts nowhere until then."""
    now = timezone.now()
    today = timezone.localdate(now)
    iep = goal.iep
    errors: dict[str, str] = {}
    if day > today:
        errors["date"] = _("Data cannot be recorded for a day in the future.")
    elif day < iep.start_date:
        errors["date"] = _("The IEP started on %(day)s; data must be from then on.") % {
            "day": f"{iep.start_date:%b %-d, %Y}"
        }
    elif day > iep.end_date:
        errors["date"] = _("The IEP ended on %(day)s; data must be from within it.") % {
            "day": f"{iep.end_date:%b %-d, %Y}"
        }
    if errors:
        raise ValidationError(errors)
    if goal.is_trials:
        value = _trials_value(correct, total)
    else:
        if correct is not None or total is not None:
            raise ValidationError(_("Trials are only recorded for goals measured in trials."))
        if value is None:
            raise ValidationError({"value": _("Enter a value.")})
        if problem := goal.value_error(value):
            raise ValidationError({"value": problem})
    late = data_point_lateness(goal=goal, day=day, recorded=today)
    late_reason = late_reason.strip()
    if late.late and not late_reason:
        raise ValidationError({"late_reason": _late_reason_error(late, day)})
    collector = collected_by or by
    if collector != by and not GoalCollector.objects.filter(goal=goal, user=collector).exists():
        raise ValidationError(
            {
                "collected_by": _(
                    "%(name)s does not collect data on this goal; choose one of its collectors."
                )
                % {"name": collector}
            }
        )
    point = DataPoint(
        goal=goal,
        date=day,
        value=value,
        correct=correct,
        total=total,
        setting=setting,
        collected_by=collector,
        note=note,
        recorded_at=now,
        recorded_by=by,
        late=late.late,
        late_reason=late_reason if late.late else "",
        approval=DataPoint.Approval.WAITING if late.needs_approval else DataPoint.Approval.NOT_NEEDED,
    )
    point.full_clean()
    with pghistory.context(user=by.pk, reason="data recorded late" if late.late else "data recorded"):
        point.save()
        DataRequest.objects.open().filter(goal=goal, teacher=collector).update(
            status=DataRequest.Status.ANSWERED, closed_at=now, answer=point
        )
    return point


def _point_for_admin(pk: int, by: User) -> DataPoint:
    point = (
        DataPoint.objects.select_for_update(of=("self",))
        .select_related("goal__iep__student")
        .filter(pk=pk)
        .first()
    )
    if point is None or not data_points_for_admin(by).filter(pk=pk).exists():
        raise Http404("No such data point.")
    if point.approval != DataPoint.Approval.WAITING:
        raise ValidationError(
            _("This data point is not waiting for approval (it is %(state)s).")
            % {"state": point.get_approval_display().lower()}
        )
    return point


def data_points_for_admin(user: User) -> DataPointQuerySet:
    """Data points an administrator decides on: every school's for a district
    administrator, their own schools' for a school administrator, none for anyone else."""
    if user.is_district_admin:
        return DataPoint.objects.all()
    if user.is_school_admin:
        return DataPoint.objects.filter(goal__iep__student__school__in=user.schools.all())
    return DataPoint.objects.none()


@transaction.atomic
def data_point_approve(*, pk: int, by: User) -> DataPoint:
    """An administrator accepts a very late data point: from now on it counts."""
    point = _point_for_admin(pk, by)
    point.approval, point.decided_by, point.decided_at = DataPoint.Approval.APPROVED, by, timezone.now()
    with pghistory.context(user=by.pk, reason="late data approved"):
        point.save(update_fields=["approval", "decided_by", "decided_at"])
    return point


@transaction.atomic
def data_point_reject(*, pk: int, by: User, reason: str) -> DataPoint:
    """An administrator refuses a very late data point: it stays on record and never counts."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this data point is not approved.")})
    point = _point_for_admin(pk, by)
    point.approval, point.decided_by, point.decided_at = DataPoint.Approval.REJECTED, by, timezone.now()
    point.decision_note = reason.strip()[:300]
    with pghistory.context(user=by.pk, reason="late data not approved"):
        point.save(update_fields=["approval", "decided_by", "decided_at", "decision_note"])
    return point


@transaction.atomic
def data_request_create(
    *,
    goal: Goal,
    by: User,
    teachers: Sequence[User],
    due_on: dt.date,
    message: str = "",
) -> tuple[list[DataRequest], list[User]]:
    """Ask each named teacher for data on the goal by `due_on`; returns (requests made,
    people skipped because their earlier request is still open). A teacher asked becomes a
    collector on the goal, so they can see it."""
    if not teachers:
        raise ValidationError({"teachers": _("Choose at least one person to ask.")})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The date you need the data by cannot be in the past.")})
    people = _check_collectors(goal.iep, teachers)
    already = set(
        DataRequest.objects.open().filter(goal=goal, teacher__in=people).values_list("teacher_id", flat=True)
    )
    with pghistory.context(user=by.pk, reason="data requested"):
        GoalCollector.objects.bulk_create(
            [GoalCollector(goal=goal, user=p) for p in people], ignore_conflicts=True
        )
        try:
            made = DataRequest.objects.bulk_create(
                [
                    DataRequest(goal=goal, teacher=p, requested_by=by, due_on=due_on, message=message)
                    for p in people
                    if p.pk not in already
                ]
            )
        except IntegrityError:  # a request made at the same moment in another tab
            raise ValidationError(_("Someone just asked the same person; reload and check.")) from None
    return made, [p for p in people if p.pk in already]


@transaction.atomic
def data_request_cancel(*, data_request: DataRequest, by: User) -> None:
    with pghistory.context(user=by.pk, reason="data request cancelled"):
        changed = (
            DataRequest.objects.open()
            .filter(pk=data_request.pk)
            .update(status=DataRequest.Status.CANCELLED, closed_at=timezone.now())
        )
    if not changed:
        raise ValidationError(_("This request is already closed."))


@dataclass(frozen=True)
class ReviewsAsked:
    """What asking for support reviews before a report did."""

    timing: ReviewTiming
    made: list[DataRequest]
    skipped: list[User]  # asked before and not yet answered, on every support they carry out


@transaction.atomic
def review_requests_before_report(
    *, iep: IEP, by: User, school_days: int, message: str = "", today: dt.date | None = None,
) -> ReviewsAsked:
    """Ask every adult who carries out the IEP's current supports (accommodations'
    `implementers`) to review each of them, due `school_days` school days before the next
    progress report is due. A support already asked of someone and not yet answered is not
    asked again."""
    today = today or timezone.localdate()
    if not 1 <= school_days <= MAX_REVIEW_LEAD:
        raise ValidationError({"school_days": _("Choose from 1 to %(n)s school days.")
                               % {"n": MAX_REVIEW_LEAD}})
    timing = next_review_timing(iep, today, school_days)
    if timing is None:
        raise ValidationError({"school_days": _(
            "No progress report this school year is far enough ahead for that; choose fewer "
            "school days.")})
    people = implementers(iep, today)
    if not people:
        raise ValidationError(_("Nobody carries out this student's supports yet: no current "
                                "support applies in any class the student takes."))
    already = set(DataRequest.objects.open().filter(support__iep=iep).values_list("support_id", "teacher_id"))
    wanted = [(person, support) for person, supports in people for support in supports]
    with pghistory.context(user=by.pk, reason="support reviews requested"):
        try:
            made = DataRequest.objects.bulk_create([
                DataRequest(support=support, teacher=person, requested_by=by, due_on=timing.review_due_on,
                            message=message.strip()[:300])
                for person, support in wanted if (support.pk, person.pk) not in already
            ])
        except IntegrityError:  # asked at the same moment in another tab
            raise ValidationError(_("Someone just asked the same people; reload and check.")) from None
    asked = {r.teacher_id for r in made}
    return ReviewsAsked(timing, made, [person for person, _supports in people if person.pk not in asked])


MAX_REVIEW_LEAD = 30  # school days before a report's due date


@transaction.atomic
def review_request_answer(
    *, data_request: DataRequest, by: User, used: str, prompting: str, adjustment: str, comment: str = "",
) -> SupportReview:
    """The teacher asked reviews the support: the review is recorded (accommodations) and the
    request closes with it. A request already answered (a second tab) or cancelled records
    nothing."""
    locked = DataRequest.objects.select_for_update().filter(pk=data_request.pk).first()
    if locked is None or locked.support_id is None or locked.teacher_id != by.pk:
        raise Http404("No such request.")
    if locked.status != DataRequest.Status.OPEN:
        raise ValidationError(_("This request is already %(status)s; nothing more was recorded.")
                              % {"status": locked.get_status_display().lower()})
    with pghistory.context(user=by.pk, reason="support reviewed on request"):
        return support_review_add(support=cast("Support", data_request.support), reviewer=by, used=used,
                                  prompting=prompting, adjustment=adjustment, comment=comment)


def review_request_close(review: SupportReview) -> None:
    """A review answers the reviewer's open request on that support (registered with
    accommodations.review_requests, so it runs wherever the review was written)."""
    DataRequest.objects.open().filter(support=review.support_id, teacher=review.reviewer_id).update(
        status=DataRequest.Status.ANSWERED, closed_at=timezone.now(), review=review
    )


@dataclass(frozen=True)
class ReportEntry:
    goal: Goal
    code: str
    narrative: str
    points: list[DataPoint]
    decisions: list[GoalDecision]


@transaction.atomic
def progress_report_save(
    *,
    period: Period,
    by: User,
    entries: Sequence[ReportEntry],
) -> list[ProgressReport]:
    """Write (or rewrite) the period's report for each goal, with a snapshot of the data.

    A report already sent to the family is not rewritten: record a new period instead."""
    existing = {
        r.goal_id: r
        for r in ProgressReport.objects.select_for_update().filter(
            goal__in=[e.goal for e in entries], period_start=period.start
        )
    }
    saved = []
    with pghistory.context(user=by.pk, reason="progress report written"):
        for entry in entries:
            analysis = entry.goal.analyse(entry.points, entry.decisions, until=period.end)
            report = existing.get(entry.goal.pk) or ProgressReport(
                goal=entry.goal,
                period_number=period.number,
                period_start=period.start,
                period_end=period.end,
            )
            if report.sent_on:
                raise ValidationError(
                    _("The report on “%(area)s” was already sent to the family on %(day)s and cannot change.")
                    % {"area": entry.goal.area, "day": report.sent_on}
                )
            report.code = entry.code
            report.suggested_code = analysis.suggested_code
            report.narrative = entry.narrative
            report.data_summary = data_summary(entry.goal, entry.points, period, analysis)
            report.written_by = by
            report.full_clean()
            report.save()
            saved.append(report)
    return saved


@transaction.atomic
def progress_report_mark_sent(
    *,
    reports: Sequence[ProgressReport],
    by: User,
    sent_on: dt.date,
    how: str,
    language: str,
    untranslated_acknowledged: bool = False,
) -> int:
    """Record that this period's reports went to the family (date, how, language).

    A copy whose team's words are not all translated into `language`
    (progress.family_copy.untranslated) is refused unless the case manager acknowledges
    it; what went out in English is kept on the reports."""
    from progress.family_copy import untranslated

    if not reports:
        raise ValidationError(_("Write the reports for this period before recording that they were sent."))
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": _("The date sent cannot be in the future.")})
    if sent_on < min(r.period_start for r in reports):
        raise ValidationError({"sent_on": _("The report cannot be sent before its period starts.")})
    gaps = untranslated(reports, language)
    if gaps and not untranslated_acknowledged:
        raise ValidationError({"untranslated_acknowledged": _(
            "%(n)s part(s) of this report have no translation and would go to the family in English: "
            "%(parts)s. Translate them first, or confirm that you are sending it with them in English."
        ) % {"n": len(gaps), "parts": "; ".join(t.part for t in gaps)}})
    with pghistory.context(user=by.pk, reason="progress report sent"):
        return ProgressReport.objects.filter(pk__in=[r.pk for r in reports]).update(
            sent_on=sent_on, sent_how=how, sent_language=language,
            sent_untranslated=[t.part for t in gaps],
        )


@transaction.atomic
def goal_decision_record(
    *,
    goal: Goal,
    by: User,
    kind: str,
    decided_on: dt.date,
    changes: Sequence[str] = (),
    label: str = "",
    detail: str = "",
    consulted: str = "",
) -> GoalDecision:
    """Record what the case manager decided about a goal, with what the data said then.

    `changes` names what an instructional change changed (GoalDecision.CHANGE_FIELDS). A
    change draws a phase line and the trend and rule restart after it; "met" also ends the
    goal; raising or lowering is made through an IEP amendment (the page links to it)."""
    goal = Goal.objects.select_for_update().select_related("iep").get(pk=goal.pk)
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if not goal.active:
        raise ValidationError(_("This goal is no longer active; no decision can be recorded on it."))
    if decided_on > today:
        errors["decided_on"] = _("A decision cannot be dated in the future.")
    elif decided_on < goal.iep.start_date:
        errors["decided_on"] = _("The IEP started on %(day)s; a decision must be from then on.") % {
            "day": f"{goal.iep.start_date:%b %-d, %Y}"}
    unknown = set(changes) - set(GoalDecision.CHANGE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown changes: {sorted(unknown)}")
    if kind == GoalDecision.Kind.CHANGE:
        if not changes:
            errors["changes"] = _("Say what changed: strategy, intensity, group size or minutes.")
        if not label.strip():
            errors["label"] = _("Give the phase line a short label, e.g. “Group of 3, repeated reading”.")
    else:
        changes, label = (), ""
    earlier = list(goal.decisions.in_order())
    if kind == GoalDecision.Kind.CHANGE and any(d.is_change and d.decided_on >= decided_on for d in earlier):
        errors["decided_on"] = _(
            "An instructional change is already recorded on or after this day; a new phase starts "
            "after the latest one."
        )
    if errors:
        raise ValidationError(errors)
    points = list(goal.data_points.counting())
    decision = GoalDecision(
        goal=goal,
        kind=kind,
        decided_on=decided_on,
        label=label.strip()[:60],
        detail=detail.strip(),
        consulted=consulted.strip()[:300],
        based_on=decision_log.basis(goal, points, earlier, decided_on),
        decided_by=by,
        recorded_at=timezone.now(),
        **{name: name in changes for name in GoalDecision.CHANGE_FIELDS},
    )
    decision.full_clean()
    with pghistory.context(user=by.pk, reason=f"goal decision: {kind}"):
        decision.save()
    if kind == GoalDecision.Kind.MET:
        reason = _("Met (decision of %(day)s)") % {"day": f"{decided_on:%b %-d, %Y}"}
        goal_end(goal=goal, by=by, reason=reason)
    return decision


@dataclass(frozen=True)
class TranslationEntry:
    """One staff text and its translation as entered (blank: no translation)."""

    english: str
    text: str
    goal: Goal | None = None
    part: str = ""  # GoalTranslation.Part, for a goal's text
    report: ProgressReport | None = None  # for a report's narrative


@transaction.atomic
def staff_translations_save(*, language: str, by: User, entries: Sequence[TranslationEntry]) -> int:
    """Save the translations of the team's words (goals' area, statement and unit, reports'
    narratives) into `language`, each made from the English as it now reads. A blank entry
    removes a translation. Returns how many changed; an unchanged one is left as it was (its
    who and when stay)."""
    if language not in codes() or language == DEFAULT:
        raise ValidationError(_("Choose the family's language to translate into."))
    changed = 0
    with pghistory.context(user=by.pk, reason="staff translation entered"):
        for entry in entries:
            text = entry.text.strip()
            row: NarrativeTranslation | GoalTranslation
            current: NarrativeTranslation | GoalTranslation | None
            if entry.report is not None:
                current = NarrativeTranslation.objects.select_for_update().filter(
                    report=entry.report, language=language).first()
                row = current or NarrativeTranslation(report=entry.report)
            elif entry.goal is not None:
                current = GoalTranslation.objects.select_for_update().filter(
                    goal=entry.goal, part=entry.part, language=language).first()
                row = current or GoalTranslation(goal=entry.goal, part=entry.part)
            else:
                raise TypeError("A translation entry names a goal or a report.")
            if not text:
                if current is not None:
                    current.delete()
                    changed += 1
                continue
            if current and current.text == text and current.translated_from == entry.english:
                continue
            row.language, row.text, row.translated_from = language, text, entry.english
            row.entered_by, row.entered_at = by, timezone.now()
            row.full_clean()
            row.save()
            changed += 1
    return changed
