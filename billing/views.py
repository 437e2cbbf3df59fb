"""Billing pages: what is not billable and why, the claims file, credentials, codes,
export layouts, a student's consent, notice and diagnoses, and co-signs.

District-wide tables (credentials, codes, layouts) are the district administrator's; the
report and the claims file are every administrator's, over their schools; a student's
billing records go through students.access ("record_billing" to change them).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from billing import actions, billability, queries
from billing.access import get_consent_for_biller, get_requirement_for_biller, get_session_to_cosign
from billing.claims import FIELDS, claim_lines
from billing.forms import (
    CodeForm,
    ConsentForm,
    CredentialForm,
    DiagnosisForm,
    ExportForm,
    LineCodingForm,
    MedicaidIdForm,
    NoteRuleForm,
    NoticeForm,
    ProfileForm,
    RangeForm,
    RevokeForm,
    profile_initial,
)
from billing.models import (
    AnnualNotice,
    BillingCode,
    BillingConsent,
    Diagnosis,
    ExportProfile,
    MedicaidId,
    NoteRule,
    ProviderCredential,
)
from iep_portal.access import require_admin
from iep_portal.access_log import log_reads
from iep_portal.csv_export import csv_line
from iep_portal.downloads import attachment
from iep_portal.form_errors import add_errors
from iep_portal.models import User
from iep_portal.submissions import AlreadySaved, already_saved, keyed_form, once
from students.access import get_student_for_user, get_student_for_user_rw

SHOWN = 500


def _form_page(request: HttpRequest, form: Any, *, title: str, intro: str = "", submit: str,
               back: str, extra: dict[str, Any] | None = None) -> HttpResponse:
    return render(request, "billing/form.html", {
        "form": form, "title": title, "intro": intro, "submit": submit, "back": back, **(extra or {}),
    }, status=400 if form.errors else 200)


def report(request: HttpRequest) -> HttpResponse:
    """Every delivered related-service session in a date range with every reason it cannot be
    billed (administrators, over their schools)."""
    user = require_admin(request)
    form = RangeForm(request.GET or None, schools=queries.schools_for(user))
    context: dict[str, Any] = {"form": form}
    if request.GET and form.is_valid():
        data = form.cleaned_data
        assessed = billability.in_range(user, data["start"], data["end"],
                                        school_id=data["school"].pk if data["school"] else None)
        log_reads(request, {a.session.student_id for a in assessed}, action="billing report")
        not_billable = [a for a in assessed if not a.billable]
        context.update(summary=queries.summarize(assessed), rows=not_billable[:SHOWN],
                       more=max(len(not_billable) - SHOWN, 0), query=request.GET.urlencode())
    return render(request, "billing/report.html", context, status=400 if form.errors else 200)


def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The claims file for a date range in a chosen layout: billable sessions only."""
    user = require_admin(request)
    form = ExportForm(request.GET or None, schools=queries.schools_for(user))
    if not request.GET or not form.is_valid():
        return render(request, "billing/export.html", {"form": form}, status=400 if form.errors else 200)
    data = form.cleaned_data
    assessed = billability.in_range(user, data["start"], data["end"],
                                    school_id=data["school"].pk if data["school"] else None)
    log_reads(request, {a.session.student_id for a in assessed if a.billable}, action="claims export")
    profile = data["profile"]
    response = StreamingHttpResponse((csv_line(line) for line in claim_lines(assessed, profile)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment(f"claims-{data['start']}-to-{data['end']}.csv")
    return response


def credentials(request: HttpRequest) -> HttpResponse:
    require_admin(request, district=True)
    return render(request, "billing/credentials.html", {
        "rows": queries.provider_rows(timezone.localdate()),
    })


def credential_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or renew one provider's NPI and licence (a save is an update: no duplicate)."""
    by = require_admin(request, district=True)
    provider = queries.providers().filter(pk=pk).first()
    if provider is None:
        raise Http404("No such provider.")
    current = ProviderCredential.objects.filter(user=provider).first()
    initial = ({"credential_type": current.credential_type, "npi": current.npi,
                "licence_number": current.licence_number, "licence_state": current.licence_state,
                "licence_expires": current.licence_expires, "supervisor": current.supervisor_id}
               if current else {})
    form = CredentialForm(request.POST or None, initial=initial, providers=queries.providers().exclude(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.credential_save(user=provider, by=by, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{provider}'s credential is saved.")
            return redirect("billing:credentials")
    return _form_page(request, form, title=f"Credential of {provider}", submit="Save the credential",
                      intro="The NPI and licence the claims file names as the rendering provider. "
                            "An assistant names the supervising provider who co-signs their sessions.",
                      back=reverse("billing:credentials"))


def codes(request: HttpRequest) -> HttpResponse:
    require_admin(request, district=True)
    return render(request, "billing/codes.html", {"codes": BillingCode.objects.all()})


def _table_save(request: HttpRequest, form: Any, save: Callable[..., Any], *, adding: bool, back: str,
                done: Callable[[Any], str]) -> HttpResponse | None:
    """Save a district table's row from a valid POST and go back to the table; None: show the
    form (again, with its errors and what was typed). An add is keyed, so Back then Save, a
    retry or a second tab adds one row; a change is an update of the one row."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        if adding:
            with once(request) as claim:
                row = save(**form.cleaned_data)
                claim.saved(row, url=back, summary=str(row))
        else:
            row = save(**form.cleaned_data)
    except AlreadySaved as saved:
        return already_saved(request, saved.submission)
    except ValidationError as exc:
        add_errors(form, exc)
        return None
    messages.success(request, done(row))
    return redirect(back)


@keyed_form
def code_add(request: HttpRequest) -> HttpResponse:
    by = require_admin(request, district=True)
    form = CodeForm(request.POST or None)
    back = reverse("billing:codes")
    return _table_save(request, form, functools.partial(actions.code_save, by=by), adding=True, back=back,
                       done=lambda row: f"{row.code} added to the code table.") or _form_page(
        request, form, title="Add a procedure code", submit="Add the code", back=back)


def code_edit(request: HttpRequest, pk: int) -> HttpResponse:
    by = require_admin(request, district=True)
    row = BillingCode.objects.filter(pk=pk).first()
    if row is None:
        raise Http404("No such code.")
    form = CodeForm(request.POST or None, initial={f: getattr(row, f) for f in CodeForm.base_fields})
    back = reverse("billing:codes")
    return _table_save(request, form, functools.partial(actions.code_save, by=by, code=row), adding=False,
                       back=back, done=lambda saved: f"{saved.code} saved.") or _form_page(
        request, form, title=f"Procedure code {row.code}", submit="Save the code", back=back)


def profiles(request: HttpRequest) -> HttpResponse:
    require_admin(request, district=True)
    return render(request, "billing/profiles.html", {"profiles": ExportProfile.objects.all()})


def _profile_page(request: HttpRequest, form: ProfileForm, title: str) -> HttpResponse:
    return _form_page(request, form, title=title, submit="Save the layout", back=reverse("billing:profiles"),
                      extra={"fields": [(name, label) for name, (label, _get) in FIELDS.items()]})


@keyed_form
def profile_add(request: HttpRequest) -> HttpResponse:
    by = require_admin(request, district=True)
    copy = ExportProfile.objects.filter(pk=request.GET.get("from") or 0).first() if (
        request.GET.get("from") or "").isdigit() else None
    initial = profile_initial(copy) | {"name": f"{copy.name} (copy)"} if copy else {}
    form = ProfileForm(request.POST or None, initial=initial)
    return _table_save(request, form, functools.partial(actions.profile_save, by=by), adding=True,
                       back=reverse("billing:profiles"), done=lambda row: f"Layout “{row.name}” added.") or (
        _profile_page(request, form, "Add an export layout"))


def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    by = require_admin(request, district=True)
    row = ExportProfile.objects.filter(pk=pk).first()
    if row is None:
        raise Http404("No such layout.")
    form = ProfileForm(request.POST or None, initial=profile_initial(row))
    save = functools.partial(actions.profile_save, by=by, profile=row)
    done = _table_save(request, form, save, adding=False, back=reverse("billing:profiles"),
                       done=lambda saved: f"Layout “{saved.name}” saved.")
    return done or _profile_page(request, form, f"Export layout: {row.name}")


def note_rules(request: HttpRequest) -> HttpResponse:
    """The least a billable session's note says, area by area (district administrator)."""
    require_admin(request, district=True)
    return render(request, "billing/note_rules.html", {
        "rules": NoteRule.objects.select_related("updated_by"), "areas": queries.related_areas(),
    })


def _note_rule_page(request: HttpRequest, form: NoteRuleForm, title: str) -> HttpResponse:
    return _form_page(request, form, title=title, submit="Save the rule", back=reverse("billing:note_rules"),
                      intro="A billable session's note says each part asked for after its label "
                            "(Activity:, Response:, Progress:), with at least the words set here. "
                            "The rule applies to every session the report or the claims file looks at "
                            "from now on.", extra={"areas": queries.related_areas()})


@keyed_form
def note_rule_add(request: HttpRequest) -> HttpResponse:
    by = require_admin(request, district=True)
    form = NoteRuleForm(request.POST or None, initial={"area": request.GET.get("area", "")[:80],
                                                       "require_activity": True, "require_response": True,
                                                       "require_progress": True})
    return _table_save(request, form, functools.partial(actions.note_rule_save, by=by), adding=True,
                       back=reverse("billing:note_rules"),
                       done=lambda row: f"Note rule for {row} added.") or (
        _note_rule_page(request, form, "Add a note rule for a service area"))


def note_rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    by = require_admin(request, district=True)
    rule = NoteRule.objects.filter(pk=pk).first()
    if rule is None:
        raise Http404("No such note rule.")
    form = NoteRuleForm(request.POST or None, initial={f: getattr(rule, f) for f in NoteRuleForm.base_fields})
    if rule.area == "":
        form.fields["area"].disabled = True
    save = functools.partial(actions.note_rule_save, by=by, rule=rule)
    done = _table_save(request, form, save, adding=False, back=reverse("billing:note_rules"),
                       done=lambda saved: f"Note rule for {saved} saved.")
    return done or _note_rule_page(request, form, f"Note rule: {rule}")


def student(request: HttpRequest, pk: int) -> HttpResponse:
    """A student's billing record: consent, notices, diagnoses, the lines' codes, and the
    student's sessions this month with their reasons."""
    access = get_student_for_user(request, pk)
    if access.limited:
        raise PermissionDenied("Billing records are part of the full record.")
    today = timezone.localdate()
    from services.models import ServiceSession

    month = ServiceSession.objects.filter(student=access.student, date__gte=today.replace(day=1),
                                          date__lte=today)
    sessions = billability.assess(list(billability.candidates(month)))
    medicaid = MedicaidId.objects.filter(student=access.student).select_related("updated_by").first()
    consents = list(BillingConsent.objects.filter(student=access.student)
                    .select_related("recorded_by", "revocation_recorded_by"))
    return render(request, "billing/student.html", {
        "access": access, "student": access.student, "can_record": access.can("record_billing"),
        "medicaid": medicaid,
        "consents": consents, "consent_in_force": any(c.revoked_on is None for c in consents),
        "notices": AnnualNotice.objects.filter(student=access.student).select_related("recorded_by"),
        "diagnoses": Diagnosis.objects.filter(student=access.student).select_related("recorded_by"),
        "lines": queries.related_lines(access.student.pk), "sessions": sessions, "today": today,
    })


def _student_create(request: HttpRequest, pk: int, form_class: type, *, title: str, submit: str,
                    save: Any, done: str) -> HttpResponse:
    access = get_student_for_user_rw(request, pk, capability="record_billing")
    form = form_class(request.POST or None)
    back = reverse("billing:student", args=[pk])
    if request.method == "POST" and form.is_valid():
        try:
            with once(request) as claim:
                row = save(student=access.student, by=cast(User, request.user), **form.cleaned_data)
                claim.saved(row, url=back, summary=f"{row} for {access.student}")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(back)
    return _form_page(request, form, title=title, submit=submit, back=back,
                      intro=f"{access.student} · {access.student.school}")


@keyed_form
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _student_create(request, pk, ConsentForm, title="Parent's consent to bill Medicaid",
                           submit="Record the consent", save=actions.consent_record,
                           done="Consent recorded: sessions from that day are billable.")


@keyed_form
def notice_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _student_create(request, pk, NoticeForm, title="Annual written notice to the parent",
                           submit="Record the notice", save=actions.notice_record, done="Notice recorded.")


@keyed_form
def diagnosis_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _student_create(request, pk, DiagnosisForm, title="Add a diagnosis code",
                           submit="Add the diagnosis",
                           save=actions.diagnosis_add, done="Diagnosis added.")


def medicaid_id(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or correct the student's Medicaid ID (a save is an update: no duplicate)."""
    access = get_student_for_user_rw(request, pk, capability="record_billing")
    current = MedicaidId.objects.filter(student=access.student).first()
    form = MedicaidIdForm(request.POST or None, initial={"number": current.number} if current else {})
    back = reverse("billing:student", args=[pk])
    if request.method == "POST" and form.is_valid():
        try:
            actions.medicaid_id_set(student=access.student, by=cast(User, request.user), **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{access.student}'s Medicaid ID is saved.")
            return redirect(back)
    return _form_page(request, form, title="Correct the Medicaid ID" if current else "Record the Medicaid ID",
                      submit="Save the Medicaid ID", back=back,
                      intro=f"{access.student} · {access.student.school}. Every claim line names the "
                            "student by this ID; without it the student's sessions are not billed.")


def consent_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    consent, access = get_consent_for_biller(request, pk)
    back = reverse("billing:student", args=[access.student.pk])
    form = RevokeForm(request.POST or None, initial={"revoked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.consent_revoke(consent=consent, by=cast(User, request.user), **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Revocation recorded: sessions from that day are not billable.")
            return redirect(back)
    return _form_page(request, form, title="The parent revoked consent to bill",
                      submit="Record the revocation",
                      back=back, intro=f"{access.student}: {consent}. Sessions on and after the day of "
                                       "revocation are logged as usual but are not billed.")


def line_coding(request: HttpRequest, pk: int) -> HttpResponse:
    requirement, access = get_requirement_for_biller(request, pk)
    if requirement.kind != requirement.Kind.RELATED:
        raise Http404("Only related-service lines are billed.")
    current = getattr(requirement, "coding", None)
    initial = ({"code": current.code_id, "modifiers": current.modifiers,
                "place_of_service": current.place_of_service} if current else {})
    form = LineCodingForm(request.POST or None, initial=initial)
    back = reverse("billing:student", args=[access.student.pk])
    if request.method == "POST" and form.is_valid():
        try:
            actions.line_coding_set(requirement=requirement, by=cast(User, request.user), **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Codes of {requirement.area} saved.")
            return redirect(back)
    return _form_page(request, form, title=f"Billing codes: {requirement.area}", submit="Save the codes",
                      back=back, intro=f"{access.student} · {requirement.summary} · {requirement.provider}")


def cosigns(request: HttpRequest) -> HttpResponse:
    """Sessions of the assistants this user supervises that wait for their co-sign."""
    return render(request, "billing/cosigns.html", {"rows": queries.to_cosign(cast(User, request.user))})


@require_POST
def cosign(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_to_cosign(request, pk)
    try:
        actions.session_cosign(session=session, by=cast(User, request.user))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Co-signed {session.student}'s {session.requirement.area} "
                                  f"on {session.date:%b %-d}.")
    return redirect("billing:cosigns")
