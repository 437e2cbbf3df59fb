"""Everything a roster import may touch, as plain tuples, to prove what changed."""

from __future__ import annotations

from typing import Any

from iep_portal.models import User
from rostering.models import RosterRecord
from students.models import Enrollment, School, SchoolCalendar, Section, Student


def snapshot() -> dict[str, Any]:
    return {
        "schools": sorted(School.objects.values_list("pk", "name", "code", "sourced_id")),
        "calendars": sorted(SchoolCalendar.objects.values_list("pk", "school", "name", "start_date",
                                                              "end_date")),
        "sections": sorted(Section.objects.values_list("pk", "name", "subject", "period", "teacher",
                                                       "active", "sourced_id")),
        "users": sorted(User.objects.values_list("pk", "email", "first_name", "last_name", "role",
                                                 "is_active", "sourced_id", "password")),
        "user_schools": sorted(User.schools.through.objects.values_list("user", "school")),
        "students": sorted(Student.objects.values_list("pk", "school", "student_number", "first_name",
                                                       "last_name", "preferred_name", "date_of_birth",
                                                       "grade", "active", "sourced_id")),
        "enrollments": sorted(Enrollment.objects.values_list("pk", "section", "student", "start_date",
                                                             "end_date", "sourced_id")),
        "records": sorted(RosterRecord.objects.values_list("pk", "kind", "sourced_id", "active")),
    }
