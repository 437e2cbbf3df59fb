"""Writes of IEP amendments: a draft and its changes, the notice, and finalizing.

Finalizing applies every change in one transaction, through the areas' own actions, and at
most once: the draft-to-final step is a compare-and-set, so a second submit (Back, a
retry, a second tab) changes nothing. A changed service line or support is ended the day
before the amendment takes effect and a new one starts that day; the old line keeps its
sessions and what was owed on it. Then exactly the people whose part changed are asked to
acknowledge the IEP again (34 CFR 300.323(d)).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accommodations.acknowledgements import RESPONSIBLE_TEAM_ROLES
from accommodations.actions import support_add, support_end
from accommodations.models import Support
from amendments.models import Amendment, AmendmentChange, PriorWrittenNotice, Reacknowledgement
from iep_portal.models import User
from progress.actions import goal_create, goal_end
from progress.models import Goal
from services.actions import service_requirement_add, service_requirement_end
from services.models import ServiceCoProvider, ServiceRequirement
from students.models import IEP, Enrollment, TeamMember

SERVICE_FIELDS = ("kind", "area", "minutes", "sessions", "period", "setting", "provider")
SUPPORT_FIELDS = ("kind", "category", "text", "how_to", "scope", "subjects", "frequency")
GOAL_FIELDS = (
    "area",
    "annual_goal",
    "measure",
    "unit",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "collectors",
)
NOTICE_FIELDS = ("proposes", "action", "reasons", "options_considered", "data_used", "other_factors")


def _draft(amendment: Amendment) -> None:
    if not amendment.is_draft:
        raise ValidationError("This amendment is final; start a new one to change the IEP again.")


@transaction.atomic
def amendment_start(*, iep: IEP, by: User, today: dt.date | None = None) -> Amendment:
    """The IEP's draft amendment: the one already started, or a new one taking effect today."""
    today = today or timezone.localdate()
    if iep.status != IEP.Status.ACTIVE:
        raise ValidationError("Only the active IEP can be amended.")
    existing = Amendment.objects.filter(iep=iep, status=Amendment.Status.DRAFT).first()
    if existing is not None:
        return existing  # a second click, a second tab: the same draft
    try:
        with transaction.atomic():
            return Amendment.objects.create(iep=iep, effective_on=max(today, iep.start_date), created_by=by)
    except IntegrityError:  # two clicks at once: the other one made it
        return Amendment.objects.get(iep=iep, status=Amendment.Status.DRAFT)


@transaction.atomic
def amendment_details_set(
    *,
    amendment: Amendment,
    by: User,
    effective_on: dt.date,
    agreed_how: str,
    meeting_on: dt.date | None = None,
    agreement_on: dt.date | None = None,
) -> Amendment:
    """When the amendment takes effect and how the team and family agreed to it. Recording
    the family's written agreement records who recorded it and when."""
    _draft(amendment)
    iep = amendment.iep
    if not (iep.start_date < effective_on <= iep.end_date):
        raise ValidationError(
            {
                "effective_on": f"Pick a day after the IEP starts ({iep.start_date:%b %-d, %Y}) "
                f"and by its end ({iep.end_date:%b %-d, %Y})."
            }
        )
    if agreed_how == Amendment.AgreedHow.MEETING:
        if meeting_on is None:
            raise ValidationError({"meeting_on": "Give the date of the IEP team meeting."})
        agreement_on = None
    elif agreed_how == Amendment.AgreedHow.WRITTEN:
        if agreement_on is None:
            raise ValidationError({"agreement_on": "Give the date the family agreed in writing."})
        meeting_on = None
    elif agreed_how:
        raise ValidationError({"agreed_how": "Choose how the amendment was agreed."})
    for name, day in (("meeting_on", meeting_on), ("agreement_on", agreement_on)):
        if day is not None and day > effective_on:
            raise ValidationError({name: "The agreement comes before the amendment takes effect."})
    if agreement_on != amendment.agreement_on:
        amendment.agreement_recorded_by = by if agreement_on else None
        amendment.agreement_recorded_at = timezone.now() if agreement_on else None
    amendment.effective_on = effective_on
    amendment.agreed_how = agreed_how
    amendment.meeting_on = meeting_on
    amendment.agreement_on = agreement_on
    amendment.full_clean()
    amendment.save(
        update_fields=[
            "effective_on",
            "agreed_how",
            "meeting_on",
            "agreement_on",
            "agreement_recorded_by",
            "agreement_recorded_at",
        ]
    )
    return amendment


def _positive(value: Any, name: str, label: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({name: f"{label} must be a whole number."}) from None
    if number < 1:
        raise ValidationError({name: f"{label} must be at least 1."})
    return number


def _check_service(iep: IEP, becomes: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {k: becomes.get(k) for k in SERVICE_FIELDS}
    values["minutes"] = _positive(values["minutes"], "minutes", "Minutes")
    values["sessions"] = _positive(values["sessions"] or 1, "sessions", "Sessions")
    provider = User.objects.filter(pk=values["provider"]).first()
    line = ServiceRequirement(
        iep=iep,
        kind=values["kind"],
        area=str(values["area"] or "").strip(),
        minutes=values["minutes"],
        sessions=values["sessions"],
        period=values["period"],
        setting=values["setting"],
        provider=provider,
        start_date=iep.start_date,
        end_date=iep.end_date,
    )
    line.full_clean(exclude=["start_date", "end_date"])
    values["area"] = line.area
    values["provider"] = provider.pk if provider else None
    return values


def _check_support(iep: IEP, becomes: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {k: becomes.get(k) for k in SUPPORT_FIELDS}
    values["subjects"] = list(values["subjects"] or [])
    values["how_to"] = values["how_to"] or ""
    values["category"] = values["category"] or ""
    support = Support(iep=iep, start_date=iep.start_date, **values)
    support.full_clean(exclude=["start_date", "end_date", "created_by"])
    return {k: getattr(support, k) for k in SUPPORT_FIELDS}


def _check_goal(iep: IEP, becomes: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {k: becomes.get(k) for k in GOAL_FIELDS}
    try:
        for name in ("baseline_value", "target_value"):
            values[name] = str(Decimal(str(values[name])))
    except InvalidOperation:
        raise ValidationError({"target_value": "Baseline and target must be numbers."}) from None
    for name in ("baseline_date", "target_date"):
        try:
            values[name] = dt.date.fromisoformat(str(values[name])).isoformat()
        except ValueError:
            raise ValidationError({name: "Give a date."}) from None
    values["unit"] = values["unit"] or ""
    values["collectors"] = [int(pk) for pk in values["collectors"] or []]
    if not values["collectors"]:
        raise ValidationError({"collectors": "Name at least one person who collects data."})
    goal = Goal(iep=iep, **{k: v for k, v in values.items() if k != "collectors"})
    goal.full_clean(exclude=["rubric_max"])
    return values


def _as_it_is(existing: ServiceRequirement | Support | Goal | None) -> dict[str, Any]:
    """What a changed line, support or goal says now: a change names only what differs."""
    if isinstance(existing, ServiceRequirement):
        return {k: getattr(existing, k) for k in SERVICE_FIELDS if k != "provider"} | {
            "provider": existing.provider_id
        }
    if isinstance(existing, Support):
        return {k: getattr(existing, k) for k in SUPPORT_FIELDS}
    if isinstance(existing, Goal):
        return {k: getattr(existing, k) for k in GOAL_FIELDS if k != "collectors"} | {
            "collectors": [u.pk for u in existing.collectors.all()]
        }
    return {"scope": Support.Scope.ALL_CLASSES, "subjects": [], "how_to": ""}


CHECKS: dict[str, Any] = {
    AmendmentChange.Target.SERVICE: _check_service,
    AmendmentChange.Target.SUPPORT: _check_support,
    AmendmentChange.Target.GOAL: _check_goal,
}


@transaction.atomic
def amendment_change_put(
    *,
    amendment: Amendment,
    by: User,
    kind: str,
    target: str,
    service_line: ServiceRequirement | None = None,
    support: Support | None = None,
    goal: Goal | None = None,
    becomes: dict[str, Any] | None = None,
    form_key: uuid.UUID | None = None,
) -> AmendmentChange:
    """Put one change into a draft amendment. A change or end of a line, support or goal
    already in the draft replaces what the draft said about it; an add with a form key
    already used is the row that key made (Back, then Add again)."""
    _draft(amendment)
    iep = amendment.iep
    if kind not in AmendmentChange.Kind.values or target not in AmendmentChange.Target.values:
        raise ValidationError("Choose what the amendment does.")
    if form_key is not None:
        earlier = AmendmentChange.objects.filter(form_key=form_key).first()
        if earlier is not None:
            return earlier
    existing = {"service": service_line, "support": support, "goal": goal}[target]
    if kind == AmendmentChange.Kind.ADD:
        existing = None
        service_line = support = goal = None
    else:
        if existing is None or existing.iep_id != iep.pk:
            raise ValidationError("Choose a line of this IEP.")
        if (
            (isinstance(existing, Goal) and not existing.active)
            or (isinstance(existing, ServiceRequirement) and existing.end_date < amendment.effective_on)
            or (isinstance(existing, Support) and not existing.is_current(amendment.effective_on))
        ):
            raise ValidationError("That has already ended.")
    values = (
        {}
        if kind == AmendmentChange.Kind.END
        else CHECKS[target](iep, {**_as_it_is(existing), **(becomes or {})})
    )
    row = (
        AmendmentChange.objects.filter(
            amendment=amendment, **{{"service": "service_line"}.get(target, target): existing}
        ).first()
        if existing is not None
        else None
    )
    if row is None:
        row = AmendmentChange(
            amendment=amendment,
            target=target,
            service_line=service_line,
            support=support,
            goal=goal,
            created_by=by,
            form_key=form_key if kind == AmendmentChange.Kind.ADD else None,
        )
    row.kind = kind
    row.becomes = values
    row.full_clean(exclude=["amendment", "created_by", "service_line", "support", "goal"])
    row.save()
    return row


@transaction.atomic
def amendment_change_remove(*, change: AmendmentChange, by: User) -> None:
    """Take a change back out of a draft amendment."""
    _draft(change.amendment)
    AmendmentChange.objects.filter(pk=change.pk).delete()


@transaction.atomic
def notice_save(
    *, amendment: Amendment, by: User, language: str | None = None, **fields: str
) -> PriorWrittenNotice:
    """Write (or rewrite, while the amendment is a draft) its prior written notice."""
    _draft(amendment)
    unknown = set(fields) - set(NOTICE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown notice fields: {sorted(unknown)}")
    notice = PriorWrittenNotice.objects.filter(amendment=amendment).first() or PriorWrittenNotice(
        amendment=amendment, written_by=by
    )
    notice.language = language or amendment.iep.student.family_language
    for name, value in fields.items():
        setattr(notice, name, value.strip())
    notice.full_clean(exclude=["amendment", "written_by"])
    notice.save()
    return notice


@dataclass(frozen=True)
class Asked:
    user: User
    why: str


def _providers_of(line: ServiceRequirement) -> list[User]:
    people = [line.provider]
    people += [
        c.user for c in ServiceCoProvider.objects.current().filter(requirement=line).select_related("user")
    ]
    return people


def _implementers(iep: IEP, supports: list[Support], day: dt.date) -> list[User]:
    """Who carries these supports out, as the acknowledgement rule has it: the responsible
    team members, and the teachers of the student's classes where one of them applies."""
    people = [
        m.user
        for m in TeamMember.objects.filter(iep=iep, role__in=RESPONSIBLE_TEAM_ROLES).select_related("user")
    ]
    for enrollment in (
        Enrollment.objects.current(day)
        .filter(student=iep.student_id, section__teacher__isnull=False)
        .select_related("section__teacher")
    ):
        if any(s.applies_to(enrollment.section.subject) for s in supports):
            people.append(enrollment.section.teacher)  # type: ignore[arg-type]
    return people


def who_is_asked(changes: list[AmendmentChange], iep: IEP, day: dt.date) -> list[Asked]:
    """The people whose part in the IEP these changes alter, each once, with why: who
    delivers a changed service line (before and after), who carries out a changed support,
    who collects data for a changed goal. Never the case manager, who wrote it."""
    found: dict[int, Asked] = {}

    def ask(user: User | None, why: str) -> None:
        if user is not None and user.pk != iep.case_manager_id and user.pk not in found:
            found[user.pk] = Asked(user, why[:200])

    for change in changes:
        if change.target == AmendmentChange.Target.SERVICE:
            old = change.service_line
            area = old.area if old else change.becomes.get("area", "")
            if old is not None:
                for person in _providers_of(old):
                    ask(person, f"delivers {area}")
            if change.becomes.get("provider"):
                ask(User.objects.filter(pk=change.becomes["provider"]).first(), f"delivers {area}")
        elif change.target == AmendmentChange.Target.SUPPORT:
            supports = [s for s in (change.support, change.new_support) if s is not None]
            if not supports:
                supports = [Support(iep=iep, **change.becomes)]
            text = supports[0].text
            for person in _implementers(iep, supports, day):
                ask(person, f"carries out “{text}”")
        else:
            goal = change.goal or change.new_goal
            area = goal.area if goal else change.becomes.get("area", "")
            people = list(goal.collectors.all()) if goal else []
            if change.new_goal is not None:
                people += list(change.new_goal.collectors.all())
            for person in people:
                ask(person, f"collects data for the {area} goal")
    return sorted(found.values(), key=lambda a: (a.user.last_name, a.user.first_name))


def _apply(change: AmendmentChange, amendment: Amendment, by: User) -> None:
    iep = amendment.iep
    day_before = amendment.effective_on - dt.timedelta(days=1)
    why = f"IEP amendment effective {amendment.effective_on:%b %-d, %Y}"
    values = dict(change.becomes)
    if change.target == AmendmentChange.Target.SERVICE:
        old = change.service_line
        end = old.end_date if old is not None else iep.end_date
        if old is not None:
            if old.start_date > day_before:
                raise ValidationError(
                    f"{old.area} starts on {old.start_date:%b %-d, %Y}: the amendment "
                    "must take effect after a line starts to change or end it."
                )
            service_requirement_end(requirement=old, by=by, end_date=day_before, reason=why)
        if change.kind != AmendmentChange.Kind.END:
            provider = User.objects.get(pk=values.pop("provider"))
            change.new_service_line = service_requirement_add(
                iep=iep,
                by=by,
                provider=provider,
                start_date=amendment.effective_on,
                end_date=max(end, amendment.effective_on),
                **values,
            )
    elif change.target == AmendmentChange.Target.SUPPORT:
        old_support = change.support
        if old_support is not None:
            if old_support.start_date > day_before:
                raise ValidationError(
                    f"“{old_support.text}” starts on {old_support.start_date:%b %-d, %Y}: "
                    "the amendment must take effect after it starts to change or end it."
                )
            support_end(support=old_support, by=by, end_date=day_before)
        if change.kind != AmendmentChange.Kind.END:
            change.new_support = support_add(iep=iep, by=by, start_date=amendment.effective_on, **values)
    else:
        old_goal = change.goal
        if old_goal is not None:
            goal_end(goal=old_goal, by=by, reason=why)
        if change.kind != AmendmentChange.Kind.END:
            collectors = list(User.objects.filter(pk__in=values.pop("collectors")))
            values["baseline_value"] = Decimal(values["baseline_value"])
            values["target_value"] = Decimal(values["target_value"])
            values["baseline_date"] = dt.date.fromisoformat(values["baseline_date"])
            values["target_date"] = dt.date.fromisoformat(values["target_date"])
            change.new_goal = goal_create(iep=iep, by=by, collectors=collectors, **values)
    change.save(update_fields=["new_service_line", "new_support", "new_goal"])


@transaction.atomic
def amendment_finalize(*, amendment: Amendment, by: User, today: dt.date | None = None) -> bool:
    """Apply the amendment's changes and make it final, once. True if this call did it;
    False when it was already final (a second submit): nothing is applied twice.

    Refused without a change, without how it was agreed, without its prior written notice,
    or taking effect before today (the notice goes to the family before the change)."""
    today = today or timezone.localdate()
    locked = Amendment.objects.select_for_update().select_related("iep", "iep__student").get(pk=amendment.pk)
    if not locked.is_draft:
        return False
    changes = list(
        locked.changes.select_related("service_line", "service_line__provider", "support", "goal")
        .prefetch_related("goal__collectors")
        .order_by("pk")
    )
    errors: list[str] = []
    if not changes:
        errors.append("Add at least one change to a service, support or goal.")
    if not locked.agreed_how:
        errors.append("Say how the amendment was agreed: at a meeting, or by the family's written agreement.")
    if not PriorWrittenNotice.objects.filter(amendment=locked).exists():
        errors.append("Write the prior written notice first.")
    if locked.effective_on < today:
        errors.append(
            f"The amendment takes effect on {locked.effective_on:%b %-d, %Y}, before today: "
            "the family receives the notice before a change takes effect. Pick today or later."
        )
    if locked.iep.status != IEP.Status.ACTIVE:
        errors.append("Only the active IEP can be amended.")
    if errors:
        raise ValidationError(errors)
    # Asked before applying (who delivers the old lines) and after (who delivers the new).
    asked = {a.user.pk: a for a in who_is_asked(changes, locked.iep, today)}
    for change in changes:
        _apply(change, locked, by)
    for a in who_is_asked(changes, locked.iep, today):
        asked.setdefault(a.user.pk, a)
    now = timezone.now()
    locked.status = Amendment.Status.FINAL
    locked.finalized_by = by
    locked.finalized_at = now
    locked.full_clean()
    locked.save(update_fields=["status", "finalized_by", "finalized_at"])
    Reacknowledgement.objects.bulk_create(
        [
            Reacknowledgement(amendment=locked, iep=locked.iep, user=a.user, why=a.why, asked_at=now)
            for a in asked.values()
        ]
    )
    amendment.status, amendment.finalized_by, amendment.finalized_at = locked.status, by, now
    return True
