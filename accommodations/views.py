"""Supports pages: My classes (check-offs), IEP at a glance, the case manager's supports page.

Every student fetch goes through students.access (via accommodations.access).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accommodations import actions
from accommodations.access import (
    can_acknowledge,
    get_review_for_user,
    get_section_for_teacher,
    get_support_for_user,
    require,
)
from accommodations.acknowledgements import (
    acknowledgement_status,
    outstanding_acknowledgements,
    to_acknowledge,
)
from accommodations.classroom import SectionDay, classes_for
from accommodations.forms import (
    OTHER_OUTCOMES,
    CheckDayForm,
    PeriodForm,
    ReviewForm,
    SupportEndForm,
    SupportForm,
)
from accommodations.glance import build_glance_panels
from accommodations.history import support_history
from accommodations.models import ImplementationCheck, Support, SupportReview
from accommodations.rates import counted_through, implementation_for
from accommodations.review_requests import pending_reviews
from accommodations.support_trend import support_trends
from iep_portal.access_log import log_reads
from iep_portal.models import User
from iep_portal.submissions import (
    AlreadySaved,
    already_saved,
    form_key,
    keyed_form,
    once,
)
from students.access import TEACHER, StudentAccess, get_student_for_user, get_student_for_user_rw
from students.caseload import caseload_for
from students.models import IEP, Enrollment, Section, Student

PARTIAL_HEADER = "HTTP_X_REQUESTED_WITH"
PARTIAL_VALUE = "fetch"


# --- My classes: the gen-ed teacher's check-off page -----------------------------------------

def my_classes(request: HttpRequest) -> HttpResponse:
    """Today's classes (or an earlier day's), each with its IEP students' supports."""
    day = CheckDayForm(request.GET).day()
    sections = classes_for(request.user, day)  # type: ignore[arg-type]
    shown = focus_section(sections, request.GET.get("section"))
    visible = sections if shown is None else [shown]
    _log_reads(request, visible)
    _attach_acknowledgements(request, visible)
    return render(request, "accommodations/my_classes.html", {
        "day": day, "today": timezone.localdate(), "sections": sections, "shown": shown,
        "instructional": any(s.instructional for s in sections),
        # The day's letter in the rotation ("B day"), when the teacher's school has one.
        "letter": next((s.letter for s in sections if s.letter), None),
        "other_outcomes": OTHER_OUTCOMES,
        "previous_day": day - dt.timedelta(days=3 if day.weekday() == 0 else 1),
        "unchecked": sum(s.unchecked for s in sections),
        "form_key": uuid.uuid4(),
    })


class _NothingSaved(Exception):
    """Raised inside `once` when an action saved nothing: the key is released with it."""


@require_POST
@keyed_form
def section_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Every check-off button on My classes posts here; the pressed button says what to do.

    provided=<support>: one support provided. other=<support> with outcome-<support> and
    note-<support>: another outcome. absent=<student>: the student is absent from this class
    meeting. student_all=<student>: all expected supports of one student provided.
    section_all: everyone in the class (absent students are passed by). assessment: the class
    has an assessment today. late_reason: why a check of an earlier day is recorded late.
    Answers with the class's fragment to a script, else redirects.

    The class's form carries one key (`k`) per render; each action claims its own key made
    from it and what it does (the support and the outcome too), so a second press of the same
    button (Back, a retry, a second tab) shows "already saved", while another outcome for the
    same support is a change to that check (inside the change window, with its history).
    """
    section = get_section_for_teacher(request.user, pk)  # type: ignore[arg-type]
    day_form = CheckDayForm(request.POST)
    if day_form.is_bound and not day_form.is_valid():
        # A posted day is never replaced by today: the check would be recorded on another day.
        return _after_check(request, section, timezone.localdate(),
                            " ".join(str(e) for e in day_form.errors["date"]), ok=False)
    day = day_form.day()
    post = request.POST
    user = cast(User, request.user)
    reason = post.get("late_reason", "")
    where = _class_url(section, day)
    try:
        if "provided" in post or "other" in post:
            key = "provided" if "provided" in post else "other"
            support, access = get_support_for_user(request, _int(post[key]), capability="check_support")
            outcome = (ImplementationCheck.Outcome.PROVIDED if key == "provided"
                       else post.get(f"outcome-{support.pk}", ""))
            note = post.get(f"note-{support.pk}", "")
            what = f"{section.pk}:{day}:check:{support.pk}:{outcome}:{note.strip()}"
            with once(request, part=what) as claim:
                check = actions.check_record(
                    support=support, student=access.student, section=section, day=day,
                    outcome=outcome, note=note, by=user, late_reason=reason,
                )
                claim.saved(check, url=f"{where}#student-{section.pk}-{access.student.pk}",
                            summary=f"{access.student}: “{support}” {check.get_outcome_display().lower()}"
                                    f" in {section}, {_date(day)}")
            message = f"Saved for {access.student}."
        elif "absent" in post:
            student = _student_in(user, section, day, _int(post["absent"]))
            with once(request, part=f"{section.pk}:{day}:absent:{student.pk}") as claim:
                checks = actions.student_mark_absent(section=section, day=day, student=student, by=user,
                                                     late_reason=reason)
                claim.saved(checks[0], url=f"{where}#student-{section.pk}-{student.pk}",
                            summary=f"{student} absent from {section}, {_date(day)}")
            message = f"{student} marked absent from {section}: nothing is expected of this class meeting."
        elif "student_all" in post or "section_all" in post:
            ids = {_int(post["student_all"])} if "student_all" in post else None
            what = f"student_all:{post['student_all']}" if ids else "section_all"
            try:
                with once(request, part=f"{section.pk}:{day}:{what}") as claim:
                    marked = actions.checks_mark_provided(section=section, day=day, by=user,
                                                          student_ids=ids, late_reason=reason)
                    if marked.first is None:
                        raise _NothingSaved
                    claim.saved(marked.first, url=where,
                                summary=f"{marked.message().rstrip('.')} in {section}, {_date(day)}")
            except _NothingSaved:
                marked = actions.Marked(0, marked.absent)
            message = marked.message()
        elif "assessment" in post:
            with once(request, part=f"{section.pk}:{day}:assessment") as claim:
                assessment = actions.assessment_record(section=section, day=day, by=user)
                claim.saved(assessment, url=where, summary=f"Assessment in {section}, {_date(day)}")
            message = f"Assessment recorded for {section}: assessment supports are now listed as due."
        else:
            raise ValidationError("Choose what to record.")
    except AlreadySaved as saved:
        return render(request, "already_saved.html", {
            "submission": saved.submission, "new_form_url": where,
        })
    except ValidationError as exc:
        return _after_check(request, section, day, " ".join(exc.messages), ok=False, late_reason=reason)
    # The reason stays in the class's form for the next check of the same late day.
    return _after_check(request, section, day, message, ok=True, late_reason=reason)


def _student_in(user: User, section: Section, day: dt.date, pk: int) -> Student:
    """A student in the class on `day` whom the teacher may see today (as on My classes)."""
    student = Student.objects.visible_to(user).filter(
        pk=pk, pk__in=Enrollment.objects.current(day).filter(section=section).values("student")
    ).first()
    if student is None:
        raise ValidationError("That student is not in this class on that day; reload the page.")
    return student


def _date(day: dt.date) -> str:
    return f"{day:%a} {day:%b} {day.day}"


def _class_url(section: Section, day: dt.date) -> str:
    url = f"{reverse('accommodations:my_classes')}?section={section.pk}"
    if day != timezone.localdate():
        url += f"&date={day.isoformat()}"
    return url


def _after_check(
    request: HttpRequest, section: Section, day: dt.date, message: str, *, ok: bool,
    late_reason: str = "",
) -> HttpResponse:
    if request.META.get(PARTIAL_HEADER) == PARTIAL_VALUE:
        [section_day] = classes_for(request.user, day, section=section)  # type: ignore[arg-type]
        _attach_acknowledgements(request, [section_day])
        return render(request, "accommodations/_section.html", {
            "s": section_day, "day": day, "today": timezone.localdate(), "other_outcomes": OTHER_OUTCOMES,
            "flash": message, "flash_ok": ok, "form_key": uuid.uuid4(), "late_reason": late_reason,
        }, status=200 if ok else 400)
    (messages.success if ok else messages.error)(request, message)
    return redirect(f"{_class_url(section, day)}#section-{section.pk}")


# Past this many support rows in all of a day's classes, My classes shows one class at a
# time (with every class's count in the switcher). None: a class at a time always, so a
# teacher with two classes of 30 has a short page and the switcher says what is left where.
FOCUS_AFTER_ROWS = 0


def focus_section(sections: list[SectionDay], wanted: str | None) -> SectionDay | None:
    """The one class to show, or None to show them all (a light day)."""
    rows = sum(len(row.items) for s in sections for row in s.students)
    chosen = next((s for s in sections if str(s.section.pk) == wanted), None)
    if chosen is None and rows <= FOCUS_AFTER_ROWS:
        return None
    with_students = [s for s in sections if s.students]
    return chosen or next((s for s in with_students if s.unchecked), None) or (
        with_students[0] if with_students else None)


def _attach_acknowledgements(request: HttpRequest, sections: list[SectionDay]) -> None:
    """Mark students whose current supports this teacher has not acknowledged (5 queries)."""
    rows = [row for s in sections for row in s.students]
    if not rows:
        return
    due = {
        d.iep.pk: d for d in outstanding_acknowledgements(
            list({row.iep.pk: row.iep for row in rows}.values()), users=[request.user]  # type: ignore[list-item]
        )
    }
    for row in rows:
        row.ack_due = due.get(row.iep.pk)


def _log_reads(request: HttpRequest, sections: list[SectionDay]) -> None:
    """One access-log row per student shown (one insert for the page)."""
    log_reads(request, (row.student.pk for s in sections for row in s.students), action="view")


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError("That support was not found; reload the page.") from None


# --- IEP at a glance: a teacher's one printable page -----------------------------------------

def glance(request: HttpRequest, pk: int) -> HttpResponse:
    """The supports that apply to this person's classes, strategies, contacts, acknowledgement."""
    access = get_student_for_user(request, pk)
    context: dict[str, Any] = {"access": access, "student": access.student, "iep": access.iep,
                               "from_list": request.GET.get("next") == FROM_LIST}
    if access.iep is not None:
        supports, sections = supports_for_viewer(access, request.user)
        context.update(
            accommodations=[s for s in supports if s.kind != Support.Kind.STRATEGY],
            strategies=[s for s in supports if s.kind == Support.Kind.STRATEGY],
            sections=sections,
            can_acknowledge=can_acknowledge(access),
            can_review=access.can("record_data"),
            review_form=ReviewForm(),
            panels=build_glance_panels(request, access),
        )
        if context["can_acknowledge"]:
            due = acknowledgement_status([access.iep], users=[request.user])  # type: ignore[list-item]
            context["due"] = due[0] if due else None
    return render(request, "accommodations/glance.html", context)


def supports_for_viewer(access: StudentAccess, user: Any) -> tuple[list[Support], list[Section]]:
    """Current supports this person carries out. A teacher of the student sees only those
    that apply to their classes; everyone else sees all current supports.

    Queries: the teacher's classes with the student (1, only for teachers), supports (1).
    """
    supports = list(Support.objects.current().filter(iep=access.iep).order_by("kind", "category", "pk"))
    if TEACHER not in access.relations:
        return supports, []
    sections = [
        e.section for e in Enrollment.objects.current().filter(
            student=access.student, section__teacher=user
        ).select_related("section")
    ]
    if not access.limited:
        return supports, sections
    return [s for s in supports if any(s.applies_to(c.subject) for c in sections)], sections


FROM_LIST = "acknowledgements"  # `next` of a glance opened from the list: acknowledging returns to it


def acknowledgements(request: HttpRequest) -> HttpResponse:
    """IEPs to read and acknowledge: this person's outstanding acknowledgements, oldest first,
    each with what changed and a link to read the supports and acknowledge them.

    Only students on this person's caseload whom they may see today. Queries: the caseload
    (4), to_acknowledge (6), the access log (1).
    """
    user = cast(User, request.user)
    today = timezone.localdate()
    ieps = IEP.objects.filter(
        pk__in=[e.iep.pk for e in caseload_for(user, today)], student__in=Student.objects.visible_to(user)
    )
    rows = to_acknowledge(user, ieps, today)
    log_reads(request, (row.due.iep.student_id for row in rows), action="view")
    return render(request, "accommodations/acknowledgements.html", {"rows": rows, "next": FROM_LIST})


@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_student_for_user(request, pk, action="acknowledge")
    require(access, can_acknowledge(access),
            "Acknowledgements are for the teachers and providers who carry out the supports.")
    actions.acknowledgement_record(iep=access.iep, user=request.user)  # type: ignore[arg-type]
    messages.success(request, f"Thank you: you acknowledged {access.student}'s current supports.")
    if request.POST.get("next") == FROM_LIST:
        return redirect("accommodations:acknowledgements")
    return redirect("accommodations:glance", pk=pk)


# --- The case manager's supports page -------------------------------------------------------

def check_trail(student: Student, start: dt.date, end: dt.date) -> list[ImplementationCheck]:
    """The student's check-offs in the period whose record matters: late, changed, or awaiting
    (or refused) approval, newest first (at most 50). Queries: checks (1), their changes (1)."""
    return list(
        ImplementationCheck.objects.filter(student=student, date__range=(start, end))
        .filter(Q(late=True) | ~Q(approval="") | Q(changes__isnull=False)).distinct()
        .select_related("support", "section", "teacher", "approved_by")
        .prefetch_related("changes__recorded_by", "changes__changed_by")
        .order_by("-date", "-pk")[:50]
    )


def student_supports(request: HttpRequest, pk: int) -> HttpResponse:
    """Supports on the IEP, how often they were provided, who has not acknowledged, reviews
    and, per current support, the trend of use and independence across reviewers."""
    access = get_student_for_user(request, pk)
    require(access, access.can("view_full"),
            "This page is for the IEP team; your classroom view is the IEP at a glance.")
    context: dict[str, Any] = {"access": access, "student": access.student, "iep": access.iep,
                               "can_manage": access.can("manage_iep")}
    iep = access.iep
    if iep is not None:
        today = timezone.localdate()
        form = PeriodForm(request.GET)
        start, end = form.period(max(iep.start_date, today - dt.timedelta(days=27)), today)
        through = min(end, counted_through(today))  # every check-off figure stops at yesterday
        implementation = implementation_for([access.student], start, through)
        supports = list(Support.objects.filter(iep=iep).order_by("kind", "category", "pk"))
        context.update(
            period_form=form if form.is_bound else PeriodForm(initial={"start": start, "end": end}),
            start=start, end=end, implementation=implementation,
            by_support=implementation.by_support(), by_teacher=implementation.by_teacher(),
            total=implementation.total(),
            current=[s for s in supports if s.is_current(today)],
            ended=[s for s in supports if s.end_date is not None and s.end_date < today],
            upcoming=[s for s in supports if s.start_date > today],
            acknowledgements=acknowledgement_status([iep]),
            reviews=list(SupportReview.objects.filter(support__iep=iep)
                         .select_related("support", "reviewer", "resolved_by")[:30]),
            history=support_history(iep),
            end_cut=through < end,
            trail=check_trail(access.student, start, end),
            review_form=ReviewForm(),
            can_review=access.can("record_data"),
        )
        context["flagged"] = [r for r in context["reviews"] if r.is_flag and r.resolved_at is None]
        trends = support_trends(SupportReview.objects.filter(support__iep=iep).followed()
                                .select_related("reviewer"))
        pending = pending_reviews(iep)
        context["trends"] = [(s, trends.get(s.pk), pending.get(s.pk, [])) for s in context["current"]]
        context["today"] = today
        context["unacknowledged"] = [d for d in context["acknowledgements"] if d.outstanding]
    return render(request, "accommodations/student_supports.html", context)


@keyed_form
def support_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_student_for_user_rw(request, pk, capability="manage_iep")
    if access.iep is None:
        messages.error(request, f"{access.student} has no active IEP to add supports to.")
        return redirect("accommodations:student", pk=pk)
    initial = {"kind": request.GET.get("kind", Support.Kind.ACCOMMODATION),
               "start_date": max(access.iep.start_date, timezone.localdate())}
    form = SupportForm(request.POST or None, initial=initial, subjects=_subjects(access))
    if request.method == "POST" and form.is_valid():
        try:
            with once(request) as claim:
                support = actions.support_add(iep=access.iep, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
                claim.saved(support, url=reverse("accommodations:student", args=[pk]),
                            summary=f"{access.student}: “{support}”")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Added “{support}”. The team is asked to acknowledge it.")
            return redirect("accommodations:student", pk=pk)
    return render(request, "accommodations/support_form.html",
                  {"form": form, "student": access.student, "access": access, "support": None},
                  status=400 if request.method == "POST" else 200)


def support_edit(request: HttpRequest, pk: int) -> HttpResponse:
    support, access = get_support_for_user(request, pk, capability="manage_iep")
    form = SupportForm(request.POST or None, instance=support, subjects=_subjects(access))
    if request.method == "POST" and form.is_valid():
        try:
            actions.support_update(support=support, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Saved “{support}”. The team is asked to acknowledge the change.")
            return redirect("accommodations:student", pk=access.student.pk)
    return render(request, "accommodations/support_form.html", {
        "form": form, "student": access.student, "access": access, "support": support,
        "end_form": SupportEndForm(),
    }, status=400 if request.method == "POST" else 200)


@require_POST
def support_end(request: HttpRequest, pk: int) -> HttpResponse:
    support, access = get_support_for_user(request, pk, capability="manage_iep")
    form = SupportEndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Give the last day the support applies.")
        actions.support_end(support=support, by=request.user, end_date=form.cleaned_data["end_date"])  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"“{support}” ends on {support.end_date:%B %-d}.")
    return redirect("accommodations:student", pk=access.student.pk)


@require_POST
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The support review form (use, adult help, proposed adjustment; on the glance and
    supports pages, each render with a fresh key): a second send of the same form shows
    "already saved", linking back to the page (the form has no page of its own, so
    keyed_form's "start a new one" would not do). A missing answer is named in the message."""
    support, access = get_support_for_user(request, pk, capability="record_data")
    form = ReviewForm(request.POST)
    target = "accommodations:student" if access.can("view_full") else "accommodations:glance"
    back = reverse(target, args=[access.student.pk])
    request.form_key = form_key(request) or uuid.uuid4()  # type: ignore[attr-defined]
    if form.is_valid():
        try:
            with once(request) as claim:
                review = actions.support_review_add(
                    support=support, reviewer=request.user, **form.cleaned_data  # type: ignore[arg-type]
                )
                claim.saved(review, url=back, summary=f"Review of “{support}”: {review.summary}")
        except AlreadySaved as saved:
            return already_saved(request, saved.submission, new_form_url=back)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Thank you. The case manager sees your answer."
                             if review.is_flag else "Thank you for the review.")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(back)


@require_POST
def review_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    review, access = get_review_for_user(request, pk, capability="manage_iep")
    try:
        actions.support_review_resolve(review=review, by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Marked as addressed.")
    return redirect("accommodations:student", pk=access.student.pk)


def _subjects(access: StudentAccess) -> list[str]:
    """Subjects taught at the student's school (the choices for "chosen subjects")."""
    return sorted(set(
        Section.objects.filter(school=access.student.school_id, active=True)
        .values_list("subject", flat=True)
    ))
