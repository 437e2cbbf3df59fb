"""Writes of transfers in: record the arrival with its interim IEP, add comparable services,
decide on an evaluation (another state), close the transfer.

The interim IEP is an IEP of this district like any other (active, with its case manager and
service lines), so sessions, the minute ledger, supports and reminders work on it as they do
on every IEP. Its annual review and reevaluation dates are the sending IEP's: they do not
restart because the student moved.
"""

from __future__ import annotations

import datetime as dt

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from iep_portal.models import User
from notifications.models import Notification
from notifications.notify import resolve
from services.actions import service_requirement_add, service_requirement_end
from services.models import ServiceRequirement
from students.actions import iep_activate
from students.models import IEP, School, Student, add_years
from transfers.access import recording_schools
from transfers.models import TransferIn

REMINDER_PREFIX = "transfer"


def due_on_for(enrolled_on: dt.date) -> dt.date:
    """The day the interim services must give way to an adopted or new IEP."""
    return enrolled_on + dt.timedelta(days=settings.TRANSFER_INTERIM_DAYS)


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _student_for(
    *, school: School, student_number: str, first_name: str, last_name: str, date_of_birth: dt.date,
    grade: str, family_language: str,
) -> Student:
    """The student the transfer is for: the roster's record when the student ID is already
    there (the same name and birth date, at this school), else a new record."""
    number = student_number.strip()
    if not number:
        raise ValidationError({"student_number": "Enter the student ID the district gave the student."})
    found = Student.objects.select_for_update().filter(student_number=number).first()
    if found is None:
        student = Student(school=school, student_number=number, first_name=first_name.strip(),
                          last_name=last_name.strip(), date_of_birth=date_of_birth, grade=grade.strip(),
                          family_language=family_language)
        student.full_clean()
        student.save()
        return student
    if found.school_id != school.pk:
        raise ValidationError({"student_number": "That student ID belongs to a student enrolled at another "
                                                 "school. Check the ID, or have the enrollment moved first."})
    if not (_same(found.first_name, first_name) and _same(found.last_name, last_name)
            and found.date_of_birth == date_of_birth):
        raise ValidationError({"student_number": "That student ID is already on the roster under another "
                                                 "name or birth date. Check the ID and the spelling."})
    if IEP.objects.filter(student=found, status=IEP.Status.ACTIVE).exists():
        raise ValidationError({"student_number": f"{found} already has an active IEP here: this is not a "
                                                 "transfer in."})
    return found


@transaction.atomic
def transfer_in_record(
    *, by: User, school: School, case_manager: User,
    student_number: str, first_name: str, last_name: str, date_of_birth: dt.date, grade: str,
    family_language: str = Student.Language.ENGLISH,
    sending_district: str, sending_state: str, in_state: bool,
    enrolled_on: dt.date, iep_received_on: dt.date,
    received_meeting_date: dt.date, received_annual_review_due: dt.date,
    received_last_evaluation: dt.date | None = None, received_reevaluation_due: dt.date | None = None,
    received_note: str = "", today: dt.date | None = None,
) -> TransferIn:
    """Record a student who enrolled with an IEP from another district, and start their interim
    IEP (comparable services, 34 CFR 300.323(e), (f)) with `case_manager` managing it. The
    clock runs from `enrolled_on` for TRANSFER_INTERIM_DAYS. Service lines are added next."""
    today = today or timezone.localdate()
    if not recording_schools(by).filter(pk=school.pk).exists():
        raise ValidationError({"school": f"You cannot record transfers into {school}."})
    if not (case_manager.is_active and case_manager.role == User.Role.CASE_MANAGER
            and case_manager.schools.filter(pk=school.pk).exists()):
        raise ValidationError({"case_manager": f"{case_manager} is not a case manager at {school}."})
    errors: dict[str, str] = {}
    if enrolled_on > today:
        errors["enrolled_on"] = "Record the transfer once the student has enrolled."
    if iep_received_on > today:
        errors["iep_received_on"] = "The IEP must have been received to record it."
    if received_meeting_date > enrolled_on:
        errors["received_meeting_date"] = "The sending IEP was written before the student enrolled here."
    if received_annual_review_due <= enrolled_on:
        errors["received_annual_review_due"] = (
            "The sending IEP's annual review was due before the student enrolled: hold the review "
            "as a new IEP meeting instead of running comparable services.")
    elif received_annual_review_due > received_meeting_date + dt.timedelta(days=365):
        errors["received_annual_review_due"] = "An annual review is due within a year of the meeting."
    if received_last_evaluation:
        if received_last_evaluation > enrolled_on:
            errors["received_last_evaluation"] = ("The sending district evaluated the student before "
                                                  "they enrolled here.")
        elif received_reevaluation_due and received_reevaluation_due > add_years(received_last_evaluation, 3):
            errors["received_reevaluation_due"] = ("A reevaluation is due at most three years after "
                                                   "the last evaluation.")
    state = sending_state.strip().upper()
    if len(state) != 2 or not state.isalpha():
        errors["sending_state"] = "Enter the state's two-letter postal code, e.g. IL."
    if not sending_district.strip():
        errors["sending_district"] = "Name the district the student comes from."
    if errors:
        raise ValidationError(errors)
    student = _student_for(school=school, student_number=student_number, first_name=first_name,
                           last_name=last_name, date_of_birth=date_of_birth, grade=grade,
                           family_language=family_language)
    if TransferIn.objects.open().filter(student=student).exists():
        raise ValidationError({"student_number": f"{student}'s transfer is already recorded and open."})
    iep = IEP(student=student, case_manager=case_manager, start_date=enrolled_on,
              end_date=received_annual_review_due, meeting_date=received_meeting_date,
              annual_review_due=received_annual_review_due, reevaluation_due=received_reevaluation_due,
              last_evaluation_date=received_last_evaluation)
    iep_activate(iep=iep, by=by, reason=f"interim IEP: transfer from {sending_district.strip()}")
    transfer = TransferIn(
        student=student, sending_district=sending_district.strip()[:200], sending_state=state,
        in_state=in_state, enrolled_on=enrolled_on, iep_received_on=iep_received_on,
        received_meeting_date=received_meeting_date, received_annual_review_due=received_annual_review_due,
        received_last_evaluation=received_last_evaluation,
        received_reevaluation_due=received_reevaluation_due,
        received_note=received_note.strip(),
        interim_iep=iep, due_on=due_on_for(enrolled_on), recorded_by=by,
    )
    transfer.full_clean()
    transfer.save()
    return transfer


def _locked(transfer: TransferIn) -> TransferIn:
    return TransferIn.objects.select_for_update().select_related("interim_iep", "student").get(pk=transfer.pk)


def _open(transfer: TransferIn) -> TransferIn:
    locked = _locked(transfer)
    if not locked.is_open:
        raise ValidationError("This transfer is closed: its interim services have ended.")
    return locked


@transaction.atomic
def transfer_line_add(
    *, transfer: TransferIn, by: User, kind: str, area: str, minutes: int, period: str, setting: str,
    provider: User, start_date: dt.date, end_date: dt.date, sessions: int = 1,
) -> ServiceRequirement:
    """Add a comparable service to the interim IEP: a service line like any other, so its
    minutes are expected, logged and owed from its start."""
    transfer = _open(transfer)
    if start_date < transfer.enrolled_on:
        raise ValidationError({"start_date": f"Comparable services start on or after the day the student "
                                             f"enrolled ({transfer.enrolled_on:%b %-d, %Y})."})
    return service_requirement_add(iep=transfer.interim_iep, by=by, kind=kind, area=area, minutes=minutes,
                                   period=period, setting=setting, provider=provider,
                                   start_date=start_date, end_date=end_date, sessions=sessions)


@transaction.atomic
def transfer_evaluation_decide(
    *, transfer: TransferIn, by: User, evaluation: str, decided_on: dt.date, basis: str,
    today: dt.date | None = None,
) -> TransferIn:
    """Record whether a student from another state is evaluated (34 CFR 300.323(f)(1)): the
    decision, its day and its basis. Recorded once; repeating the same decision is a no-op."""
    today = today or timezone.localdate()
    transfer = _open(transfer)
    if transfer.in_state:
        raise ValidationError("A transfer within the state needs no evaluation decision.")
    if transfer.evaluation:
        if transfer.evaluation == evaluation:
            return transfer  # a retry or a second tab
        raise ValidationError("The evaluation decision is already recorded.")
    if evaluation not in TransferIn.Evaluation.values:
        raise ValidationError({"evaluation": "Choose whether the student is evaluated."})
    if decided_on > today or decided_on < transfer.enrolled_on:
        raise ValidationError({"decided_on": "Pick the day the decision was made: after the student "
                                             "enrolled, not in the future."})
    if not basis.strip():
        raise ValidationError({"basis": "Say what the decision rests on (e.g. records reviewed, "
                                        "the parent's input)."})
    transfer.evaluation = evaluation
    transfer.evaluation_decided_on = decided_on
    transfer.evaluation_basis = basis.strip()[:500]
    transfer.evaluation_by = by
    transfer.evaluation_recorded_at = timezone.now()
    transfer.full_clean()
    transfer.save(update_fields=["evaluation", "evaluation_decided_on", "evaluation_basis", "evaluation_by",
                                 "evaluation_recorded_at"])
    return transfer


def new_iep_choices(transfer: TransferIn) -> list[IEP]:
    """The student's IEPs that can replace the interim one: written after the student enrolled."""
    return list(IEP.objects.filter(student=transfer.student_id,
                                   start_date__gt=transfer.interim_iep.start_date)
                .exclude(pk=transfer.interim_iep_id).exclude(status=IEP.Status.ENDED).order_by("start_date"))


@transaction.atomic
def transfer_close(
    *, transfer: TransferIn, by: User, outcome: str, closed_on: dt.date, note: str = "",
    new_iep: IEP | None = None, today: dt.date | None = None,
) -> TransferIn:
    """Stop the clock: the sending IEP was adopted, or a new IEP was written.

    Adopted (within the state only): the interim IEP is the student's IEP from now on and its
    lines carry on as they are. New IEP: the new IEP becomes the active one (if it is not yet)
    and the interim lines end the day before it starts; their sessions and minutes owed stay.
    From another state, an evaluation decision must be recorded first. The transfer's open
    reminders are settled.
    """
    today = today or timezone.localdate()
    locked = _locked(transfer)
    if not locked.is_open:
        if locked.outcome == outcome:
            return locked  # a retry or a second tab
        raise ValidationError("This transfer is already closed.")
    transfer = locked
    if outcome not in TransferIn.Outcome.values:
        raise ValidationError({"outcome": "Choose how the transfer ends."})
    if closed_on > today or closed_on < transfer.enrolled_on:
        raise ValidationError({"closed_on": "Pick the day it was decided: after the student enrolled, not "
                                            "in the future."})
    if not transfer.in_state:
        if outcome == TransferIn.Outcome.ADOPTED:
            raise ValidationError({"outcome": "An IEP from another state is not adopted as it is: the team "
                                              "writes a new IEP (34 CFR 300.323(f))."})
        if not transfer.evaluation:
            raise ValidationError("Record the evaluation decision first: a student from another state "
                                  "needs one before the transfer closes (34 CFR 300.323(f)).")
    interim = transfer.interim_iep
    why = f"transfer closed: {TransferIn.Outcome(outcome).label}"
    if outcome == TransferIn.Outcome.NEW_IEP:
        if new_iep is None or new_iep.pk not in {i.pk for i in new_iep_choices(transfer)}:
            raise ValidationError({"new_iep": "Choose the new IEP (written after the student enrolled)."})
        for line in ServiceRequirement.objects.filter(iep=interim, end_date__gte=new_iep.start_date):
            service_requirement_end(requirement=line, by=by, reason=why,
                                    end_date=max(line.start_date, new_iep.start_date - dt.timedelta(days=1)))
        if new_iep.status != IEP.Status.ACTIVE:
            iep_activate(iep=new_iep, by=by, reason=why)
        elif interim.status == IEP.Status.ACTIVE:
            interim.status = IEP.Status.ENDED
            interim.end_date = max(interim.start_date + dt.timedelta(days=1),
                                   new_iep.start_date - dt.timedelta(days=1))
            with pghistory.context(user=by.pk, reason=why):
                interim.save(update_fields=["status", "end_date"])
    elif interim.status != IEP.Status.ACTIVE:
        raise ValidationError("The interim IEP has ended: it can no longer be adopted.")
    transfer.outcome = outcome
    transfer.closed_on = closed_on
    transfer.close_note = note.strip()[:500]
    transfer.new_iep = new_iep if outcome == TransferIn.Outcome.NEW_IEP else None
    transfer.closed_by = by
    transfer.closed_at = timezone.now()
    transfer.full_clean()
    transfer.save(update_fields=["outcome", "closed_on", "close_note", "new_iep", "closed_by", "closed_at"])
    resolve(kind=Notification.Kind.DEADLINE, key_prefix=f"{REMINDER_PREFIX}:{transfer.pk}:")
    return transfer
