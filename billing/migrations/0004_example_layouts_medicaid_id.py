"""The example claims layouts name the student by their Medicaid ID: the generic layout's
"Insured's ID number" after the student ID, the state upload's MEDICAID_ID after the local
ID. A layout a district already changed to carry the field is left as it is."""

from __future__ import annotations

from django.db import migrations

AFTER = {
    "Generic claim lines (CMS-1500 fields)": ("Student ID", "Insured's ID number (Medicaid ID)"),
    "State school-based services upload (example)": ("LOCAL_STUDENT_ID", "MEDICAID_ID"),
}


def add(apps, schema_editor):  # noqa: ANN001, ANN201
    ExportProfile = apps.get_model("billing", "ExportProfile")
    for profile in ExportProfile.objects.filter(name__in=list(AFTER)):
        if any(c.get("field") == "medicaid_id" for c in profile.columns):
            continue
        after, header = AFTER[profile.name]
        at = next((i + 1 for i, c in enumerate(profile.columns) if c.get("header") == after), 0)
        profile.columns.insert(at, {"header": header, "field": "medicaid_id"})
        profile.save(update_fields=["columns"])


def remove(apps, schema_editor):  # noqa: ANN001, ANN201
    ExportProfile = apps.get_model("billing", "ExportProfile")
    for profile in ExportProfile.objects.filter(name__in=list(AFTER)):
        profile.columns = [c for c in profile.columns if c.get("field") != "medicaid_id"]
        profile.save(update_fields=["columns"])


class Migration(migrations.Migration):
    dependencies = [("billing", "0003_medicaid_id_and_note_rule_authors")]
    operations = [migrations.RunPython(add, remove)]
