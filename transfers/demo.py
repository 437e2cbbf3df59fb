"""Demo transfer: a seventh-grader who enrolled twelve days ago from another Illinois district,
on comparable services while the team prepares to adopt or rewrite her IEP.

Her case manager recorded the arrival the day the IEP came, added reading instruction and
speech as in the sending IEP, and has logged the reading sessions since; she is in the
seventh-grade classes. Loaded after the other areas, on the same world.
"""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings

from services.models import ServiceRequirement, ServiceSession
from students.actions import team_member_add
from students.demo import DemoWorld
from students.models import Enrollment, TeamMember
from students.school_days import school_days_for
from transfers.actions import transfer_in_record, transfer_line_add
from transfers.models import TransferIn


def load(world: DemoWorld) -> None:
    today = world.today
    case_manager = world.users["case_manager"]
    enrolled = today - dt.timedelta(days=12)
    meeting = today - dt.timedelta(days=190)
    evaluated = meeting - dt.timedelta(days=455)
    transfer = transfer_in_record(
        by=case_manager, school=world.school, case_manager=case_manager, today=today,
        student_number="D240187", first_name="Elena", last_name="Vasquez",
        date_of_birth=dt.date(today.year - 12, 4, 9), grade="7", family_language="es",
        sending_district="Rockford Public Schools District 205", sending_state="IL", in_state=True,
        enrolled_on=enrolled, iep_received_on=enrolled,
        received_meeting_date=meeting, received_annual_review_due=meeting + dt.timedelta(days=364),
        received_last_evaluation=evaluated, received_reevaluation_due=evaluated + dt.timedelta(days=3 * 365),
        received_note=(
            "Eligibility: specific learning disability in reading (fluency and comprehension); "
            "speech-language impairment (articulation of /r/ and /s/).\n"
            "Services: reading SDI 200 min a week in a resource room; speech-language 60 min a month.\n"
            "Accommodations: extended time (1.5x) and text-to-speech on tests, notes provided.\n"
            f"Came with it: the IEP, the eligibility report of {evaluated:%B %Y} and the last "
            "progress report."),
    )
    student = transfer.student
    tz = ZoneInfo(settings.TIME_ZONE)
    for section in world.sections:
        if section.name.endswith(" 7"):
            Enrollment.objects.create(student=student, section=section, start_date=enrolled,
                                      created_at=dt.datetime.combine(enrolled, dt.time(8), tzinfo=tz))
    iep = transfer.interim_iep
    team_member_add(iep=iep, user=world.users["gen_ed_teacher"], role=TeamMember.Role.GEN_ED_TEACHER,
                    by=case_manager)
    team_member_add(iep=iep, user=world.users["provider"], role=TeamMember.Role.PROVIDER, by=case_manager)
    days = school_days_for({world.school.pk})[world.school.pk]
    start = days.days(enrolled + dt.timedelta(days=1), today)[0]  # services from her first full day
    reading = transfer_line_add(
        transfer=transfer, by=case_manager, kind=ServiceRequirement.Kind.SDI, area="Reading", minutes=200,
        sessions=5, period=ServiceRequirement.Period.WEEK, setting=ServiceRequirement.Setting.SPECIAL_ED,
        provider=case_manager, start_date=start, end_date=iep.end_date)
    transfer_line_add(
        transfer=transfer, by=case_manager, kind=ServiceRequirement.Kind.RELATED, area="Speech-language",
        minutes=60, sessions=2, period=ServiceRequirement.Period.MONTH,
        setting=ServiceRequirement.Setting.SPECIAL_ED, provider=world.users["provider"], start_date=start,
        end_date=iep.end_date)
    rows = []
    for i, day in enumerate(days.days(start, today - dt.timedelta(days=1))):
        at = dt.datetime.combine(day, dt.time(15, 30), tzinfo=tz)
        absent = i == 3  # one day out, as new students often are in their first weeks
        rows.append(ServiceSession(
            requirement=reading, student_id=student.pk, date=day, minutes=40,
            status=ServiceSession.Status.STUDENT_ABSENT if absent else ServiceSession.Status.DELIVERED,
            group_size=3, start_time=dt.time(10, 15),
            idempotency_key=uuid.UUID(int=world.rng.getrandbits(128)),
            logged_by=case_manager, logged_at=at, certified_by=case_manager, certified_at=at,
            note="" if absent else "Fluency: repeated reading; decodable passages at grade 4 level.",
        ))
    ServiceSession.objects.bulk_create(rows)
    # Recorded the afternoon she enrolled, when her family brought the IEP.
    TransferIn.objects.filter(pk=transfer.pk).update(
        recorded_at=dt.datetime.combine(enrolled, dt.time(15, 10), tzinfo=tz))
