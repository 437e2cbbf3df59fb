"""Two example claims layouts and the default note rule (every area: activity, response,
progress, three words each). A district edits them or adds its own on the Billing pages."""

from __future__ import annotations

from django.db import migrations

GENERIC = {
    "name": "Generic claim lines (CMS-1500 fields)",
    "description": "One line per session with the fields of a CMS-1500 service line, for a billing vendor.",
    "date_format": "%m/%d/%Y",
    "code_map": {},
    "columns": [
        ["Claim line ID", "session_id"], ["Student ID", "student_number"],
        ["Patient last name", "student_last_name"], ["Patient first name", "student_first_name"],
        ["Patient birth date", "student_birth_date"], ["Date of service", "service_date"],
        ["Place of service", "place_of_service"], ["Procedure code", "procedure_code"],
        ["Modifier 1", "modifier_1"], ["Modifier 2", "modifier_2"], ["Modifier 3", "modifier_3"],
        ["Modifier 4", "modifier_4"], ["Diagnosis pointer A", "diagnosis_1"],
        ["Diagnosis pointer B", "diagnosis_2"], ["Units", "units"], ["Minutes", "minutes"],
        ["Rendering provider NPI", "provider_npi"], ["Rendering provider", "provider_name"],
        ["Supervising provider NPI", "supervisor_npi"], ["Consent date", "consent_date"],
    ],
}
STATE = {
    "name": "State school-based services upload (example)",
    "description": "A state-portal style upload: ISO dates, codes with modifiers in one field, school as 'SCH'.",
    "date_format": "%Y-%m-%d",
    "code_map": {"place_of_service": {"03": "SCH"}, "provider_credential": {
        "slp": "SLP", "slp_a": "SLPA", "ot": "OT", "cota": "COTA", "pt": "PT", "pta": "PTA",
        "counselor": "LPC", "social_worker": "LCSW", "psychologist": "PSY", "nurse": "RN"}},
    "columns": [
        ["RECORD_TYPE", "text:SBS"], ["LOCAL_STUDENT_ID", "student_number"],
        ["DOB", "student_birth_date"], ["DOS", "service_date"], ["START", "start_time"],
        ["MINUTES", "minutes"], ["UNITS", "units"], ["PROC", "procedure_code"], ["MODS", "modifiers"],
        ["POS", "place_of_service"], ["ICD10", "diagnoses"], ["GROUP_SIZE", "group_size"],
        ["PROVIDER_NPI", "provider_npi"], ["PROVIDER_TYPE", "provider_credential"],
        ["LICENSE", "provider_licence"], ["LICENSE_STATE", "provider_licence_state"],
        ["SUPERVISOR_NPI", "supervisor_npi"], ["PARENT_CONSENT_DATE", "consent_date"],
        ["ANNUAL_NOTICE_DATE", "notice_date"],
    ],
}


def add(apps, schema_editor):  # noqa: ANN001, ANN201
    ExportProfile = apps.get_model("billing", "ExportProfile")
    NoteRule = apps.get_model("billing", "NoteRule")
    for p in (GENERIC, STATE):
        ExportProfile.objects.get_or_create(name=p["name"], defaults={
            "description": p["description"], "date_format": p["date_format"], "code_map": p["code_map"],
            "columns": [{"header": h, "field": f} for h, f in p["columns"]],
        })
    NoteRule.objects.get_or_create(area="", defaults={"min_words": 3})


def remove(apps, schema_editor):  # noqa: ANN001, ANN201
    apps.get_model("billing", "ExportProfile").objects.filter(name__in=[GENERIC["name"], STATE["name"]]).delete()
    apps.get_model("billing", "NoteRule").objects.filter(area="").delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
