"""Service pages: log a session, a student's services, corrections, and the billing export.

Every object fetch goes through services.access (sessions, requirements) or
students.access (students); lists are scoped by ServiceRequirement.objects.loggable_by and
ServiceSession.objects.visible_to.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from iep_portal.access_log import log_reads
from iep_portal.csv_export import csv_line
from iep_portal.downloads import attachment
from iep_portal.form_errors import add_errors
from iep_portal.models import User
from iep_portal.submissions import AlreadySaved, already_saved, keyed_form, once
from iep_portal.timefmt import format_datetime, iso_datetime, iso_local
from progress.models import Goal
from services import ledger
from services.access import (
    get_requirement_for_manager,
    get_requirement_for_user_rw,
    get_session_for_user,
    get_session_for_user_rw,
    may_certify,
    may_log,
)
from services.actions import (
    AlreadyLogged,
    service_co_provider_name,
    service_co_provider_remove,
    service_requirement_add,
    service_requirement_end,
    service_session_amend,
    service_session_certify,
    service_session_void,
    service_sessions_log,
)
from services.backlog_queries import outlooks_for, plan_url
from services.forms import (
    CoProviderForm,
    ExportForm,
    RequirementEndForm,
    RequirementForm,
    SessionAmendForm,
    SessionLogForm,
    SessionVoidForm,
)
from services.ledger_queries import RequirementLedger, ledgers_for
from services.models import ServiceCoProvider, ServiceRequirement, ServiceSession
from services.scheduled import scheduled_for
from students.access import get_student_for_user, get_student_for_user_rw
from students.calendar import describe_through, figures_through
from students.models import IEP, School
from students.school_days import school_days_for

MAKEUP_WINDOW_DAYS = 60


def _missed_to_make_up(requirements: list[ServiceRequirement]) -> QuerySet[ServiceSession]:
    """Recent counted misses of these requirements that no makeup (pending or not) points at."""
    since = timezone.localdate() - dt.timedelta(days=MAKEUP_WINDOW_DAYS)
    made_up = ServiceSession.objects.effective().filter(status=ServiceSession.Status.MAKEUP)
    return (
        ServiceSession.objects.counted()
        .filter(requirement__in=[r.pk for r in requirements], date__gte=since,
                status__in=ledger.MISSED_STATUSES)
        .exclude(made_up_by__in=made_up)
        .select_related("student", "requirement")
        .order_by("-date")[:300]
    )


def _delivers(user: User, requirements: list[ServiceRequirement]) -> frozenset[int]:
    """The lines among these that `user` delivers (provides or co-provides): one query."""
    co = set(ServiceCoProvider.objects.current()
             .filter(requirement__in=[r.pk for r in requirements], user=user)
             .values_list("requirement_id", flat=True))
    return frozenset(r.pk for r in requirements if r.provider_id == user.pk or r.pk in co)


def session_url(session: ServiceSession) -> str:
    return reverse("services:session", args=[session.pk])


@keyed_form
def session_log(request: HttpRequest) -> HttpResponse:
    """The phone-sized log form: pick students, minutes, what happened, certify or not.

    Keyed (iep_portal.submissions): Back then Save, a retry or a reload saves once; the form
    key is the rows' idempotency key too.
    """
    user = cast(User, request.user)
    loggable = list(
        ServiceRequirement.objects.loggable_by(user)
        .filter(start_date__lte=timezone.localdate())
        .select_related("iep", "iep__student", "provider")
        .order_by("iep__student__last_name", "iep__student__first_name", "area")
    )
    missed = list(_missed_to_make_up(loggable))
    goals = _goals_of(loggable)
    delivers = _delivers(user, loggable)
    if request.method != "POST":
        form = SessionLogForm(requirements=loggable, missed=missed, goals=goals, delivers=delivers)
        _preselect(form, request.GET, loggable)
        return render(request, "services/log.html", _log_context(request, form, loggable, missed, goals))

    # Resolve every chosen service through the access layer first: 404 for strangers,
    # 403 for team members who may not log it, before the form says anything.
    chosen = []
    for raw in request.POST.getlist("requirements"):
        if not raw.isdigit():
            raise Http404("No such service.")
        chosen.append(get_requirement_for_user_rw(request, int(raw))[0])
    form = SessionLogForm(request.POST, requirements=loggable or chosen, missed=missed, goals=goals,
                          delivers=delivers)
    duplicate = None
    if form.is_valid():
        data = form.cleaned_data
        by_pk = {s.pk: s for s in missed}
        goal_by_pk = {g.pk: g for g in goals}
        try:
            with once(request) as claim:
                rows = service_sessions_log(
                    requirements=chosen, by=user, date=data["date"], minutes=data["minutes"],
                    status=data["status"], idempotency_key=request.form_key,  # type: ignore[attr-defined]
                    certify=data["certify"], reason=data["status_reason"], note=data["note"],
                    start_time=data["start_time"],
                    group_size=data["group_size"], late_reason=data["late_reason"],
                    makes_up=[by_pk[pk] for pk in data["makes_up"] if pk in by_pk],
                    goals=[goal_by_pk[pk] for pk in data["goals"]],
                )
                names = ", ".join(str(r.student) for r in rows)
                claim.saved(rows[0], url=session_url(rows[0]),
                            summary=f"{rows[0].minutes} min {rows[0].get_status_display().lower()} for "
                                    f"{names}, {rows[0].date:%b %-d}")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except AlreadyLogged as exc:
            duplicate = exc.session
            form.add_error(None, exc)
        except ValidationError as exc:
            add_errors(form, exc, rename={"reason": "status_reason"})
        else:
            messages.success(request, _logged_message(rows))
            return redirect("home")
    context = _log_context(request, form, loggable, missed, goals)
    context["duplicate"] = duplicate
    return render(request, "services/log.html", context, status=400)


def _logged_message(rows: list[ServiceSession]) -> str:
    """Says in words whether what was saved counts now."""
    names = ", ".join(str(r.student) for r in rows)
    first = rows[0]
    text = f"Logged {first.minutes} minutes ({first.get_status_display().lower()}) for {names}."
    behalf = sorted({str(r.on_behalf_of) for r in rows if r.on_behalf_of_id})
    if behalf:
        text += f" Pending: it counts once {' and '.join(behalf)} confirms it."
    elif first.is_certified:
        text += " Certified."
    else:
        text += " Pending: it counts once you certify it (Sessions to confirm)."
    if first.late:
        text += " Marked late."
    if first.needs_approval:
        text += " It also needs an administrator's approval before it counts."
    return text


def _goals_of(requirements: list[ServiceRequirement]) -> list[Goal]:
    """The current goals of these services' IEPs, for "IEP goals worked on" (one query).
    The page lists each under its student; the form takes only the chosen students' ones."""
    return list(Goal.objects.filter(iep__in={r.iep_id for r in requirements}, active=True)
                .select_related("iep__student")
                .order_by("iep__student__last_name", "iep__student__first_name", "area", "pk"))


def _preselect(form: SessionLogForm, params: QueryDict, loggable: list[ServiceRequirement]) -> None:
    """Start the form from its address: `?requirement=` (one or a scheduled group's lines,
    from My day or "Select the group"), `date`, and the group's `minutes` and `start`."""
    by_pk = {r.pk: r for r in loggable}
    picked = [by_pk[int(v)] for v in params.getlist("requirement") if v.isdigit() and int(v) in by_pk]
    if picked:
        form.initial["requirements"] = [r.pk for r in picked]
        lengths = {r.session_length for r in picked}
        if len(lengths) == 1:
            form.initial["minutes"] = lengths.pop()
    day = _iso_date(params.get("date", ""))
    if day is not None:
        form.initial["date"] = day
    minutes = str(params.get("minutes", ""))
    if minutes.isdigit():
        form.initial["minutes"] = int(minutes)
    with contextlib.suppress(ValueError):
        form.initial["start_time"] = dt.time.fromisoformat(str(params.get("start", "")))


def _iso_date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def _log_day(form: SessionLogForm) -> dt.date:
    """The day whose timetable groups the students: the date typed (or preselected), else today."""
    raw = form.data.get("date", "") if form.is_bound else form.initial.get("date", "")
    day = raw if isinstance(raw, dt.date) else _iso_date(str(raw))
    return day or timezone.localdate()


def _student_groups(request: HttpRequest, form: SessionLogForm, loggable: list[ServiceRequirement],
                    day: dt.date) -> list[dict[str, Any]]:
    """The students' checkboxes, grouped by the sessions scheduled on `day` (time order, each
    with its "Select the group" address), then "Other students"; one list by name when the
    provider keeps no timetable (services.scheduled). A line scheduled twice that day is
    listed in its first session only, so each checkbox appears once."""
    boxes = {int(w.data["value"]): w for w in form["requirements"]}
    items = {r.pk: {"box": boxes[r.pk], "iep": r.iep_id, "name": str(r.iep.student)}
             for r in loggable if r.pk in boxes}
    scheduled = scheduled_for(cast(User, request.user), day)
    if scheduled is None:
        return [{"label": None, "items": list(items.values())}]
    groups: list[dict[str, Any]] = []
    placed: set[int] = set()
    for session in scheduled:
        listed = set(session.requirement_pks)
        members = [pk for pk in items if pk in listed]  # by name, as everywhere on the form
        shown = [pk for pk in members if pk not in placed]
        if not shown:
            continue
        placed.update(shown)
        params = request.GET.copy()
        params.setlist("requirement", [str(pk) for pk in members])
        params["date"] = day.isoformat()
        params["minutes"] = str(session.minutes)
        if session.start is not None:
            params["start"] = session.start.strftime("%H:%M")
        else:
            params.pop("start", None)
        groups.append({"label": session.label, "items": [items[pk] for pk in shown],
                       "members": members, "minutes": session.minutes,
                       "start": session.start.strftime("%H:%M") if session.start else "",
                       "select_url": f"{request.path}?{params.urlencode()}"})
    rest = [item for pk, item in items.items() if pk not in placed]
    if rest or not groups:
        groups.append({"label": "Other students", "items": rest, "other": True})
    return groups


def _log_context(request: HttpRequest, form: SessionLogForm, loggable: list[ServiceRequirement],
                 missed: list[ServiceSession], goals: list[Goal]) -> dict[str, Any]:
    # A bound log form is always bound to request.POST.
    posted = cast(QueryDict, form.data)
    chosen = {int(v) for v in posted.getlist("makes_up") if v.isdigit()} if form.is_bound else set()
    by_pk = {g.pk: g for g in goals}
    goal_items = [{"box": w, "goal": by_pk[int(w.data["value"])]} for w in form["goals"]]
    day = _log_day(form)
    return {"form": form, "has_services": bool(loggable), "missed": missed, "chosen_makeups": chosen,
            "student_groups": _student_groups(request, form, loggable, day), "day": day,
            "student_count": len({r.iep_id for r in loggable}), "line_count": len(loggable),
            "goal_items": goal_items}


def student_services(request: HttpRequest, pk: int) -> HttpResponse:
    """Each service of the student: the ledger, week by week, with the sessions behind it.

    Queries after access (3): requirements (1), calendars and closures (2), every logged row
    of those requirements (1), their makeup links (1), ledgers_for (calendars, closures,
    minutes by status: 3). Fixed however long the history.
    """
    access = get_student_for_user(request, pk)
    if access.limited:
        raise PermissionDenied("Service logs are for the student's IEP team and administrators.")
    today = timezone.localdate()
    requirements = list(
        ServiceRequirement.objects.regular_year().filter(
            iep__student=access.student, end_date__gte=today - dt.timedelta(days=365))
        .exclude(iep__status=IEP.Status.DRAFT)
        .select_related("iep", "iep__student", "provider")
        .order_by("-iep__start_date", "kind", "area")
    )
    days = school_days_for({access.student.school_id})[access.student.school_id]
    line_pks = [r.pk for r in requirements]
    rows = list(
        ServiceSession.objects.filter(requirement__in=line_pks)
        .select_related("logged_by", "certified_by", "on_behalf_of", "approval")
        .prefetch_related("makes_up")
        .order_by("date", "pk")
    )
    # Shown: the log as it stands, pending entries included; counted: ServiceSession.counted().
    lines = ServiceSession.objects.filter(requirement__in=line_pks)
    shown = set(lines.effective().values_list("pk", flat=True))
    counted = set(lines.counted().values_list("pk", flat=True))
    co_providers = list(ServiceCoProvider.objects.current().filter(requirement__in=line_pks)
                        .select_related("user"))
    me = request.user.pk
    # The figures are the ledger's, through yesterday like every page (ledgers_for counts the
    # same sessions as My day, the dashboard, the packet and the reminders); today's sessions
    # are listed apart until they count.
    through = figures_through(today)
    ledgers = ledgers_for(requirements, through) if requirements else {}
    services: list[dict[str, Any]] = []
    for requirement in requirements:
        mine = [r for r in rows if r.requirement_id == requirement.pk]
        effective = [r for r in mine if r.pk in shown]
        for row in effective:
            row.trail = _trail(row, {r.pk: r for r in mine})  # type: ignore[attr-defined]
            row.counts = row.pk in counted  # type: ignore[attr-defined]
        can_certify = me == requirement.provider_id or any(
            c.requirement_id == requirement.pk and c.user_id == me for c in co_providers)
        service = requirement.as_service()
        weeks = ledger.weeks(
            service, days, [(r.as_fact(), r) for r in effective if r.pk in counted and r.date <= through],
            through)
        # Pending rows are listed in their week too, marked, but never in its minutes.
        for week in weeks:
            week.sessions.extend(
                r for r in effective
                if r.pk not in counted and r.date <= through
                and week.start <= r.date <= week.start + dt.timedelta(days=6))
            week.sessions.sort(key=lambda r: (cast(ServiceSession, r).date, cast(ServiceSession, r).pk))
        services.append({
            "requirement": requirement,
            "ledger": ledgers[requirement.pk].ledger,
            # Weeks with nothing owed and nothing logged (summer) are noise; a week no calendar
            # covers is not: it is shown as a data problem.
            "weeks": [w for w in reversed(weeks) if w.expected or w.sessions or w.uncovered],
            "today_sessions": [r for r in effective if r.date > through],
            "voids": [r for r in mine if r.entry == ServiceSession.Entry.VOID],
            "plan_url": plan_url(requirement.pk),
            # services.access.may_log and may_certify, answered from the co-providers in hand.
            "can_log": access.can("log_service") and (can_certify or me == requirement.iep.case_manager_id),
            "co_providers": [c for c in co_providers if c.requirement_id == requirement.pk],
            "can_certify": can_certify,
        })
    # The owed backlog and this week's sessions left, in the words of every other page.
    outlooks = outlooks_for(
        {s["requirement"].pk: RequirementLedger(s["requirement"], s["ledger"], days.is_instructional(today))
         for s in services}, today, days={access.student.school_id: days})
    for item in services:
        item["outlook"] = outlooks[item["requirement"].pk]
    return render(request, "services/student.html", {
        "access": access, "student": access.student, "services": services, "today": today,
        "through": describe_through(through),
        "void_form": SessionVoidForm(), "can_manage": access.can("manage_iep") and access.iep is not None,
    })


def _trail(row: ServiceSession, by_pk: dict[int, ServiceSession]) -> list[ServiceSession]:
    """The versions this row replaced, newest first."""
    found = []
    current = row
    while current.amends_id and current.amends_id in by_pk:
        current = by_pk[current.amends_id]
        found.append(current)
    return found


@keyed_form
def session_amend(request: HttpRequest, pk: int) -> HttpResponse:
    session, access = get_session_for_user_rw(request, pk)
    if request.method == "POST":
        form = SessionAmendForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with once(request) as claim:
                    row = service_session_amend(
                        session=session, by=cast(User, request.user), reason=data["amendment_reason"],
                        date=data["date"], minutes=data["minutes"], status=data["status"],
                        status_reason=data["status_reason"], note=data["note"],
                        goals_addressed=data["goals_addressed"], start_time=data["start_time"],
                        group_size=data["group_size"], idempotency_key=request.form_key,  # type: ignore[attr-defined]
                    )
                    claim.saved(row, url=session_url(row),
                                summary=f"Correction of {session.student}'s {session.date:%b %-d} entry")
            except AlreadySaved as saved:
                return already_saved(request, saved.submission)
            except ValidationError as exc:
                add_errors(form, exc, rename={"reason": "status_reason"})
            else:
                text = "Correction saved. The original entry is kept in the record."
                if row.is_pending:
                    text += f" It stays pending until {row.on_behalf_of} confirms it."
                if row.needs_approval:
                    text += " It takes effect once an administrator approves it."
                messages.success(request, text)
                return redirect("services:student", pk=session.student_id)
        status = 400
    else:
        form = SessionAmendForm.for_session(session)
        status = 200
    # Say before anything is typed when only the provider may change this entry.
    locked = session.is_certified and not may_certify(request.user.pk, session.requirement)  # type: ignore[arg-type]
    return render(request, "services/amend.html", {
        "session": session, "student": access.student, "form": form, "void_form": SessionVoidForm(),
        "void_key": uuid.uuid4(), "locked": locked,
    }, status=status)


@require_POST
@keyed_form
def session_void(request: HttpRequest, pk: int) -> HttpResponse:
    session, access = get_session_for_user_rw(request, pk)
    form = SessionVoidForm(request.POST)
    back = _back(request, session)
    if form.is_valid():
        try:
            with once(request) as claim:
                row = service_session_void(session=session, by=cast(User, request.user),
                                           reason=form.cleaned_data["reason"],
                                           idempotency_key=request.form_key)  # type: ignore[attr-defined]
                claim.saved(row, url=session_url(row),
                            summary=f"Void of {session.student}'s {session.date:%b %-d} entry")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            # Already voided or corrected (a second click, a colleague): say so, lose nothing.
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        else:
            text = "Entry voided. It no longer counts, and the record keeps it."
            if row.needs_approval:
                text = "Void recorded. It takes effect once an administrator approves it."
            messages.success(request, text)
            return redirect(back)
    return render(request, "services/amend.html", {
        "session": session, "student": access.student, "form": SessionAmendForm.for_session(session),
        "void_form": form, "void_key": uuid.uuid4(),
    }, status=400)


def _back(request: HttpRequest, session: ServiceSession) -> str:
    """Where a confirm or void returns: the sessions list when it came from there."""
    if request.POST.get("next") == "mine":
        return reverse("services:mine")
    return reverse("services:student", args=[session.student_id])


@require_POST
def session_certify(request: HttpRequest, pk: int) -> HttpResponse:
    session, _access = get_session_for_user_rw(request, pk)
    try:
        done = service_session_certify(session=session, by=cast(User, request.user))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Confirmed: {session.student}, {session.minutes} min on "
                                  f"{session.date:%b %-d} now counts." if done else "Already confirmed.")
    return redirect(_back(request, session))


def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry of the log as a record: what happened, when, who recorded and certified it,
    whether it is late, pending or awaiting approval, and what it corrects."""
    session, access = get_session_for_user(request, pk)
    counts = ServiceSession.objects.counted().filter(pk=session.pk).exists()
    return render(request, "services/session.html", {
        "session": session, "student": access.student, "counts": counts,
        "recorded": format_datetime(session.logged_at), "goals": list(session.goals.order_by("area", "pk")),
        "can_change": access.can("log_service") and may_log(request.user.pk, session.requirement),  # type: ignore[arg-type]
    })


def my_sessions(request: HttpRequest) -> HttpResponse:
    """Entries waiting for the signed-in provider's confirmation (theirs saved as pending,
    and those logged on their behalf), and the pending entries they logged for others.

    Queries (2): waiting for me, logged by me for others; fixed however many rows.
    """
    user = cast(User, request.user)
    related = ("student", "requirement", "requirement__provider", "logged_by", "on_behalf_of", "approval")
    waiting = list(ServiceSession.objects.awaiting_confirmation_by(user).select_related(*related)
                   .order_by("date", "pk")[:200])
    for row in waiting:
        row.void_key = uuid.uuid4()  # type: ignore[attr-defined]  # each void form its own key
    waiting_pks = {s.pk for s in waiting}
    # Of students the user still sees: what they logged while on the team leaves with them.
    mine_pending = ServiceSession.objects.awaiting_confirmation().visible_to(user).filter(logged_by=user)
    for_others = [s for s in mine_pending
                  .exclude(requirement__provider=user).select_related(*related).order_by("date", "pk")[:200]
                  if s.pk not in waiting_pks]
    return render(request, "services/mine.html", {
        "waiting": waiting, "for_others": for_others, "void_form": SessionVoidForm(),
    })


def co_providers(request: HttpRequest, pk: int) -> HttpResponse:
    """The case manager names or removes who co-provides (and so certifies) a service line."""
    requirement, access = get_requirement_for_manager(request, pk)
    user = cast(User, request.user)
    form = CoProviderForm(request.POST or None, requirement=requirement)
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                row = ServiceCoProvider.objects.current().filter(
                    requirement=requirement, pk=request.POST.get("remove", "")
                    if request.POST.get("remove", "").isdigit() else 0).first()
                if row is None:
                    raise Http404("No such co-provider.")
                service_co_provider_remove(co_provider=row, by=user)
                messages.success(request, f"{row.user} no longer co-provides {requirement.area}.")
                return redirect("services:co_providers", pk=requirement.pk)
            if form.is_valid():
                row = service_co_provider_name(requirement=requirement, user=form.cleaned_data["user"],
                                               by=user)
                messages.success(request, f"{row.user} now co-provides {requirement.area}: they may log and "
                                          "certify its sessions.")
                return redirect("services:co_providers", pk=requirement.pk)
        except ValidationError as exc:
            add_errors(form, exc)
    current = list(ServiceCoProvider.objects.current().filter(requirement=requirement)
                   .select_related("user", "named_by"))
    return render(request, "services/co_providers.html", {
        "access": access, "student": access.student, "requirement": requirement, "form": form,
        "current": current,
    }, status=400 if form.errors else 200)


EXPORT_COLUMNS = [
    "record_id", "entry", "amends_record_id", "superseded_by_record_id", "amendment_reason",
    "counts_in_ledger",
    "student_id", "student_last_name", "student_first_name", "date_of_birth", "school",
    "service_date", "start_time", "end_time", "minutes", "service_kind", "service_area", "setting",
    "group_size", "provider", "provider_title", "status", "status_reason", "makes_up_record_ids",
    "logged_by", "logged_at", "certified_by", "certified_at",
    # Happened (service_date, start_time) against recorded (logged_at); the evidence rules.
    "certification", "logged_on_behalf_of", "late", "late_reason", "approval", "approval_by",
    "approval_at", "approval_reason",
    # What the session worked on: the IEP goals it names, and the free text of older entries.
    "goals_worked_on", "goals_addressed_text",
]


def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Service logs as CSV for a date range (and school): every row, with the amendment trail.

    Admins export their schools' logs (district admins every school); everyone else the
    sessions they logged or provide. Each exported student's access log gets one row.
    """
    user = cast(User, request.user)  # signed in (middleware)
    schools = School.objects.all() if user.is_district_admin else user.schools.all()
    form = ExportForm(request.GET or None, schools=[(s.pk, s.name) for s in schools])
    if not request.GET or not form.is_valid():
        return render(request, "services/export.html", {"form": form})
    data = form.cleaned_data
    sessions = (
        ServiceSession.objects.visible_to(user)
        .filter(date__gte=data["start"], date__lte=data["end"])
        .select_related("student", "student__school", "requirement", "requirement__provider",
                        "logged_by", "certified_by", "amended_by", "on_behalf_of", "approval",
                        "approval__decided_by")
        .prefetch_related("makes_up", "goals")
        .order_by("student__school__name", "date", "student__last_name", "pk")
    )
    if data["school"]:
        sessions = sessions.filter(student__school_id=data["school"])
    rows = list(sessions)
    counted = set(sessions.counted().values_list("pk", flat=True))
    students = {r.student_id for r in rows}
    log_reads(request, students, action="export")
    filename = f"service-logs-{data['start']}-to-{data['end']}.csv"
    response = StreamingHttpResponse((_csv_line(line) for line in _export_lines(rows, counted)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment(filename)
    return response


def _csv_line(values: list[object]) -> str:
    # The one CSV writer of every export: a cell a spreadsheet would run as a formula is text.
    return csv_line(values)


def _export_lines(rows: list[ServiceSession], counted: set[int]) -> Any:
    yield EXPORT_COLUMNS
    for r in rows:
        successor = _amendment(r)
        req = r.requirement
        state = r.approval_state
        decision = r.approval if state in ("approved", "rejected") else None
        yield [
            r.pk, r.entry, r.amends_id or "", successor.pk if successor else "", r.amendment_reason,
            "yes" if r.pk in counted else "no",
            r.student.student_number, r.student.last_name, r.student.first_name,
            r.student.date_of_birth.isoformat() if r.student.date_of_birth else "", r.student.school.name,
            r.date.isoformat(), iso_local(r.date, r.start_time) if r.start_time else "",
            iso_local(r.date, r.end_time) if r.end_time else "", r.minutes,
            req.get_kind_display(), req.area, req.get_setting_display(), r.group_size,
            str(req.provider), req.provider.title, r.get_status_display(), r.reason,
            " ".join(str(m.pk) for m in r.makes_up.all()),
            str(r.logged_by), iso_datetime(r.logged_at),
            str(r.certified_by) if r.certified_by else "",
            iso_datetime(r.certified_at) if r.certified_at else "",
            "certified" if r.is_certified else "pending",
            str(r.on_behalf_of) if r.on_behalf_of else "",
            "yes" if r.late else "no", r.late_reason,
            {"": "not needed", "awaiting": "awaiting approval"}.get(state, state),
            str(decision.decided_by) if decision else "",
            iso_datetime(decision.decided_at) if decision else "",
            decision.reason if decision else "",
            "; ".join(g.area for g in sorted(r.goals.all(), key=lambda g: (g.area, g.pk))),
            r.goals_addressed,
        ]


def _amendment(row: ServiceSession) -> ServiceSession | None:
    try:
        return row.amended_by
    except ServiceSession.DoesNotExist:
        return None


@keyed_form
def requirement_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The case manager adds a service line to the student's IEP."""
    access = get_student_for_user_rw(request, pk, capability="manage_iep")
    if access.iep is None:
        raise Http404("This student has no active IEP.")
    form = RequirementForm(request.POST or None, iep=access.iep)
    if request.method == "POST" and form.is_valid():
        try:
            with once(request) as claim:
                line = service_requirement_add(iep=access.iep, by=cast(User, request.user),
                                               **form.cleaned_data)
                claim.saved(line, url=reverse("services:student", args=[pk]) + f"#req-{line.pk}",
                            summary=f"{line.area}, {line.summary}, for {access.student}")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Service added.")
            return redirect("services:student", pk=pk)
    return render(request, "services/requirement_form.html", {
        "access": access, "student": access.student, "form": form,
    }, status=400 if form.errors else 200)


@keyed_form
def requirement_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a service line (an amendment); its sessions and owed minutes stay."""
    requirement, access = get_requirement_for_manager(request, pk)
    form = RequirementEndForm(request.POST or None, initial={"end_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            with once(request) as claim:
                service_requirement_end(requirement=requirement, by=cast(User, request.user),
                                        **form.cleaned_data)
                claim.saved(requirement, url=reverse("services:student", args=[access.student.pk])
                            + f"#req-{requirement.pk}",
                            summary=f"{requirement.area} ends on {requirement.end_date:%b %-d, %Y}")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{requirement.area} ends on {requirement.end_date:%b %-d, %Y}.")
            return redirect("services:student", pk=access.student.pk)
    return render(request, "services/requirement_end.html", {
        "access": access, "student": access.student, "requirement": requirement, "form": form,
    }, status=400 if form.errors else 200)


