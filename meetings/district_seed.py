"""Benchmark district: each IEP's annual review meeting on file, upcoming reviews, consents and
follow-ups.

- Every IEP has its held annual review (notice sent beforehand); one in five lacks the
  attendance record, one in ten the parent consent, so checklists are a realistic mix.
- IEPs whose annual review falls due within 45 days have the next review scheduled (some
  notices not yet sent).
- One held meeting in eight had follow-ups: open, overdue or done.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from meetings.demo import FAMILY, _weekday_on_or_before
from meetings.models import ConsentRecord, FollowUp, Meeting, MeetingAttendance, MeetingFamilyMember
from students.district_seed import District, copy_rows, reserve_ids

MEETING_COLUMNS = [
    "id", "iep_id", "kind", "status", "date", "start_time", "duration_minutes", "location", "video_link",
    "purpose", "interpreter_needed", "interpreter_language", "notice_sent_on", "notice_method",
    "notice_recorded_by_id", "outcome", "attendance_recorded_at", "attendance_recorded_by_id", "uid",
    "sequence", "created_by_id", "created_at",
]


def generate(d: District) -> None:
    rng = d.rng
    now = timezone.now()
    tz = timezone.get_current_timezone()
    meetings: list[list] = []
    held: list[tuple[int, int, int, dt.date]] = []  # (row index, iep, case manager, date)
    for n, (iep_id, _, case_manager_id, start, end) in enumerate(d.ieps):
        day = _weekday_on_or_before(start - dt.timedelta(days=7))
        recorded = None if n % 5 == 4 else dt.datetime.combine(day, dt.time(17), tzinfo=tz)
        held.append((len(meetings), iep_id, case_manager_id, day))
        meetings.append([
            0, iep_id, Meeting.Kind.ANNUAL_REVIEW, Meeting.Status.HELD, day, dt.time(15, 30), 60, "Room 114",
            "", "Review last year's IEP and write this year's.", False, "",
            day - dt.timedelta(days=10 + rng.randint(0, 10)), Meeting.NoticeMethod.LETTER, case_manager_id,
            Meeting.Outcome.NEW_IEP, recorded, case_manager_id if recorded else None,
            uuid.UUID(int=rng.getrandbits(128)), 0, case_manager_id, now,
        ])
        due = end  # the seed's annual review falls due when the IEP ends
        if (due - d.today).days <= 45:
            next_day = _weekday_on_or_before(min(due, d.today + dt.timedelta(days=rng.randint(5, 40))))
            notice = None if rng.random() < 0.4 else min(d.today, next_day - dt.timedelta(days=10))
            meetings.append([
                0, iep_id, Meeting.Kind.ANNUAL_REVIEW, Meeting.Status.SCHEDULED, next_day, dt.time(15, 30),
                60, "Conference room B", "", "Review this year's progress and write next year's IEP.",
                False, "", notice, Meeting.NoticeMethod.LETTER if notice else "",
                case_manager_id if notice else None, "", None, None, uuid.UUID(int=rng.getrandbits(128)),
                0, case_manager_id, now,
            ])
    first = reserve_ids(Meeting, len(meetings))
    for n, row in enumerate(meetings):
        row[0] = first + n
    copy_rows(Meeting, MEETING_COLUMNS, meetings)
    d.count("meetings", len(meetings))

    invitees = [(first + index, u) for index, iep_id, _, _ in held for u, _ in d.team.get(iep_id, [])]
    copy_rows(Meeting.invitees.through, ["meeting_id", "user_id"], invitees)

    family_first = reserve_ids(MeetingFamilyMember, len(held))
    family = []
    attendance: list[tuple[int, int | None, int | None, str, str, str, str]] = []
    for k, (index, iep_id, case_manager_id, _) in enumerate(held):
        name, relationship = FAMILY[k % len(FAMILY)]
        family.append((family_first + k, first + index, name, relationship, "en", "555-0100"))
        if meetings[index][16] is None:
            continue  # attendance not recorded: the checklist shows it missing
        attendance.append((first + index, case_manager_id, None, "Case manager", "Case manager",
                           "attended", ""))
        for user_id, role in d.team.get(iep_id, [])[:2]:
            attendance.append((first + index, user_id, None, "Team member", role, "attended", ""))
        attendance.append((first + index, None, family_first + k, name, relationship, "attended", ""))
    copy_rows(MeetingFamilyMember, ["id", "meeting_id", "name", "relationship", "preferred_language",
                                    "contact"], family)
    copy_rows(MeetingAttendance, ["meeting_id", "user_id", "family_member_id", "name", "role", "status",
                                  "note"], attendance)

    consents = [
        (student_id, ConsentRecord.Kind.SERVICES, min(start, d.today), "Parent", case_manager_id, now)
        for n, (_, student_id, case_manager_id, start, _) in enumerate(d.ieps) if n % 10 != 9
    ]
    copy_rows(ConsentRecord, ["student_id", "kind", "received_on", "given_by", "recorded_by_id",
                              "created_at"], consents)

    follow_ups = []
    for k, (index, iep_id, case_manager_id, _) in enumerate(held):
        if k % 8 != 0:
            continue
        owners = [case_manager_id, *(u for u, _ in d.team.get(iep_id, []))]
        for j, description in enumerate(("Send the family the final IEP", "Update the class schedule")):
            due = d.today + dt.timedelta(days=rng.randint(-10, 10))
            done = rng.random() < 0.5
            owner = owners[j % len(owners)]
            done_at = dt.datetime.combine(min(due, d.today), dt.time(14), tzinfo=tz) if done else None
            follow_ups.append((first + index, owner, description, due, done_at, owner if done else None, now))
    copy_rows(FollowUp, ["meeting_id", "owner_id", "description", "due_on", "done_at", "done_by_id",
                         "created_at"], follow_ups)
    d.count("meeting attendance rows", len(attendance))
    d.count("consents", len(consents))
    d.count("follow-ups", len(follow_ups))
    d.progress(f"{len(meetings)} meetings, {len(attendance)} attendance rows, {len(consents)} consents, "
               f"{len(follow_ups)} follow-ups")
