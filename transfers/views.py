"""Transfer pages: record an arrival, a student's transfer (received IEP, comparable services,
the clock, closing), and the open transfers of the schools one oversees."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from iep_portal.models import User
from iep_portal.submissions import AlreadySaved, already_saved, keyed_form, once
from services.forms import RequirementForm
from services.models import ServiceRequirement
from students.access import StudentAccess, get_student_for_user, get_student_for_user_rw
from students.models import Student
from transfers import actions
from transfers.access import MANAGE, case_managers_at, may_record, recording_schools
from transfers.forms import CloseForm, EvaluationForm, RecordForm
from transfers.models import TransferIn


def _errors_into(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errs in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


def open_transfers(request: HttpRequest) -> HttpResponse:
    """Open transfers among the students the user sees, soonest due first. Queries: the
    transfers with student, school and case manager (1), however many there are."""
    user = cast(User, request.user)
    if not may_record(user):
        raise Http404("Not found.")
    today = timezone.localdate()
    rows = list(
        TransferIn.objects.open().filter(student__in=Student.objects.visible_to(user))
        .select_related("student", "student__school", "interim_iep__case_manager").order_by("due_on", "pk")
    )
    for t in rows:
        t.days_left = (t.due_on - today).days  # type: ignore[attr-defined]
        t.days_late = -t.days_left  # type: ignore[attr-defined]
    return render(request, "transfers/list.html", {"rows": rows, "today": today})


@keyed_form
def record(request: HttpRequest) -> HttpResponse:
    """Record a student who arrived with an IEP from another district, and start the interim IEP."""
    user = cast(User, request.user)
    schools = recording_schools(user)
    if not may_record(user) or not schools.exists():
        raise Http404("Not found.")
    managers = case_managers_at(list(schools.values_list("pk", flat=True)))
    initial = {"case_manager": user.pk} if user.role == User.Role.CASE_MANAGER else {}
    form = RecordForm(request.POST or None, schools=schools, case_managers=managers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with once(request) as claim:
                transfer = actions.transfer_in_record(by=user, **form.cleaned_data)
                url = reverse("transfers:detail", args=[transfer.student_id])
                claim.saved(transfer, url=url, summary=f"{transfer.student}'s transfer from "
                                                       f"{transfer.sending_district}")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as e:
            _errors_into(form, e)
        else:
            messages.success(request, f"{transfer.student}'s transfer is recorded and the interim IEP is in "
                                      f"effect. Add the comparable services next.")
            return HttpResponseRedirect(url)
    return render(request, "transfers/record.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def _transfer_of(access: StudentAccess) -> TransferIn:
    if access.limited:
        raise Http404("No such transfer.")
    transfer = (TransferIn.objects.filter(student=access.student)
                .select_related("interim_iep__case_manager", "recorded_by", "closed_by", "evaluation_by",
                                "new_iep").order_by("-recorded_at", "-pk").first())
    if transfer is None:
        raise Http404("No such transfer.")
    return transfer


def _page(request: HttpRequest, access: StudentAccess, transfer: TransferIn, *, status: int = 200,
          **forms: Any) -> HttpResponse:
    today = timezone.localdate()
    manage = access.can(MANAGE) and transfer.is_open
    lines = list(ServiceRequirement.objects.filter(iep=transfer.interim_iep_id).select_related("provider")
                 .order_by("start_date", "area"))
    context: dict[str, Any] = {
        "student": access.student, "transfer": transfer, "lines": lines, "manage": manage,
        "days_left": (transfer.due_on - today).days, "days_late": (today - transfer.due_on).days,
        "today": today,
        "interim_days": (transfer.due_on - transfer.enrolled_on).days,
        "days_in": (min(today, transfer.due_on) - transfer.enrolled_on).days,
    }
    if manage:
        new_ieps = actions.new_iep_choices(transfer)
        context["new_ieps"] = new_ieps
        if transfer.in_state or new_ieps or forms.get("close_form"):
            context["close_form"] = forms.get("close_form") or CloseForm(new_ieps=new_ieps,
                                                                         in_state=transfer.in_state)
        if transfer.needs_evaluation_decision:
            context["evaluation_form"] = forms.get("evaluation_form") or EvaluationForm()
    return render(request, "transfers/detail.html", context, status=status)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_student_for_user(request, pk)
    return _page(request, access, _transfer_of(access))


def _back(pk: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("transfers:detail", args=[pk]))


@keyed_form
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a comparable service to the interim IEP."""
    access = get_student_for_user_rw(request, pk, capability=MANAGE)
    transfer = _transfer_of(access)
    if not transfer.is_open:
        messages.info(request, "This transfer is closed: services are changed on the services page.")
        return _back(pk)
    iep = transfer.interim_iep
    form = RequirementForm(request.POST or None, iep=iep,
                           initial={"start_date": max(transfer.enrolled_on, iep.start_date)})
    if request.method == "POST" and form.is_valid():
        try:
            with once(request) as claim:
                line = actions.transfer_line_add(transfer=transfer, by=cast(User, request.user),
                                                 **form.cleaned_data)
                claim.saved(line, url=reverse("transfers:detail", args=[pk]) + f"#line-{line.pk}",
                            summary=f"{line.area}, {line.summary}, for {access.student}")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as e:
            _errors_into(form, e)
        else:
            messages.success(request, f"{line.area} added to the comparable services.")
            return _back(pk)
    return render(request, "transfers/line_form.html",
                  {"student": access.student, "transfer": transfer, "iep": iep, "form": form},
                  status=400 if request.method == "POST" else 200)


@require_POST
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, pk, capability=MANAGE)
    transfer = _transfer_of(access)
    if transfer.evaluation and transfer.evaluation == request.POST.get("evaluation"):
        messages.info(request, "The evaluation decision is already recorded.")
        return _back(pk)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            actions.transfer_evaluation_decide(transfer=transfer, by=cast(User, request.user),
                                               **form.cleaned_data)
        except ValidationError as e:
            _errors_into(form, e)
        else:
            messages.success(request, "The evaluation decision is recorded.")
            return _back(pk)
    return _page(request, access, transfer, status=400, evaluation_form=form)


@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, pk, capability=MANAGE)
    transfer = _transfer_of(access)
    if not transfer.is_open:
        if transfer.outcome == request.POST.get("outcome"):  # a retry or a second tab
            messages.info(request, "This transfer is already closed.")
            return _back(pk)
        raise Http404("This transfer is closed.")
    form = CloseForm(request.POST, new_ieps=actions.new_iep_choices(transfer), in_state=transfer.in_state)
    if form.is_valid():
        try:
            actions.transfer_close(transfer=transfer, by=cast(User, request.user), **form.cleaned_data)
        except ValidationError as e:
            _errors_into(form, e)
        else:
            messages.success(request, f"{access.student}'s transfer is closed: "
                                      f"{TransferIn.Outcome(form.cleaned_data['outcome']).label.lower()}.")
            return _back(pk)
    return _page(request, access, transfer, status=400, close_form=form)
