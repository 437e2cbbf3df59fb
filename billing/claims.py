"""The claims file: billable sessions only, laid out by an export profile.

A profile names its columns (a heading and a field below), their order, the date format and
code mappings. `FIELDS` is every field a column may take. Rows come from
`billability.assess`, and `claim_lines` drops every session with a reason not to bill, so no
layout can put a non-billable session in a claims file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from billing.billability import Assessment
from billing.models import ExportProfile
from iep_portal.timefmt import iso_datetime


def _date(value: dt.date | None) -> dt.date | None:
    return value


def _modifier(n: int) -> Callable[[Assessment], Any]:
    def get(a: Assessment) -> str:
        mods = a.modifiers
        return mods[n] if len(mods) > n else ""
    return get


def _diagnosis(n: int) -> Callable[[Assessment], Any]:
    def get(a: Assessment) -> str:
        return a.diagnoses[n].code if len(a.diagnoses) > n else ""
    return get


def _npi(a: Assessment) -> str:
    return a.credential.npi if a.credential else ""


# field -> (what it is, how to read it from an assessed session). Dates are dt.date values,
# written in the profile's date format.
FIELDS: dict[str, tuple[str, Callable[[Assessment], Any]]] = {
    "session_id": ("The session's record number", lambda a: a.session.pk),
    "student_number": ("Student ID", lambda a: a.session.student.student_number),
    "medicaid_id": ("Student's Medicaid ID", lambda a: a.medicaid.number if a.medicaid else ""),
    "student_last_name": ("Student's last name", lambda a: a.session.student.last_name),
    "student_first_name": ("Student's first name", lambda a: a.session.student.first_name),
    "student_birth_date": ("Student's birth date", lambda a: a.session.student.date_of_birth),
    "school": ("School", lambda a: a.session.student.school.name),
    "service_date": ("Date of service", lambda a: a.session.date),
    "start_time": ("Start time (HH:MM)", lambda a: a.session.start_time.strftime("%H:%M")
                   if a.session.start_time else ""),
    "minutes": ("Minutes", lambda a: a.session.minutes),
    "units": ("Billable units", lambda a: a.units),
    "service_area": ("Service area", lambda a: a.session.requirement.area),
    "group_size": ("Students in the session", lambda a: a.session.group_size),
    "procedure_code": ("Procedure code (CPT/HCPCS)", lambda a: a.coding.code.code if a.coding else ""),
    "modifiers": ("Modifiers, space-separated", lambda a: " ".join(a.modifiers)),
    "modifier_1": ("First modifier", _modifier(0)),
    "modifier_2": ("Second modifier", _modifier(1)),
    "modifier_3": ("Third modifier", _modifier(2)),
    "modifier_4": ("Fourth modifier", _modifier(3)),
    "place_of_service": ("Place of service", lambda a: a.coding.place_of_service if a.coding else ""),
    "diagnosis_1": ("First ICD-10 code", _diagnosis(0)),
    "diagnosis_2": ("Second ICD-10 code", _diagnosis(1)),
    "diagnosis_3": ("Third ICD-10 code", _diagnosis(2)),
    "diagnoses": ("ICD-10 codes, comma-separated", lambda a: ",".join(d.code for d in a.diagnoses)),
    "provider_npi": ("Rendering provider's NPI", _npi),
    "provider_name": ("Rendering provider", lambda a: str(a.credential.user) if a.credential else ""),
    "provider_last_name": ("Rendering provider's last name",
                           lambda a: a.credential.user.last_name if a.credential else ""),
    "provider_first_name": ("Rendering provider's first name",
                            lambda a: a.credential.user.first_name if a.credential else ""),
    "provider_credential": ("Rendering provider's credential", lambda a: a.credential.credential_type
                            if a.credential else ""),
    "provider_licence": ("Licence number", lambda a: a.credential.licence_number if a.credential else ""),
    "provider_licence_state": ("Licence state", lambda a: a.credential.licence_state if a.credential else ""),
    "supervisor_npi": ("Supervising provider's NPI",
                       lambda a: a.supervisor_credential.npi if a.supervisor_credential else ""),
    "supervisor_name": ("Supervising provider", lambda a: str(a.supervisor_credential.user)
                        if a.supervisor_credential else ""),
    "consent_date": ("Date of the parent's consent", lambda a: a.consent.given_on if a.consent else None),
    "notice_date": ("Date of the annual notice", lambda a: a.notice.sent_on if a.notice else None),
    "certified_at": ("When the provider certified it", lambda a: iso_datetime(a.session.certified_at)
                     if a.session.certified_at else ""),
}


def cell(a: Assessment, field: str, profile: ExportProfile) -> object:
    """One column's value for one session: the field, in the profile's date format, mapped."""
    if field.startswith("text:"):
        return field[5:]
    value = FIELDS[field][1](a)
    if isinstance(value, dt.date):
        value = value.strftime(profile.date_format)
    elif value is None:
        value = ""
    mapping = (profile.code_map or {}).get(field)
    if mapping and str(value) in mapping:
        value = mapping[str(value)]
    return value


def claim_lines(assessed: Sequence[Assessment], profile: ExportProfile) -> Iterator[list[object]]:
    """The heading row, then one row per billable session (never one with a reason)."""
    yield [col["header"] for col in profile.columns]
    for a in assessed:
        if a.billable:
            yield [cell(a, col["field"], profile) for col in profile.columns]
