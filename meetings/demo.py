"""Demo meetings and documentation on top of the demo world (see students/demo.py).

- Every IEP written before today has its annual review meeting on file (held, notice sent);
  some lack the attendance record or the parent consent, so checklists are a mix of complete
  and incomplete.
- The case manager's first student has an upcoming annual review whose notice is not sent.
- Another student had an amendment meeting three weeks ago with follow-ups: one open for the
  math teacher, one overdue for the case manager, one done by the speech-language pathologist.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from meetings.models import ConsentRecord, FollowUp, Meeting, MeetingAttendance, MeetingFamilyMember
from students.models import IEP, TeamMember

if TYPE_CHECKING:
    from students.demo import DemoWorld

FAMILY = [("Ana", "Mother"), ("Luis", "Father"), ("Grace", "Grandmother"), ("Sam", "Guardian")]


def load(world: DemoWorld) -> None:
    today = world.today
    users = world.users
    tz = timezone.get_current_timezone()
    held: list[Meeting] = []
    for i, iep in enumerate(world.ieps):
        if iep.meeting_date >= today:
            continue
        day = _weekday_on_or_before(iep.meeting_date)
        recorded = dt.datetime.combine(day, dt.time(17, 0), tzinfo=tz)
        held.append(Meeting(
            iep=iep, kind=Meeting.Kind.ANNUAL_REVIEW, status=Meeting.Status.HELD,
            date=day, start_time=dt.time(15, 30), location="Room 114",
            purpose="Review last year's IEP and write this year's.",
            notice_sent_on=day - dt.timedelta(days=14 + i % 5),
            notice_method=Meeting.NoticeMethod.LETTER, notice_recorded_by=iep.case_manager,
            outcome=Meeting.Outcome.NEW_IEP, created_by=iep.case_manager,
            attendance_recorded_at=None if i % 4 == 3 else recorded,
            attendance_recorded_by=None if i % 4 == 3 else iep.case_manager,
        ))
    Meeting.objects.bulk_create(held)
    _invite(held, users)
    family_rows = []
    for meeting in held:
        student = meeting.iep.student
        first, relationship = FAMILY[student.pk % len(FAMILY)]
        family_rows.append(MeetingFamilyMember(
            meeting=meeting, name=f"{first} {student.last_name}", relationship=relationship,
            preferred_language=student.family_language, contact="555-0100",
        ))
    MeetingFamilyMember.objects.bulk_create(family_rows)
    attendance = []
    for meeting, family in zip(held, family_rows, strict=True):
        if meeting.attendance_recorded_at is None:
            continue  # left incomplete on purpose: the checklist shows it missing
        attendance += [
            MeetingAttendance(meeting=meeting, user=meeting.iep.case_manager,
                              name=str(meeting.iep.case_manager), role="Case manager",
                              status=MeetingAttendance.Status.ATTENDED),
            MeetingAttendance(meeting=meeting, user=users["gen_ed_teacher"],
                              name=str(users["gen_ed_teacher"]), role="General-education teacher",
                              status=MeetingAttendance.Status.ATTENDED),
            MeetingAttendance(meeting=meeting, family_member=family, name=family.name,
                              role=family.relationship, status=MeetingAttendance.Status.ATTENDED),
        ]
    MeetingAttendance.objects.bulk_create(attendance)

    ConsentRecord.objects.bulk_create([
        ConsentRecord(student=iep.student, kind=ConsentRecord.Kind.SERVICES,
                      received_on=min(iep.meeting_date, today), given_by="Parent",
                      recorded_by=iep.case_manager)
        for i, iep in enumerate(world.ieps) if i % 5 != 4
    ])

    _upcoming_annual_review(world)
    _amendment_with_follow_ups(world)


def _weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _invite(meetings: list[Meeting], users: dict) -> None:  # noqa: ANN001 (dict of demo users)
    through = Meeting.invitees.through
    with_slp = set(
        TeamMember.objects.filter(user=users["provider"], iep__in=[m.iep_id for m in meetings])
        .values_list("iep_id", flat=True)
    )
    rows = []
    for meeting in meetings:
        rows.append(through(meeting=meeting, user=users["gen_ed_teacher"]))
        if meeting.iep_id in with_slp:
            rows.append(through(meeting=meeting, user=users["provider"]))
    through.objects.bulk_create(rows)


def _upcoming_annual_review(world: DemoWorld) -> None:
    """The case manager's first student: an annual review coming up, notice not yet sent."""
    iep: IEP = world.ieps[0]
    # Close enough to matter (the notice is due within days), on a school day.
    day = world.today + dt.timedelta(days=18)
    instructional = world.calendar.instructional()
    while not instructional.is_instructional(day) and day > world.today:
        day -= dt.timedelta(days=1)
    meeting = Meeting.objects.create(
        iep=iep, kind=Meeting.Kind.ANNUAL_REVIEW, date=day, start_time=dt.time(15, 30),
        location="Conference room B", video_link="https://meet.example.org/iep-review",
        purpose="Review this year's progress and write the IEP for the coming year.",
        interpreter_needed=iep.student.family_language == "es",
        interpreter_language="Spanish" if iep.student.family_language == "es" else "",
        created_by=iep.case_manager,
    )
    meeting.invitees.set([world.users["gen_ed_teacher"], world.users["provider"]])
    MeetingFamilyMember.objects.create(
        meeting=meeting, name=f"Ana {iep.student.last_name}", relationship="Mother",
        preferred_language=iep.student.family_language, contact="555-0142",
    )


def _amendment_with_follow_ups(world: DemoWorld) -> None:
    """A past amendment meeting with attendance and three follow-ups in different states."""
    iep: IEP = world.ieps[2]
    cm, teacher, slp = iep.case_manager, world.users["gen_ed_teacher"], world.users["provider"]
    tz = timezone.get_current_timezone()
    day = _weekday_on_or_before(world.today - dt.timedelta(days=21))
    meeting = Meeting.objects.create(
        iep=iep, kind=Meeting.Kind.AMENDMENT, status=Meeting.Status.HELD, date=day,
        start_time=dt.time(8, 0), location="Room 114",
        purpose="Add a reading accommodation and adjust speech minutes.",
        notice_sent_on=day - dt.timedelta(days=12), notice_method=Meeting.NoticeMethod.EMAIL,
        notice_recorded_by=cm, outcome=Meeting.Outcome.AMENDMENT, created_by=cm,
        attendance_recorded_at=dt.datetime.combine(day, dt.time(9, 0), tzinfo=tz),
        attendance_recorded_by=cm,
    )
    meeting.invitees.set([teacher, slp])
    family = MeetingFamilyMember.objects.create(
        meeting=meeting, name=f"Luis {iep.student.last_name}", relationship="Father",
        preferred_language=iep.student.family_language,
    )
    MeetingAttendance.objects.bulk_create([
        MeetingAttendance(meeting=meeting, user=cm, name=str(cm), role="Case manager",
                          status=MeetingAttendance.Status.ATTENDED),
        MeetingAttendance(meeting=meeting, user=teacher, name=str(teacher),
                          role="General-education teacher", status=MeetingAttendance.Status.ATTENDED),
        MeetingAttendance(meeting=meeting, user=slp, name=str(slp), role="Speech-language pathologist",
                          status=MeetingAttendance.Status.EXCUSED, note="Input given in writing"),
        MeetingAttendance(meeting=meeting, family_member=family, name=family.name, role="Father",
                          status=MeetingAttendance.Status.ATTENDED),
    ])
    FollowUp.objects.bulk_create([
        FollowUp(meeting=meeting, owner=teacher, due_on=world.today + dt.timedelta(days=3),
                 description="Try the audio version of the class novel and note how it goes"),
        FollowUp(meeting=meeting, owner=cm, due_on=world.today - dt.timedelta(days=2),
                 description="Send the family the amended IEP"),
        FollowUp(meeting=meeting, owner=slp, due_on=world.today - dt.timedelta(days=7),
                 description="Update the speech schedule", done_by=slp,
                 done_at=dt.datetime.combine(world.today - dt.timedelta(days=8), dt.time(14, 0),
                                             tzinfo=tz)),
    ])
