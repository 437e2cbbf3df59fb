"""Behavior intervention plan pages: the BIP (FBA, strategies, crisis steps, graphs and data,
ABC notes), the phone page for recording behavior data, and adding a BIP strategy."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from behavior_plans import actions
from behavior_plans.access import get_behavior_plan_for_user
from behavior_plans.forms import (
    DurationForm,
    IncidentForm,
    IntervalForm,
    PlanForm,
    RecordedForm,
    RevisionForm,
    StrategyForm,
    TargetForm,
)
from behavior_plans.history import bip_history
from behavior_plans.models import BehaviorPlan, BehaviorRecord, TargetBehavior
from behavior_plans.queries import plan_view, targets_of
from behavior_plans.revision import Stale, bip_revise, current, stamp
from iep_portal.form_errors import add_errors
from iep_portal.models import User
from iep_portal.submissions import AlreadySaved, already_saved, form_key, keyed_form, once
from students.access import CASE_MANAGER, TEACHER, StudentAccess, get_student_for_user_rw
from students.models import Enrollment

FORMS: dict[str, type[RecordedForm]] = {
    "duration": DurationForm, "interval": IntervalForm, "incident": IncidentForm,
}


def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The BIP, for every adult who sees the student. Queries after access (4): who conducted
    the FBA (1), targets and their records (2), strategies (1), recent incidents (1)."""
    bip, access = get_behavior_plan_for_user(request, pk)
    return render(request, "behavior_plans/plan.html", {
        "access": access, "student": access.student, "iep": access.iep, "view": plan_view(bip),
        "can_record": access.can("record_data"), "can_manage": access.can("manage_iep"),
        "strategy_form": StrategyForm() if access.can("manage_iep") else None,
        "target_form": TargetForm() if access.can("manage_iep") else None,
        "form_key": uuid.uuid4(),
    })


def _default_setting(access: StudentAccess) -> str:
    """Where this adult most likely sees the student: a class teacher in general education,
    the case manager in special education."""
    if TEACHER in access.relations:
        return BehaviorRecord.Setting.GEN_ED
    if CASE_MANAGER in access.relations:
        return BehaviorRecord.Setting.SPECIAL_ED
    return BehaviorRecord.Setting.OTHER


def _setting(request: HttpRequest, access: StudentAccess) -> str:
    chosen = request.POST.get("setting") or request.GET.get("setting", "")
    return chosen if chosen in BehaviorRecord.Setting.values else _default_setting(access)


def _record_page(request: HttpRequest, bip: BehaviorPlan, access: StudentAccess,
                 bound: tuple[str, forms.Form] | None = None) -> HttpResponse:
    """The entry page; `bound` is a form sent back with its errors, kept as typed. Queries
    after access: targets and today's records (2)."""
    targets = targets_of(bip, graphs=False)
    plain = [t.target for t in targets]
    setting = _setting(request, access)
    built: dict[str, forms.Form] = {name: form_class(initial={"setting": setting}, targets=plain)
             for name, form_class in FORMS.items()}
    if bound is not None:
        built[bound[0]] = bound[1]
    return render(request, "behavior_plans/record.html", {
        "access": access, "student": access.student, "bip": bip, "targets": targets,
        "tallied": [t for t in targets if t.target.measure == TargetBehavior.Measure.FREQUENCY],
        "timed": any(t.target.measure == TargetBehavior.Measure.DURATION for t in targets),
        "sampled": any(t.target.measure == TargetBehavior.Measure.INTERVAL for t in targets),
        "forms": built, "setting": setting, "settings": BehaviorRecord.Setting.choices,
        "form_key": uuid.uuid4(),
    }, status=400 if bound is not None else 200)


def record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record behavior data on a phone: a +1 per occurrence, a duration, intervals, an ABC note.
    Any adult who works with the student (record_data)."""
    bip, access = get_behavior_plan_for_user(request, pk, capability="record_data")
    return _record_page(request, bip, access)


@require_POST
def save(request: HttpRequest, pk: int) -> HttpResponse:
    """Every form of the entry page posts here; `action` says which. Each render of the page
    carries a fresh key in each form, so a second send of the same form (Back, a retry, a
    second tab of the same page) shows "already saved" and records nothing twice."""
    bip, access = get_behavior_plan_for_user(request, pk, capability="record_data")
    user = cast(User, request.user)
    setting = _setting(request, access)
    back = f"{reverse('behavior_plans:record', args=[pk])}?setting={setting}"
    request.form_key = form_key(request) or uuid.uuid4()  # type: ignore[attr-defined]
    targets = list(TargetBehavior.objects.filter(assessment=bip.assessment_id))
    action = request.POST.get("action", "")
    try:
        if action == "tally":
            target = next((t for t in targets if str(t.pk) == request.POST.get("target")), None)
            if target is None or target.measure != TargetBehavior.Measure.FREQUENCY:
                raise ValidationError(_("Choose a behavior that is counted; reload the page."))
            now = timezone.localtime()
            at = now.time().replace(microsecond=0)
            with once(request) as claim:
                row = actions.behavior_record(target=target, by=user, day=now.date(), setting=setting,
                                              time=at, count=1)
                claim.saved(row, url=back, summary=_("+1 %(behavior)s for %(student)s at %(time)s") % {
                    "behavior": target.name, "student": access.student, "time": time_format(at)})
            message = _("Counted: %(behavior)s at %(time)s.") % {
                "behavior": target.name, "time": time_format(at)}
        elif action in FORMS:
            form = FORMS[action](request.POST, targets=targets)
            if not form.is_valid():
                return _record_page(request, bip, access, (action, form))
            try:
                with once(request) as claim:
                    saved, message = _save_form(action, form.cleaned_data, bip, user)
                    claim.saved(saved, url=back, summary=f"{message} ({access.student})")
            except ValidationError as exc:
                add_errors(form, exc)
                return _record_page(request, bip, access, (action, form))
        else:
            raise ValidationError(_("Choose what to record."))
    except AlreadySaved as saved_before:
        return already_saved(request, saved_before.submission, new_form_url=back)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(request, message)
    return redirect(back)


def _save_form(action: str, data: dict[str, Any], bip: BehaviorPlan, user: User) -> tuple[Any, str]:
    target: TargetBehavior = data["target"]
    when = {"day": data["date"], "time": data.get("time"), "setting": data["setting"],
            "late_reason": data.get("late_reason", "")}
    if action == "incident":
        incident = actions.incident_record(behavior_plan=bip, by=user, target=target,
                                           antecedent=data["antecedent"], behavior=data["behavior"],
                                           consequence=data["consequence"], **when)
        return incident, _("ABC note saved: %(behavior)s, %(day)s") % {
            "behavior": target.name, "day": f"{incident.date:%b %-d}"}
    if action == "duration":
        row = actions.behavior_record(target=target, by=user, seconds=data["total_seconds"], **when)
    else:
        row = actions.behavior_record(target=target, by=user, intervals_observed=data["intervals_observed"],
                                      intervals_with=data["intervals_with"], **when)
    return row, _("Saved: %(behavior)s, %(value)s, %(day)s") % {
        "behavior": target.name, "value": row.display_value, "day": f"{row.date:%b %-d}"}


@require_POST
def strategy_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a prevention, teaching or response strategy: a support every teacher checks off."""
    bip, access = get_behavior_plan_for_user(request, pk, capability="manage_iep")
    back = reverse("behavior_plans:plan", args=[pk])
    request.form_key = form_key(request) or uuid.uuid4()  # type: ignore[attr-defined]
    form = StrategyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Name the part of the plan and the strategy."))
        return redirect(f"{back}#strategies")
    try:
        with once(request) as claim:
            strategy = actions.bip_strategy_add(behavior_plan=bip, by=cast(User, request.user),
                                                **form.cleaned_data)
            claim.saved(strategy, url=f"{back}#strategies", summary=_("BIP strategy: %(text)s") % {
                "text": strategy.support.text})
    except AlreadySaved as saved:
        return already_saved(request, saved.submission, new_form_url=back)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{back}#strategies")
    messages.success(request, _("Strategy added: every teacher of the student now checks it off."))
    return redirect(f"{back}#strategies")


def _team(access: StudentAccess) -> QuerySet[User]:
    """Who can have conducted the FBA: the plan's manager, its team and the student's teachers."""
    iep = access.iep
    assert iep is not None
    return User.objects.filter(
        Q(pk=iep.case_manager_id) | Q(team_memberships__iep=iep)
        | Q(pk__in=Enrollment.objects.current().filter(student=access.student).values("section__teacher"))
    ).distinct()


@keyed_form
def write(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the FBA (with its target behavior) and write the BIP from it, on the student's
    active plan: whoever manages the plan. Strategies are added on the BIP page afterwards."""
    access = get_student_for_user_rw(request, pk, capability="manage_iep")
    iep = access.iep
    if iep is None:
        raise Http404("This student has no active plan.")
    if BehaviorPlan.objects.filter(plan=iep).exists():
        messages.info(request, _("This plan has a BIP already."))
        return redirect("behavior_plans:plan", pk=pk)
    form = PlanForm(request.POST or None, team=_team(access))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = cast(User, request.user)
        try:
            with once(request) as claim, transaction.atomic():
                target = actions.Target(name=data["name"], definition=data["definition"],
                                        measure=data["measure"], baseline=data["baseline"], goal=data["goal"])
                assessment = actions.fba_record(
                    plan=iep, by=user, conducted_on=data["conducted_on"],
                    conducted_by=list(data["conducted_by"]), function=data["function"],
                    function_note=data["function_note"], targets=[target])
                bip = actions.bip_write(assessment=assessment, by=user,
                                        replacement_behavior=data["replacement_behavior"],
                                        crisis_steps=data["crisis_steps"], start_date=data["start_date"],
                                        review_date=data["review_date"])
                claim.saved(bip, url=reverse("behavior_plans:plan", args=[pk]),
                            summary=_("BIP for %(student)s from %(day)s") % {
                                "student": access.student, "day": f"{bip.start_date:%b %-d, %Y}"})
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("BIP written. Add its prevention, teaching and response strategies."))
            return redirect(f"{reverse('behavior_plans:plan', args=[pk])}#strategies")
    return render(request, "behavior_plans/write.html", {
        "access": access, "student": access.student, "iep": iep, "form": form,
    }, status=400 if form.errors else 200)


def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the BIP, its FBA, its target behaviors and strategies: who, when, what
    it was and what it became. Every adult who reads the BIP may read how it came to be."""
    bip, access = get_behavior_plan_for_user(request, pk)
    return render(request, "behavior_plans/history.html", {
        "access": access, "student": access.student, "bip": bip, "history": bip_history(bip),
    })


@keyed_form
def target_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a target behavior to the BIP's FBA: whoever manages the plan. A form sent back with
    its errors keeps what was typed; Back, a retry or a second tab adds nothing twice."""
    bip, access = get_behavior_plan_for_user(request, pk, capability="manage_iep")
    back = reverse("behavior_plans:plan", args=[pk])
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with once(request) as claim:
                target = actions.target_add(assessment=bip.assessment, by=cast(User, request.user),
                                            target=actions.Target(**data))
                claim.saved(target, url=f"{back}#target-{target.pk}",
                            summary=_("Target behavior: %(name)s") % {"name": target.name})
        except AlreadySaved as saved:
            return already_saved(request, saved.submission, new_form_url=request.path)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Target behavior added: adults can record it from now on."))
            return redirect(f"{back}#target-{target.pk}")
    return render(request, "behavior_plans/target_form.html", {
        "access": access, "student": access.student, "bip": bip, "form": form,
    }, status=400 if form.errors else 200)


def revise(request: HttpRequest, pk: int) -> HttpResponse:
    """Revise the FBA, its target behaviors and the BIP: whoever manages the plan. The page
    carries the version it was opened on; a save after someone else's change is refused with
    both versions side by side (HTTP 409), and nothing is overwritten unseen."""
    bip, access = get_behavior_plan_for_user(request, pk, capability="manage_iep")
    back = reverse("behavior_plans:plan", args=[pk])
    fba, targets, now = current(bip)
    team = _team(access)
    initial = {**now, "opened": stamp(now)}
    form = RevisionForm(request.POST or None, initial=initial, team=team, targets=targets)
    conflict: Stale | None = None
    if request.method == "POST" and form.is_valid():
        people = {u.pk: str(u) for u in team}
        try:
            changed = bip_revise(bip=bip, by=cast(User, request.user), opened=form.cleaned_data["opened"],
                                 values=form.values(), reason=form.cleaned_data["reason"],
                                 labels=form.labels(), people=people)
        except Stale as stale:
            conflict = stale
            # Saving again from the conflict page means: keep my version over the one shown.
            data = request.POST.copy()
            data["opened"] = stale.now_stamp
            form = RevisionForm(data, initial=initial, team=team, targets=targets)
            form.is_valid()
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if changed:
                messages.success(request, _("BIP revised. Every change is on the plan's history page."))
            else:
                messages.info(request, _("Nothing to change: the plan already says this."))
            return redirect(back)
    status = 409 if conflict else (400 if form.errors else 200)
    return render(request, "behavior_plans/revise.html", {
        "access": access, "student": access.student, "bip": bip, "fba": fba, "form": form,
        "conflict": conflict, "last_change": bip_history(bip, limit=1) if conflict else None,
    }, status=status)
