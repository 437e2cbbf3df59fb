"""Progress pages. Every fetch goes through progress.access or students.access."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iep_portal.models import User
from progress import actions
from progress.access import GoalAccess, get_data_request_for_user, get_goal_for_user
from progress.forms import (
    DataPointForm,
    DataRequestForm,
    GoalForm,
    ReportEntryForm,
    ReportSentForm,
    ScheduleForm,
)
from progress.graph import build_graph
from progress.models import (
    DataPoint,
    Goal,
    ProgressReport,
    ReportingSchedule,
    eligible_collectors,
)
from progress.periods import Period, current
from progress.reports import report_statuses, reporting_periods
from students.access import StudentAccess, get_student_for_user, get_student_for_user_rw


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

def goal_create(request: HttpRequest, student_pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, student_pk, capability="manage_iep")
    iep = _active_iep(access)
    people = eligible_collectors(iep, timezone.localdate())
    form = GoalForm(request.POST or None, people=people,
                    initial={"baseline_date": iep.start_date, "target_date": iep.end_date,
                             "collectors": [iep.case_manager_id]})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        collectors = data.pop("collectors")
        try:
            goal = actions.goal_create(iep=iep, by=request.user, collectors=collectors, **data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Goal saved."))
            return redirect("progress:goal", pk=goal.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "progress/goal_form.html",
                  {"form": form, "student": access.student, "goal": None}, status=status)


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
    return render(request, "progress/goal_form.html",
                  {"form": form, "student": ga.access.student, "goal": goal}, status=status)


def _goal_page(request: HttpRequest, ga: GoalAccess, *, point_form: DataPointForm | None = None,
               request_form: DataRequestForm | None = None, status: int = 200) -> HttpResponse:
    """The goal page. Queries after access: collectors (1), points (1), requests (1), and
    for the case manager the people to ask (1). None of these grow with the data."""
    goal, access, user = ga.goal, ga.access, request.user
    collectors = [row.user for row in goal.collector_rows.select_related("user")]
    points = list(goal.data_points.select_related("collected_by"))
    analysis = goal.analyse(points)
    manages = access.can("manage_iep")
    requests = list(
        goal.data_requests.select_related("teacher", "requested_by").order_by("-created_at")[:20]
    ) if manages else []
    can_record = access.can("record_data") and goal.active
    if point_form is None and can_record:
        point_form = DataPointForm(goal=goal, default_setting=default_setting(user))
    if request_form is None and manages:
        request_form = DataRequestForm(people=eligible_collectors(goal.iep, timezone.localdate()))
    return render(request, "progress/goal.html", {
        "goal": goal, "student": access.student, "access": access, "collectors": collectors,
        "points": points, "analysis": analysis, "graph": build_graph(goal, points, analysis),
        "point_form": point_form if can_record else None, "request_form": request_form,
        "requests": requests, "manages": manages, "today": timezone.localdate(),
    }, status=status)


def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _goal_page(request, get_goal_for_user(request, pk))


@require_POST
def data_point_add(request: HttpRequest, pk: int) -> HttpResponse:
    ga = get_goal_for_user(request, pk, capability="record_data")
    goal = ga.goal
    form = DataPointForm(request.POST, goal=goal, default_setting=default_setting(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.data_point_record(
                goal=goal, by=request.user, day=data["date"], setting=data["setting"],  # type: ignore[arg-type]
                value=data.get("value"), correct=data.get("correct"), total=data.get("total"),
                note=data["note"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Data saved for %(student)s: %(area)s.") % {
                "student": ga.access.student, "area": goal.area})
            if data.get("return_to") == "home":
                return redirect("home")
            return redirect("progress:goal", pk=goal.pk)
    return _goal_page(request, ga, point_form=form, status=400)


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- data requests ---------------------------------------------------------------------------------

@require_POST
def data_request_create(request: HttpRequest, pk: int) -> HttpResponse:
    ga = get_goal_for_user(request, pk, capability="manage_iep")
    form = DataRequestForm(request.POST, people=eligible_collectors(ga.goal.iep, timezone.localdate()))
    if form.is_valid():
        try:
            made, skipped = actions.data_request_create(
                goal=ga.goal, by=request.user, teachers=list(form.cleaned_data["teachers"]),  # type: ignore[arg-type]
                due_on=form.cleaned_data["due_on"], message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if made:
                messages.success(request, _("Asked %(names)s for data.") % {
                    "names": ", ".join(str(r.teacher) for r in made)})
            if skipped:
                messages.info(request, _("Already asked and not yet answered: %(names)s.") % {
                    "names": ", ".join(str(p) for p in skipped)})
            return redirect("progress:goal", pk=ga.goal.pk)
    return _goal_page(request, ga, request_form=form, status=400)


def data_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The teacher's quick form for one request (linked from My day and from reminders)."""
    data_request = get_data_request_for_user(request, pk)
    goal = data_request.goal
    form = DataPointForm(goal=goal, default_setting=default_setting(request.user),
                         initial={"return_to": "home"})
    return render(request, "progress/data_request.html", {
        "data_request": data_request, "goal": goal, "student": goal.iep.student, "form": form,
    })


@require_POST
def data_request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    data_request = get_data_request_for_user(request, pk, manage=True)
    try:
        actions.data_request_cancel(data_request=data_request, by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Request cancelled."))
    return redirect("progress:goal", pk=data_request.goal_id)


# --- progress reports ------------------------------------------------------------------------------

def _period(iep: Any, number: int | None) -> tuple[list[Period], Period]:
    all_periods = reporting_periods(iep, timezone.localdate())
    if number is None:
        return all_periods, current(all_periods, timezone.localdate())
    for period in all_periods:
        if period.number == number:
            return all_periods, period
    raise Http404("No such reporting period.")


def _report_rows(iep: Any, period: Period) -> tuple[list[Goal], dict[int, list[DataPoint]],
                                                     dict[int, ProgressReport]]:
    """Goals, their points and this period's reports: three queries."""
    goals = list(Goal.objects.filter(iep=iep, active=True))
    points: dict[int, list[DataPoint]] = {g.pk: [] for g in goals}
    for point in DataPoint.objects.filter(goal__in=goals):
        points[point.goal_id].append(point)
    reports = {r.goal_id: r for r in ProgressReport.objects.filter(goal__in=goals,
                                                                    period_start=period.start)}
    return goals, points, reports


def reports(request: HttpRequest, student_pk: int, number: int | None = None) -> HttpResponse:
    access = get_student_for_user_rw(request, student_pk, capability="manage_iep")
    iep = _active_iep(access)
    all_periods, period = _period(iep, number)
    goals, points, existing = _report_rows(iep, period)
    rows = []
    for goal in goals:
        analysis = goal.analyse(points[goal.pk], until=period.end)
        report = existing.get(goal.pk)
        initial = {"code": report.code if report else analysis.suggested_code,
                   "narrative": report.narrative if report else ""}
        rows.append({
            "goal": goal, "analysis": analysis, "report": report,
            "suggested": ProgressReport.Code(analysis.suggested_code).label,
            "form": ReportEntryForm(prefix=f"g{goal.pk}", initial=initial),
        })
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
    return render(request, "progress/reports.html", {
        "student": access.student, "iep": access.iep, "periods": all_periods, "period": period,
        "rows": rows, "written": bool(existing), "sent": sent, "owed": this_period,
        "period_nav": [(p, next((o for o in owed.owed if o.period == p), None)) for p in all_periods],
        "unsent_written": any(r.sent_on is None for r in existing.values()),
        "sent_form": sent_form or ReportSentForm(initial={
            "sent_on": timezone.localdate(), "language": access.student.family_language}),
        "schedule_form": ScheduleForm(instance=schedule or ReportingSchedule(iep=access.iep)),
    }, status=status)


@require_POST
def report_save(request: HttpRequest, student_pk: int, number: int) -> HttpResponse:
    access = get_student_for_user_rw(request, student_pk, capability="manage_iep")
    iep = _active_iep(access)
    all_periods, period = _period(iep, number)
    goals, points, existing = _report_rows(iep, period)
    rows, entries, valid = [], [], True
    for goal in goals:
        form = ReportEntryForm(request.POST, prefix=f"g{goal.pk}")
        analysis = goal.analyse(points[goal.pk], until=period.end)
        rows.append({"goal": goal, "analysis": analysis, "report": existing.get(goal.pk),
                     "suggested": ProgressReport.Code(analysis.suggested_code).label, "form": form})
        if (done := existing.get(goal.pk)) is not None and done.sent_on:
            continue  # already with the family: shown, not rewritten
        if form.is_valid():
            entries.append(actions.ReportEntry(goal, form.cleaned_data["code"],
                                               form.cleaned_data["narrative"], points[goal.pk]))
        else:
            valid = False
    if valid:
        try:
            actions.progress_report_save(period=period, by=request.user, entries=entries)  # type: ignore[arg-type]
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
    written = list(ProgressReport.objects.filter(goal__iep=iep, period_start=period.start,
                                                 sent_on__isnull=True))
    if form.is_valid():
        try:
            actions.progress_report_mark_sent(
                reports=written, by=request.user, sent_on=form.cleaned_data["sent_on"],  # type: ignore[arg-type]
                how=form.cleaned_data["how"], language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Recorded that the report was sent to the family."))
            return redirect("progress:reports_period", student_pk=student_pk, number=number)
    messages.error(request, _("The report was not recorded as sent: %(why)s") % {
        "why": " ".join(str(e) for errs in form.errors.values() for e in errs)})
    return redirect("progress:reports_period", student_pk=student_pk, number=number)


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
    """The printable report for the family: one page per goal, in the family's language
    (or ?lang=). Fixed text is translated; what the team wrote is printed as written."""
    access = get_student_for_user(request, student_pk)
    if not access.can("view_full"):
        raise Http404("No such report.")
    iep = _active_iep(access)
    _all, period = _period(iep, number)
    lang = request.GET.get("lang")
    if lang not in dict(ProgressReport.Language.choices):
        lang = access.student.family_language
    goals, points, existing = _report_rows(iep, period)
    with translation.override(lang):
        pages = []
        for goal in goals:
            report = existing.get(goal.pk)
            if report is None:
                continue
            upto = [p for p in points[goal.pk] if p.date <= period.end]
            analysis = goal.analyse(upto)
            pages.append({"goal": goal, "report": report, "summary": report.data_summary,
                          "graph": build_graph(goal, upto, analysis)})
        return render(request, "progress/family_report.html", {
            "student": access.student, "iep": iep, "period": period, "pages": pages,
            "lang": lang, "other_lang": "en" if lang == "es" else "es",
        })
