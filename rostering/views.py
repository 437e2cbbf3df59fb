"""District administrators' import pages: upload a drop, watch it run, read its report.

The import runs in the background (rostering.tasks); the page polls the ImportRun row
with a meta refresh, so no script is needed.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from iep_portal.access_log import log_reads
from iep_portal.downloads import attachment
from iep_portal.submissions import AlreadySaved, already_saved, keyed_form, once
from notifications.outbox import enqueue
from rostering.access import get_run_for_user, require_district_admin
from rostering.calendars import Proposal, calendar_proposals, calendars_confirm, with_effects
from rostering.forms import CalendarConfirmForm, ImportUploadForm
from rostering.models import ImportRun
from rostering.runs import fail_stalled_runs
from rostering.tasks import IMPORT_TASK


def import_list(request: HttpRequest) -> HttpResponse:
    require_district_admin(request)
    fail_stalled_runs()  # a run whose worker died shows as failed, never "running" for ever
    page = Paginator(ImportRun.objects.recent().select_related("started_by"), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "rostering/list.html", {"page": page, "form": ImportUploadForm()})


@require_POST
@keyed_form
def import_upload(request: HttpRequest) -> HttpResponse:
    """Start an import. The upload form carries its key, so Back then Upload (or a double
    click) shows the run already started instead of starting a second one."""
    user = require_district_admin(request)
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        page = Paginator(ImportRun.objects.recent(), 25).get_page(1)
        return render(request, "rostering/list.html", {"page": page, "form": form}, status=400)
    upload = form.cleaned_data["upload"]
    try:
        with once(request) as claim:
            run = _start_run(form, upload, user)
            claim.saved(
                run,
                url=reverse("rostering:import_detail", args=[run.pk]),
                summary=f"Import of {run.source_name} ({run.get_kind_display()})",
            )
    except AlreadySaved as saved:
        return already_saved(request, saved.submission)
    return redirect("rostering:import_detail", pk=run.pk)


def _start_run(form: ImportUploadForm, upload: Any, user: Any) -> ImportRun:
    with transaction.atomic():
        run = ImportRun.objects.create(
            kind=form.cleaned_data["kind"],
            mode=form.cleaned_data["mode"],
            dry_run=form.cleaned_data["dry_run"],
            source_name=upload.name[:255],
            started_by=user,
            upload=upload.read(),
        )
        # Through the outbox, in the same transaction: the request never waits on the broker,
        # and the worker is only asked once the row (with the file) is committed.
        enqueue(IMPORT_TASK, run.pk)
    return run


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request, pk)
    if run.status == ImportRun.Status.RUNNING and fail_stalled_runs():
        run = get_run_for_user(request, pk)
    return render(
        request,
        "rostering/detail.html",
        {
            "run": run,
            "totals": run.totals(),
            "refresh": not run.finished,
            "problems": run.row_problems() if run.finished else [],
            "consequences": run.consequences() if run.finished else [],
            "warnings": run.warnings() if run.finished else [],
            "proposals": calendar_proposals() if run.finished and run.kind == run.Kind.ONEROSTER else [],
        },
    )


def iep_export(request: HttpRequest) -> HttpResponse:
    """Every IEP in the district as the import's files. A read of every student with an IEP:
    each gets an "export" row in the access log, written with the export."""
    require_district_admin(request)
    from rostering.iep_import import export_iep_data, exported_students

    buffer = io.BytesIO()
    with transaction.atomic():
        files = export_iep_data()
        log_reads(request, exported_students(), action="export")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = attachment(f"iep-data-{stamp}.zip")
    return response


def _prefix(session: str) -> str:
    """A stable form prefix per session, so several forms on one page never mix fields."""
    return "s" + hashlib.sha256(session.encode()).hexdigest()[:10]


def _calendar_form(proposal: Proposal, data: Any = None) -> CalendarConfirmForm:
    choices = [(e.school.pk, e.school.name) for e in proposal.schools]
    return CalendarConfirmForm(data, school_choices=choices, prefix=_prefix(proposal.session),
                               initial={"session": proposal.session, "name": proposal.title,
                                        "start_date": proposal.start, "end_date": proposal.end,
                                        "schools": [pk for pk, _ in choices]})


def calendar_proposals_page(request: HttpRequest) -> HttpResponse:
    """The school years the roster proposes as calendars, each with its effect, to confirm."""
    require_district_admin(request)
    proposals = with_effects(calendar_proposals())
    return render(request, "rostering/calendar_proposals.html", {
        "proposals": [(p, _calendar_form(p)) for p in proposals]})


@require_POST
def calendar_confirm(request: HttpRequest) -> HttpResponse:
    """Create the confirmed calendars. A repeat (Back, a second tab, a double click) finds the
    schools already have a calendar for those dates and creates nothing more."""
    user = require_district_admin(request)
    proposals = calendar_proposals()
    session = next((v for k, v in request.POST.items() if k.endswith("-session")), "")
    proposal = next((p for p in proposals if p.session == session), None)
    if proposal is None:
        messages.info(request, "Nothing more to confirm for that school year: every school it "
                               "was proposed for has a calendar for its dates.")
        return redirect("rostering:calendar_proposals")
    form = _calendar_form(proposal, request.POST)
    posted = set(request.POST.getlist(f"{form.prefix}-schools"))
    if posted and not posted & {str(e.school.pk) for e in proposal.schools}:
        # A repeat of a confirm already made (Back, a second tab): it asks for nothing new.
        messages.info(request, "Those schools already have a calendar for these dates; nothing "
                               "more was created.")
        return redirect("rostering:calendar_proposals")
    if form.is_valid():
        try:
            created = calendars_confirm(
                session=proposal.session, name=form.cleaned_data["name"],
                start=form.cleaned_data["start_date"], end=form.cleaned_data["end_date"],
                school_ids=form.cleaned_data["schools"], by=user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            names = ", ".join(c.school.name for c in created) or "no school (each already had one)"
            messages.success(request, f"Created the {form.cleaned_data['name']} calendar at {names}. "
                                      "Add its holidays and breaks on each school's calendar page.")
            return redirect("rostering:calendar_proposals")
    others = [(p, _calendar_form(p)) for p in proposals if p.session != proposal.session]
    return render(request, "rostering/calendar_proposals.html", {
        "proposals": [(proposal, form), *others]}, status=400)
