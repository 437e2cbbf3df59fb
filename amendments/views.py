"""Amending an IEP: the draft (its changes, how it was agreed, the notice), finalizing, the
printable prior written notice, and the history of amendments."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_POST

from accommodations.models import Support
from amendments import actions
from amendments.access import get_amendment_for_user, get_change, get_student_to_read
from amendments.describe import describe
from amendments.family_copy import notice_words, untranslated
from amendments.forms import DetailsForm, GoalForm, NoticeForm, ServiceForm, SupportForm
from amendments.models import Amendment, AmendmentChange, PriorWrittenNotice, Reacknowledgement
from iep_portal.languages import chosen, codes
from iep_portal.models import User
from progress.models import Goal, eligible_collectors
from services.models import ServiceRequirement
from students.access import get_student_for_user_rw


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _page_url(amendment: Amendment) -> str:
    return reverse("amendments:amendment", args=[amendment.iep.student_id, amendment.pk])


def _changes(amendment: Amendment) -> list[AmendmentChange]:
    return list(
        amendment.changes.select_related(
            "service_line", "support", "goal", "new_service_line", "new_support", "new_goal"
        ).order_by("target", "pk")
    )


def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every amendment of the student's IEPs, newest first. Queries: the student's (3), the
    amendments with their notices and authors (1), their changes (1), who was asked (1)."""
    access = get_student_to_read(request, pk)
    amendments = list(
        Amendment.objects.filter(iep__student=access.student)
        .select_related("iep", "notice", "created_by", "finalized_by")
        .prefetch_related(
            Prefetch(
                "changes",
                queryset=AmendmentChange.objects.select_related("service_line", "support", "goal").order_by(
                    "target", "pk"
                ),
            ),
            Prefetch("asked", queryset=Reacknowledgement.objects.select_related("user")),
        )
        .order_by("-status", "-effective_on", "-pk")
    )
    rows = [(a, [describe(c) for c in a.changes.all()]) for a in amendments]
    return render(
        request,
        "amendments/history.html",
        {"student": access.student, "iep": access.iep, "rows": rows, "amend": access.can("amend")},
    )


@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, pk, capability="amend")
    if access.iep is None:
        raise Http404("No active IEP.")
    try:
        amendment = actions.amendment_start(iep=access.iep, by=cast(User, request.user))
    except ValidationError as e:
        messages.error(request, _errors(e))
        return HttpResponseRedirect(reverse("students:detail", args=[pk]))
    return HttpResponseRedirect(_page_url(amendment))


def amendment(request: HttpRequest, pk: int, amendment_pk: int) -> HttpResponse:
    """The amendment: while a draft, every current line, support and goal with Change and
    End, forms to add new ones, how it was agreed, the notice and Finalize; once final, what
    it changed, who was asked to acknowledge again, and the notice."""
    found = get_amendment_for_user(request, pk, amendment_pk)
    a, access = found.amendment, found.access
    changes = _changes(a)
    context: dict[str, Any] = {
        "student": access.student,
        "amendment": a,
        "iep": a.iep,
        "amend": access.can("amend"),
        "described": [describe(c) for c in changes],
        "notice": PriorWrittenNotice.objects.filter(amendment=a).first(),
        "asked": list(Reacknowledgement.objects.filter(amendment=a).select_related("user")),
    }
    if a.is_draft and context["amend"]:
        iep = a.iep
        by_line = {c.service_line_id: c for c in changes if c.service_line_id}
        by_support = {c.support_id: c for c in changes if c.support_id}
        by_goal = {c.goal_id: c for c in changes if c.goal_id}
        people = eligible_collectors(iep, timezone.localdate())
        lines = ServiceRequirement.objects.filter(iep=iep, end_date__gte=a.effective_on).select_related(
            "provider"
        )
        supports = Support.objects.filter(iep=iep).current(a.effective_on)
        goals = Goal.objects.filter(iep=iep, active=True).prefetch_related("collectors")
        context.update(
            lines=[(line, by_line.get(line.pk), ServiceForm(iep=iep, line=line)) for line in lines],
            supports=[(s, by_support.get(s.pk), SupportForm(support=s)) for s in supports],
            goals=[(g, by_goal.get(g.pk), GoalForm(people=people, goal=g)) for g in goals],
            new_line=ServiceForm(iep=iep),
            new_support=SupportForm(),
            new_goal=GoalForm(people=people),
            details_form=DetailsForm(instance=a),
            notice_form=NoticeForm(instance=context["notice"]),
            form_key=uuid.uuid4(),
        )
    return render(request, "amendments/amendment.html", context)


def _back(found: Any) -> HttpResponseRedirect:
    return HttpResponseRedirect(_page_url(found.amendment))


def _final_already(request: HttpRequest, found: Any) -> HttpResponseRedirect | None:
    if not found.amendment.is_draft:
        messages.info(request, "This amendment is final; nothing was changed.")
        return _back(found)
    return None


@require_POST
def details(request: HttpRequest, pk: int, amendment_pk: int) -> HttpResponse:
    found = get_amendment_for_user(request, pk, amendment_pk, write=True)
    if (done := _final_already(request, found)) is not None:
        return done
    form = DetailsForm(request.POST, instance=Amendment.objects.get(pk=found.amendment.pk))
    if form.is_valid():
        try:
            data = form.cleaned_data
            actions.amendment_details_set(
                amendment=found.amendment,
                by=cast(User, request.user),
                effective_on=data["effective_on"],
                agreed_how=data["agreed_how"],
                meeting_on=data.get("meeting_on"),
                agreement_on=data.get("agreement_on"),
            )
        except ValidationError as e:
            messages.error(request, _errors(e))
        else:
            messages.success(request, "Saved when the amendment takes effect and how it was agreed.")
    else:
        messages.error(request, " ".join(str(m) for errs in form.errors.values() for m in errs))
    return _back(found)


def _posted_pk(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("of", ""))
    except ValueError:
        return None


@require_POST
def change(request: HttpRequest, pk: int, amendment_pk: int) -> HttpResponse:
    """Put one change into the draft: `target` (service, support, goal), `kind` (add, change,
    end), `of` (the line, support or goal changed or ended) and, for add and change, its fields."""
    found = get_amendment_for_user(request, pk, amendment_pk, write=True)
    if (done := _final_already(request, found)) is not None:
        return done
    a = found.amendment
    iep = a.iep
    kind, target, of = request.POST.get("kind", ""), request.POST.get("target", ""), _posted_pk(request)
    line = ServiceRequirement.objects.filter(iep=iep, pk=of).first() if target == "service" and of else None
    support = Support.objects.filter(iep=iep, pk=of).first() if target == "support" and of else None
    goal = (
        Goal.objects.filter(iep=iep, pk=of).prefetch_related("collectors").first()
        if target == "goal" and of
        else None
    )
    if kind != "add" and line is None and support is None and goal is None:
        raise Http404("No such line.")
    becomes: dict[str, Any] = {}
    if kind != "end":
        form: Any
        if target == "service":
            form = ServiceForm(request.POST, iep=iep, line=line)
        elif target == "support":
            form = SupportForm(request.POST, support=support)
        elif target == "goal":
            form = GoalForm(request.POST, people=eligible_collectors(iep, timezone.localdate()), goal=goal)
        else:
            raise Http404("No such kind of change.")
        if not form.is_valid():
            messages.error(
                request,
                " ".join(
                    f"{form.fields[n].label if n in form.fields else ''}: {m}"
                    for n, errs in form.errors.items()
                    for m in errs
                ),
            )
            return _back(found)
        becomes = (
            form.becomes(line)
            if target == "service"
            else (form.becomes(support) if target == "support" else form.becomes())
        )
    try:
        key = uuid.UUID(request.POST.get("k", "")) if kind == "add" else None
    except ValueError:
        key = None
    try:
        actions.amendment_change_put(
            amendment=a,
            by=cast(User, request.user),
            kind=kind,
            target=target,
            service_line=line,
            support=support,
            goal=goal,
            becomes=becomes,
            form_key=key,
        )
    except ValidationError as e:
        messages.error(request, _errors(e))
    else:
        messages.success(request, "Added to the amendment. Nothing changes on the IEP until you finalize it.")
    return _back(found)


@require_POST
def change_remove(request: HttpRequest, pk: int, amendment_pk: int, change_pk: int) -> HttpResponse:
    found = get_amendment_for_user(request, pk, amendment_pk, write=True)
    if (done := _final_already(request, found)) is not None:
        return done
    try:
        actions.amendment_change_remove(
            change=get_change(found.amendment, change_pk), by=cast(User, request.user)
        )
    except Http404:
        messages.info(request, "That change is not in the amendment (any more).")
    else:
        messages.success(request, "Taken out of the amendment.")
    return _back(found)


@require_POST
def notice(request: HttpRequest, pk: int, amendment_pk: int) -> HttpResponse:
    found = get_amendment_for_user(request, pk, amendment_pk, write=True)
    if (done := _final_already(request, found)) is not None:
        return done
    form = NoticeForm(request.POST)
    if form.is_valid():
        try:
            actions.notice_save(
                amendment=found.amendment,
                by=cast(User, request.user),
                **{k: form.cleaned_data[k] for k in NoticeForm.Meta.fields},
            )
        except ValidationError as e:
            messages.error(request, _errors(e))
        else:
            messages.success(request, "The prior written notice is saved.")
            return _back(found)
    else:
        messages.error(
            request,
            "The notice needs: "
            + ", ".join(str(form.fields[n].label) for n in form.errors if n in form.fields)
            + ".",
        )
    return _back(found)


@require_POST
def finalize(request: HttpRequest, pk: int, amendment_pk: int) -> HttpResponse:
    found = get_amendment_for_user(request, pk, amendment_pk, write=True)
    try:
        done = actions.amendment_finalize(amendment=found.amendment, by=cast(User, request.user))
    except ValidationError as e:
        messages.error(request, _errors(e))
        return _back(found)
    if done:
        n = Reacknowledgement.objects.filter(amendment=found.amendment).count()
        messages.success(
            request,
            f"The amendment is final and takes effect on "
            f"{found.amendment.effective_on:%b %-d, %Y}. {n} "
            f"{'person is' if n == 1 else 'people are'} asked to acknowledge the IEP "
            "again. Print the notice for the family.",
        )
    else:
        messages.info(request, "This amendment was already final; nothing was applied again.")
    return _back(found)


def notice_print(request: HttpRequest, pk: int, amendment_pk: int) -> HttpResponse:
    """The prior written notice to print and give the family, in their language (or ?lang=):
    everything is translated but the team's own words, which are printed as written."""
    found = get_amendment_for_user(request, pk, amendment_pk)
    a = found.amendment
    written = PriorWrittenNotice.objects.filter(amendment=a).select_related("written_by").first()
    if written is None:
        raise Http404("No notice written yet.")
    lang = chosen(request.GET.get("lang"), found.access.student.family_language)
    with translation.override(lang):
        described = [describe(c) for c in _changes(a)]
        return render(
            request,
            "amendments/notice_print.html",
            {
                "student": found.access.student,
                "amendment": a,
                "iep": a.iep,
                "notice": written,
                "words": notice_words(written, lang),
                "untranslated": untranslated(written, lang),
                "described": described,
                "lang": lang,
                "other_lang": next(code for code in codes() if code != lang),
            },
        )
