"""Progress pages. Every fetch goes through progress.access or students.access."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accommodations.forms import ReviewForm
from accommodations.review_requests import implementers
from iep_portal.languages import chosen, family_languages, name_of
from iep_portal.models import User
from iep_portal.submissions import AlreadySaved, already_saved, form_key, keyed_form, once
from iep_portal.translations import missing
from progress import actions
from progress.access import GoalAccess, get_data_request_for_user, get_goal_for_user
from progress.decisions import (
    current_phase,
    decision_overdue,
    describe_basis,
    due_after,
    family_words,
    fired_rules,
)
from progress.due import review_requests_for
from progress.family_copy import report_words, untranslated
from progress.forms import (
    DataPointForm,
    DataRequestForm,
    GoalDecisionForm,
    GoalForm,
    ReportEntryForm,
    ReportSentForm,
    ReviewRequestForm,
    ScheduleForm,
    TranslationsForm,
)
from progress.graph import build_graph
from progress.models import (
    DataPoint,
    DataRequest,
    Goal,
    GoalDecision,
    GoalTranslation,
    NarrativeTranslation,
    ProgressReport,
    ReportingSchedule,
    eligible_collectors,
)
from progress.periods import Period, current
from progress.reports import next_review_timing, report_statuses, reporting_periods
from students.access import StudentAccess, get_student_for_user, get_student_for_user_rw
from students.school_days import school_days_for


def default_setting(user: Any) -> str:
    """Gen-ed teachers record in their classroom; everyone else in special education."""
    if user.role == User.Role.GEN_ED_TEACHER:
        return DataPoint.Setting.GEN_ED
    return DataPoint.Setting.SPECIAL_ED


def _active_iep(access: StudentAccess) -> Any:
    if access.iep is None:
        raise Http404("This student has no active IEP.")
    return access.iep


# --- goals -------------------------------------------------------------------------------------


@keyed_form
def goal_create(request: HttpRequest, student_pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, student_pk, capability="manage_iep")
    iep = _active_iep(access)
    people = eligible_collectors(iep, timezone.localdate())
    form = GoalForm(
        request.POST or None,
        people=people,
        initial={
            "baseline_date": iep.start_date,
            "target_date": iep.end_date,
            "collectors": [iep.case_manager_id],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        collectors = data.pop("collectors")
        try:
            with once(request) as claim:
                goal = actions.goal_create(iep=iep, by=request.user, collectors=collectors, **data)  # type: ignore[arg-type]
                claim.saved(
                    goal,
                    url=reverse("progress:goal", args=[goal.pk]),
                    summary=f"Goal for {access.student}: {goal.area}",
                )
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Goal saved."))
            return redirect("progress:goal", pk=goal.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "progress/goal_form.html",
        {"form": form, "student": access.student, "goal": None},
        status=status,
    )


def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    ga = get_goal_for_user(request, pk, capability="manage_iep")
    goal = ga.goal
    people = eligible_collectors(goal.iep, timezone.localdate())
    initial = {"collectors": list(goal.collector_rows.values_list("user_id", flat=True))}
    form = GoalForm(request.POST or None, instance=goal, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        collectors = data.pop("collectors")
        try:
            actions.goal_update(goal=goal, by=request.user, collectors=collectors, **data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Goal saved."))
            return redirect("progress:goal", pk=goal.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "progress/goal_form.html",
        {"form": form, "student": ga.access.student, "goal": goal},
        status=status,
    )


def _goal_page(
    request: HttpRequest, ga: GoalAccess, *, request_form: DataRequestForm | None = None,
    decision_form: GoalDecisionForm | None = None, status: int = 200,
) -> HttpResponse:
    """The goal page. Queries after access: collectors (1), every point for the table (1),
    the points that count for the graph (1), decisions (1), requests (1), and for the case
    manager the people to ask (1), the school's calendars and closures for whether a decision
    is overdue (2). None of these grow with the data."""
    goal, access, user = ga.goal, ga.access, request.user
    collectors = [row.user for row in goal.collector_rows.select_related("user")]
    points = list(goal.data_points.select_related("collected_by", "recorded_by"))
    counting = list(goal.data_points.counting())
    decisions = list(goal.decisions.in_order().select_related("decided_by"))
    analysis = goal.analyse(counting, decisions)
    phase = current_phase(counting, decisions)
    fires = fired_rules(goal, counting, decisions)
    open_fire = fires[-1] if fires and fires[-1].open else None
    school_id = goal.iep.student.school_id
    overdue = decision_overdue(fires, school_days_for({school_id})[school_id], timezone.localdate())
    manages = access.can("manage_iep")
    requests = (
        list(goal.data_requests.select_related("teacher", "requested_by").order_by("-created_at")[:20])
        if manages
        else []
    )
    can_record = access.can("record_data") and goal.active
    point_form = DataPointForm(goal=goal, default_setting=default_setting(user)) if can_record else None
    if request_form is None and manages:
        request_form = DataRequestForm(people=eligible_collectors(goal.iep, timezone.localdate()))
    return render(
        request,
        "progress/goal.html",
        {
            "goal": goal,
            "student": access.student,
            "access": access,
            "collectors": collectors,
            "points": points,
            "analysis": analysis,
            "graph": build_graph(goal, counting, analysis, phase.lines),
            "decisions": [(d, describe_basis(d.based_on)) for d in decisions],
            "phase": phase,
            "open_fire": open_fire,
            "overdue": overdue,
            "due_after": due_after(),
            "decision_form": decision_form or (GoalDecisionForm(initial={"decided_on": timezone.localdate()})
                                               if manages and goal.active else None),
            "uncounted": [p for p in points if not p.counts],
            "point_form": point_form,
            "request_form": request_form,
            "requests": requests,
            "manages": manages,
            "today": timezone.localdate(),
        },
        status=status,
    )


def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _goal_page(request, get_goal_for_user(request, pk))


@keyed_form
def data_point_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The data-point form: its own page (linked from the goal), and where the quick forms on
    My day and the goal page post. Each form carries its key, so a repeat saves nothing."""
    ga = get_goal_for_user(request, pk, capability="record_data")
    goal = ga.goal
    if not goal.active:
        raise Http404("This goal is no longer active.")
    setting = default_setting(request.user)
    me = cast(User, request.user)
    others = User.objects.filter(collected_goals=goal).exclude(pk=me.pk).order_by("last_name", "first_name")
    if request.method != "POST":
        form = DataPointForm(
            goal=goal,
            default_setting=setting,
            collectors=others,
            initial={"return_to": request.GET.get("return_to", "")},
        )
        return _data_point_page(request, ga, form)
    form = DataPointForm(request.POST, goal=goal, default_setting=setting, collectors=others)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with once(request) as claim:
                point = actions.data_point_record(
                    goal=goal,
                    by=request.user,  # type: ignore[arg-type]
                    day=data["date"],
                    setting=data["setting"],
                    value=data.get("value"),
                    correct=data.get("correct"),
                    total=data.get("total"),
                    note=data["note"],
                    late_reason=data["late_reason"],
                    collected_by=data.get("collected_by"),
                )
                claim.saved(
                    point,
                    url=reverse("progress:goal", args=[goal.pk]) + f"#point-{point.pk}",
                    summary=f"{ga.access.student}, {goal.area}: {point.display_value} "
                    f"on {point.date:%b %-d, %Y}",
                )
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Data saved for %(student)s: %(area)s.")
                % {"student": ga.access.student, "area": goal.area},
            )
            if point.approval == DataPoint.Approval.WAITING:
                messages.warning(
                    request,
                    _(
                        "This data point was entered more than %(days)s days after the fact: it is "
                        "kept, and counts in the graph and reports once an administrator approves it."
                    )
                    % {"days": settings.EVIDENCE_APPROVAL_AFTER_DAYS},
                )
            if data.get("return_to") == "home":
                return redirect("home")
            return redirect("progress:goal", pk=goal.pk)
    return _data_point_page(request, ga, form, status=400)


def _data_point_page(
    request: HttpRequest, ga: GoalAccess, form: DataPointForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "progress/data_point_form.html",
        {
            "goal": ga.goal,
            "student": ga.access.student,
            "form": form,
            "approval_after": settings.EVIDENCE_APPROVAL_AFTER_DAYS,
        },
        status=status,
    )


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- data requests ---------------------------------------------------------------------------------


@require_POST
@keyed_form
def data_request_create(request: HttpRequest, pk: int) -> HttpResponse:
    ga = get_goal_for_user(request, pk, capability="manage_iep")
    form = DataRequestForm(request.POST, people=eligible_collectors(ga.goal.iep, timezone.localdate()))
    if form.is_valid():
        try:
            with once(request) as claim:
                made, skipped = actions.data_request_create(
                    goal=ga.goal,
                    by=request.user,  # type: ignore[arg-type]
                    teachers=list(form.cleaned_data["teachers"]),
                    due_on=form.cleaned_data["due_on"],
                    message=form.cleaned_data["message"],
                )
                names = ", ".join(str(r.teacher) for r in made) or _("nobody new")
                claim.saved(
                    made[0] if made else ga.goal,
                    url=reverse("progress:goal", args=[ga.goal.pk]) + "#requests-heading",
                    summary=_("Data request on %(area)s to %(names)s")
                    % {"area": ga.goal.area, "names": names},
                )
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if made:
                messages.success(
                    request,
                    _("Asked %(names)s for data.") % {"names": ", ".join(str(r.teacher) for r in made)},
                )
            if skipped:
                messages.info(
                    request,
                    _("Already asked and not yet answered: %(names)s.")
                    % {"names": ", ".join(str(p) for p in skipped)},
                )
            return redirect("progress:goal", pk=ga.goal.pk)
    return _goal_page(request, ga, request_form=form, status=400)


def data_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The teacher's quick form for one request (linked from My day and from reminders): a
    data point for a goal, or, for support reviews, a review form for each support this
    teacher was asked to review for the student."""
    data_request = get_data_request_for_user(request, pk)
    if data_request.is_review:
        return _review_request_page(request, data_request)
    goal = data_request.goal
    assert goal is not None  # a request is for a goal or a support
    form = DataPointForm(
        goal=goal, default_setting=default_setting(request.user), initial={"return_to": "home"}
    )
    return render(
        request,
        "progress/data_request.html",
        {
            "data_request": data_request,
            "goal": goal,
            "student": goal.iep.student,
            "form": form,
        },
    )


def _review_request_page(request: HttpRequest, data_request: DataRequest) -> HttpResponse:
    student = data_request.iep.student
    others = review_requests_for(cast(User, request.user), student)
    return render(request, "progress/review_request.html", {
        "data_request": data_request,
        "student": student,
        "others": [r for r in others if r.pk != data_request.pk],
        "review_form": ReviewForm(),
        "today": timezone.localdate(),
    })


@require_POST
def data_request_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The teacher answers a request for a support review. Each render of the form carries a
    fresh key: a second send of it shows "already saved"; another tab's form, sent after the
    request was answered, records nothing and says so."""
    data_request = get_data_request_for_user(request, pk)
    if not data_request.is_review:
        raise Http404("No such request.")
    form = ReviewForm(request.POST)
    request.form_key = form_key(request) or uuid.uuid4()  # type: ignore[attr-defined]
    here = reverse("progress:data_request", args=[pk])
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(here)
    try:
        with once(request) as claim:
            review = actions.review_request_answer(
                data_request=data_request, by=request.user, **form.cleaned_data  # type: ignore[arg-type]
            )
            claim.saved(review, url=here,
                        summary=_("Review of “%(support)s”: %(summary)s")
                        % {"support": data_request.support, "summary": review.summary})
    except AlreadySaved as saved:
        return already_saved(request, saved.submission, new_form_url=here)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(here)
    messages.success(request, _("Thank you. %(who)s sees your review.") % {"who": data_request.requested_by})
    student = data_request.iep.student
    following = review_requests_for(cast(User, request.user), student)
    if following:
        return redirect("progress:data_request", pk=following[0].pk)
    return redirect("home")


@require_POST
def data_request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    data_request = get_data_request_for_user(request, pk, manage=True)
    try:
        actions.data_request_cancel(data_request=data_request, by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Request cancelled."))
    if data_request.is_review:
        return redirect(reverse("progress:reports", args=[data_request.iep.student_id]) + "#support-reviews")
    return redirect("progress:goal", pk=data_request.goal_id)


@require_POST
@keyed_form
def review_requests_create(request: HttpRequest, student_pk: int) -> HttpResponse:
    """The case manager asks everyone who carries out the student's supports to review them,
    due some school days before the next progress report."""
    access = get_student_for_user_rw(request, student_pk, capability="manage_iep")
    iep = _active_iep(access)
    form = ReviewRequestForm(request.POST)
    back = reverse("progress:reports", args=[student_pk]) + "#support-reviews"
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(back)
    try:
        with once(request) as claim:
            asked = actions.review_requests_before_report(
                iep=iep, by=request.user, school_days=form.cleaned_data["school_days"],  # type: ignore[arg-type]
                message=form.cleaned_data["message"],
            )
            claim.saved(asked.made[0] if asked.made else iep, url=back,
                        summary=_("Support reviews for %(student)s due %(day)s")
                        % {"student": access.student, "day": f"{asked.timing.review_due_on:%b %-d}"})
    except AlreadySaved as saved:
        return already_saved(request, saved.submission)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    people = sorted({str(r.teacher) for r in asked.made})
    if people:
        messages.success(request, ngettext(
            "Asked %(names)s to review %(n)s support by %(day)s, %(lead)s school days before progress "
            "report %(period)s is due (%(due)s).",
            "Asked %(names)s to review %(n)s supports by %(day)s, %(lead)s school days before progress "
            "report %(period)s is due (%(due)s).", len(asked.made)) % {
            "names": ", ".join(people), "n": len(asked.made),
            "day": f"{asked.timing.review_due_on:%a %b %-d}", "lead": form.cleaned_data["school_days"],
            "period": asked.timing.period.label, "due": f"{asked.timing.report_due_on:%b %-d}"})
    if asked.skipped:
        messages.info(request, _("Already asked and not yet answered: %(names)s.")
                      % {"names": ", ".join(str(p) for p in asked.skipped)})
    return redirect(back)


# --- progress reports ------------------------------------------------------------------------------


def _period(iep: Any, number: int | None) -> tuple[list[Period], Period]:
    all_periods = reporting_periods(iep, timezone.localdate())
    if number is None:
        return all_periods, current(all_periods, timezone.localdate())
    for period in all_periods:
        if period.number == number:
            return all_periods, period
    raise Http404("No such reporting period.")


def _report_rows(
    iep: Any, period: Period
) -> tuple[list[Goal], dict[int, list[DataPoint]], dict[int, list[GoalDecision]], dict[int, ProgressReport]]:
    """Goals, their points that count, their decisions up to the period's end and this
    period's reports: four queries."""
    goals = list(Goal.objects.filter(iep=iep, active=True))
    points: dict[int, list[DataPoint]] = {g.pk: [] for g in goals}
    for point in DataPoint.objects.counting().filter(goal__in=goals):
        points[point.goal_id].append(point)
    decided: dict[int, list[GoalDecision]] = {g.pk: [] for g in goals}
    for decision in GoalDecision.objects.filter(goal__in=goals, decided_on__lte=period.end).in_order():
        decided[decision.goal_id].append(decision)
    reports = {r.goal_id: r for r in ProgressReport.objects.filter(goal__in=goals, period_start=period.start)}
    return goals, points, decided, reports


def reports(request: HttpRequest, student_pk: int, number: int | None = None) -> HttpResponse:
    access = get_student_for_user_rw(request, student_pk, capability="manage_iep")
    iep = _active_iep(access)
    all_periods, period = _period(iep, number)
    goals, points, decided, existing = _report_rows(iep, period)
    rows = []
    for goal in goals:
        analysis = goal.analyse(points[goal.pk], decided[goal.pk], until=period.end)
        report = existing.get(goal.pk)
        initial = {
            "code": report.code if report else analysis.suggested_code,
            "narrative": report.narrative if report else "",
        }
        rows.append(
            {
                "goal": goal,
                "analysis": analysis,
                "report": report,
                "suggested": ProgressReport.Code(analysis.suggested_code).label,
                "form": ReportEntryForm(prefix=f"g{goal.pk}", initial=initial),
            }
        )
    return _reports_page(request, access, all_periods, period, rows, existing)


def _reports_page(request: HttpRequest, access: StudentAccess, all_periods: list[Period],
                  period: Period, rows: list[dict[str, Any]], existing: dict[int, ProgressReport],
                  *, sent_form: ReportSentForm | None = None, status: int = 200) -> HttpResponse:
    # Owed, sent or late: the answer the checklist, deadlines, reminders and evidence give.
    owed = report_statuses([access.iep], timezone.localdate())[access.iep.pk]  # type: ignore[list-item,union-attr]
    this_period = owed.for_period(period)
    status_of = {row.goal_id: row for row in this_period.rows} if this_period else {}
    for row in rows:
        row["status"] = status_of.get(row["goal"].pk)
    sent = next((r for r in existing.values() if r.sent_on), None)
    schedule = ReportingSchedule.objects.filter(iep=access.iep).first()
    # What the family's copy would print in English: the same answer the send step checks.
    unsent = [r for r in _in_copy_order(rows, existing) if r.sent_on is None]
    return render(request, "progress/reports.html", {
        "untranslated": untranslated(unsent, access.student.family_language),
        "student": access.student, "iep": access.iep, "periods": all_periods, "period": period,
        "rows": rows, "written": bool(existing), "sent": sent, "owed": this_period,
        "period_nav": [(p, next((o for o in owed.owed if o.period == p), None)) for p in all_periods],
        "unsent_written": any(r.sent_on is None for r in existing.values()),
        "sent_form": sent_form or ReportSentForm(initial={
            "sent_on": timezone.localdate(), "language": access.student.family_language}),
        "schedule_form": ScheduleForm(instance=schedule or ReportingSchedule(iep=access.iep)),
        **_support_reviews(access.iep),
    }, status=status)


def _support_reviews(iep: Any) -> dict[str, Any]:
    """The reports page's support reviews: who would be asked, by when (at the form's default
    lead), and the reviews asked so far. Queries: implementers (3), timing (4), requests (1)."""
    today = timezone.localdate()
    lead = ReviewRequestForm.base_fields["school_days"].initial
    return {
        "review_request_form": ReviewRequestForm(),
        "review_people": [(person, len(supports)) for person, supports in implementers(iep, today)],
        "review_timing": next_review_timing(iep, today, lead),
        "review_lead": lead,
        "review_requests": list(
            DataRequest.objects.for_supports().filter(support__iep=iep)
            .select_related("support", "teacher", "review").order_by("-created_at", "teacher__last_name")[:60]
        ),
        "today": today,
    }


@require_POST
@keyed_form
def report_save(request: HttpRequest, student_pk: int, number: int) -> HttpResponse:
    access = get_student_for_user_rw(request, student_pk, capability="manage_iep")
    iep = _active_iep(access)
    all_periods, period = _period(iep, number)
    goals, points, decided, existing = _report_rows(iep, period)
    rows, entries, valid = [], [], True
    for goal in goals:
        form = ReportEntryForm(request.POST, prefix=f"g{goal.pk}")
        analysis = goal.analyse(points[goal.pk], decided[goal.pk], until=period.end)
        rows.append({"goal": goal, "analysis": analysis, "report": existing.get(goal.pk),
                     "suggested": ProgressReport.Code(analysis.suggested_code).label, "form": form})
        if (done := existing.get(goal.pk)) is not None and done.sent_on:
            continue  # already with the family: shown, not rewritten
        if form.is_valid():
            entries.append(
                actions.ReportEntry(
                    goal, form.cleaned_data["code"], form.cleaned_data["narrative"], points[goal.pk],
                    decided[goal.pk],
                )
            )
        else:
            valid = False
    if valid:
        try:
            with once(request) as claim:
                saved = actions.progress_report_save(period=period, by=request.user, entries=entries)  # type: ignore[arg-type]
                claim.saved(
                    saved[0] if saved else iep,
                    url=reverse("progress:reports_period", args=[student_pk, number]),
                    summary=_("Progress reports for %(student)s, period %(n)s")
                    % {"student": access.student, "n": number},
                )
        except AlreadySaved as already:
            return already_saved(request, already.submission)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Progress reports saved."))
            return redirect("progress:reports_period", student_pk=student_pk, number=number)
    return _reports_page(request, access, all_periods, period, rows, existing, status=400)


@require_POST
def report_sent(request: HttpRequest, student_pk: int, number: int) -> HttpResponse:
    access = get_student_for_user_rw(request, student_pk, capability="manage_iep")
    iep = _active_iep(access)
    _all, period = _period(iep, number)
    form = ReportSentForm(request.POST)
    # Only the reports not sent yet: one sent earlier keeps the date it went out.
    written = list(ProgressReport.objects.filter(goal__iep=iep, goal__active=True, period_start=period.start,
                                                 sent_on__isnull=True)
                   .select_related("goal").order_by("goal__area", "goal__pk"))
    if form.is_valid():
        try:
            actions.progress_report_mark_sent(
                reports=written,
                by=request.user,  # type: ignore[arg-type]
                sent_on=form.cleaned_data["sent_on"],
                how=form.cleaned_data["how"],
                language=form.cleaned_data["language"],
                untranslated_acknowledged=form.cleaned_data["untranslated_acknowledged"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Recorded that the report was sent to the family."))
            return redirect("progress:reports_period", student_pk=student_pk, number=number)
    messages.error(
        request,
        _("The report was not recorded as sent: %(why)s")
        % {"why": " ".join(str(e) for errs in form.errors.values() for e in errs)},
    )
    return redirect("progress:reports_period", student_pk=student_pk, number=number)


def _in_copy_order(rows: list[dict[str, Any]], existing: dict[int, ProgressReport]) -> list[ProgressReport]:
    """The period's reports in the family copy's order (the goals'), each with its goal."""
    reports = []
    for row in rows:
        report = existing.get(row["goal"].pk)
        if report is not None:
            report.goal = row["goal"]
            reports.append(report)
    return reports


@keyed_form
def translations(request: HttpRequest, student_pk: int, number: int) -> HttpResponse:
    """The team enters the family's-language words of this period's report: each goal's
    area, statement and unit and each report's narrative, beside the English."""
    access = get_student_for_user_rw(request, student_pk, capability="manage_iep")
    iep = _active_iep(access)
    _all, period = _period(iep, number)
    lang = chosen(request.GET.get("lang") or request.POST.get("lang"), access.student.family_language)
    if lang == "en":
        lang = next((code for code, _name in family_languages() if code != "en"), "en")
    goals, _points, _decided, existing = _report_rows(iep, period)
    reports = _in_copy_order([{"goal": g} for g in goals], existing)
    current = report_words(reports, lang)
    stored = _stored_translations(reports, lang)
    texts, entries_of, earlier = [], {}, {}
    for report in reports:
        goal, said = report.goal, current[report.pk]
        parts = [("area", said.area), ("annual_goal", said.annual_goal), ("unit", said.unit),
                 ("narrative", said.narrative)]
        for part, text in parts:
            if not text.english.strip():
                continue
            name = f"r{report.pk}-narrative" if part == "narrative" else f"g{goal.pk}-{part}"
            texts.append((name, text.part, text.english))
            entries_of[name] = (goal, part, report, text)
            old = stored.get((report.pk, "narrative") if part == "narrative" else (goal.pk, part))
            if old is not None and text.translated is None:
                earlier[name] = old  # made from English that has since changed
    initial = {name: t.translated or "" for name, (_g, _p, _r, t) in entries_of.items()}
    form = TranslationsForm(request.POST or None, texts=texts, initial=initial)
    if request.method == "POST" and form.is_valid():
        entries = [
            actions.TranslationEntry(english=t.english, text=form.cleaned_data[name],
                                     report=r if part == "narrative" else None,
                                     goal=None if part == "narrative" else g,
                                     part="" if part == "narrative" else part)
            for name, (g, part, r, t) in entries_of.items()
        ]
        url = reverse("progress:translations", args=[student_pk, number]) + f"?lang={lang}"
        try:
            with once(request) as claim:
                actions.staff_translations_save(language=lang, by=cast(User, request.user), entries=entries)
                claim.saved(reports[0], url=url, summary=f"Translations of period {number}'s report "
                                                          f"into {name_of(lang)}")
        except AlreadySaved as already:
            return already_saved(request, already.submission)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            left = untranslated(reports, lang)
            messages.success(request, f"Translations saved. {len(left) or 'Nothing'} left untranslated.")
            return redirect(reverse("progress:reports_period", args=[student_pk, number]))
    rows = [{"field": form[name], "english": english, "earlier": earlier.get(name)}
            for name, _label, english in texts]
    return render(request, "progress/translations.html", {
        "student": access.student, "iep": iep, "period": period, "lang": lang,
        "language_name": name_of(lang), "rows": rows, "form": form,
        "languages": [(c, n) for c, n in family_languages() if c not in ("en", lang)],
    }, status=400 if request.method == "POST" else 200)


def _stored_translations(reports: list[ProgressReport], lang: str) -> dict[tuple[int, str], str]:
    """Every translation on file of these reports' texts, current or not: (goal pk, part) and
    (report pk, "narrative"). Two queries."""
    found: dict[tuple[int, str], str] = {}
    for goal_pk, part, text in GoalTranslation.objects.filter(
            goal__in=[r.goal_id for r in reports], language=lang).values_list("goal_id", "part", "text"):
        found[(goal_pk, part)] = text
    for report_pk, text in NarrativeTranslation.objects.filter(
            report__in=reports, language=lang).values_list("report_id", "text"):
        found[(report_pk, "narrative")] = text
    return found


@require_POST
def schedule_set(request: HttpRequest, student_pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, student_pk, capability="manage_iep")
    iep = _active_iep(access)
    schedule = ReportingSchedule.objects.filter(iep=iep).first() or ReportingSchedule(iep=iep)
    form = ScheduleForm(request.POST, instance=schedule)
    if form.is_valid():
        form.save()
        messages.success(request, _("Reporting schedule saved."))
    else:
        messages.error(request, _("Choose how many progress reports a year."))
    return redirect("progress:reports", student_pk=student_pk)


def family_report(request: HttpRequest, student_pk: int, number: int) -> HttpResponse:
    """The printable report for the family, in the family's language or the one asked for
    (?lang=)."""
    access = get_student_for_user(request, student_pk)
    if not access.can("view_full"):
        raise Http404("No such report.")
    return render_family_report(request, student=access.student, iep=_active_iep(access), number=number,
                                lang=chosen(request.GET.get("lang"), access.student.family_language),
                                staff=True)


def render_family_report(
    request: HttpRequest, *, student: Any, iep: Any, number: int, lang: str | None, back_url: str = "",
    staff: bool = False,
) -> HttpResponse:
    """The family copy of period `number`'s report in `lang` (None or a language the product
    lacks: the student's family language): the one page both the staff's print view and the
    family portal (families.views, with its own `back_url` and the guardian's language)
    render. Wholly in that language: the product's words from the catalogue, the team's from
    their translations (progress.family_copy), any part without a current translation printed
    in English and marked so; never the decision rule, the aimline's terms or the team's phase
    labels. `staff`: the team's notice of what is untranslated and where to translate it."""
    _all, period = _period(iep, number)
    lang = chosen(lang, student.family_language)
    goals, points, decided, existing = _report_rows(iep, period)
    reports = _in_copy_order([{"goal": g} for g in goals], existing)
    words = report_words(reports, lang)
    with translation.override(lang):
        pages = []
        for report in reports:
            goal, said = report.goal, words[report.pk]
            upto = [p for p in points[goal.pk] if p.date <= period.end]
            analysis = goal.analyse(upto, decided[goal.pk])
            phase = current_phase(upto, decided[goal.pk])
            unit = said.unit.text if goal.unit and goal.measure not in _UNITLESS else ""
            pages.append({
                "goal": goal,
                "report": report,
                "words": said,
                "summary": report.data_summary,
                "graph": build_graph(goal, upto, analysis, phase.lines, family=True,
                                     title=_("Progress on %(area)s") % {"area": said.area.text},
                                     y_label=unit or None),
                # What the team decided this period, in plain words (never the rule's).
                "decided": [family_words(d, area=said.area.text)
                            for d in decided[goal.pk] if d.decided_on >= period.start],
            })
        gaps = missing(t for r in reports for t in words[r.pk].texts)
        return render(request, "progress/family_report.html", {
            "student": student, "iep": iep, "period": period, "pages": pages, "lang": lang,
            "languages": [(code, name) for code, name in family_languages() if code != lang],
            "untranslated": gaps, "staff": staff,
            "back_url": back_url or reverse("progress:reports_period", args=[student.pk, period.number]),
        })


_UNITLESS = (Goal.Measure.PERCENT, Goal.Measure.TRIALS, Goal.Measure.RUBRIC)


@require_POST
@keyed_form
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The case manager records a decision on the goal (continue, change, raise or lower, met)."""
    ga = get_goal_for_user(request, pk, capability="manage_iep")
    form = GoalDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with once(request) as claim:
                decision = actions.goal_decision_record(
                    goal=ga.goal, by=cast(User, request.user), kind=data["kind"],
                    decided_on=data["decided_on"], changes=data["changes"], label=data["label"],
                    detail=data["detail"], consulted=data["consulted"],
                )
                claim.saved(decision, url=reverse("progress:goal", args=[pk]) + "#decisions-heading",
                            summary=f"Decision on {ga.goal.area}: {decision.get_kind_display()}")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            if decision.changes_goal:
                messages.info(request, _("Raising or lowering a goal changes the IEP: start an amendment "
                                         "to write the new goal."))
            return redirect(reverse("progress:goal", args=[pk]) + "#decisions-heading")
    return _goal_page(request, ga, decision_form=form, status=400)
