from __future__ import annotations

from django.urls import reverse

from tests.url_access import ALL_PERSONAS, SEES_STUDENT, Rule

URL_ACCESS = {
    "students:list": Rule(url=lambda w: reverse("students:list"), ok=ALL_PERSONAS),
    "students:detail": Rule(
        url=lambda w: reverse("students:detail", args=[w.student.pk]), ok=SEES_STUDENT
    ),
    "students:family_contact_add": Rule(
        url=lambda w: reverse("students:family_contact_add", args=[w.student.pk]),
        method="post",
        data=lambda w: {"contacted_on": "2026-11-17", "channel": "phone",
                        "family_member": "Mother", "summary": "Checked in about homework."},
        ok=frozenset({"case_manager", "gen_ed_teacher", "provider"}),
        forbidden=frozenset({"observer", "school_admin", "district_admin"}),
    ),
}

# --- roster and IEP data imports: district administrators only -------------------------------


def _import_run(w) -> None:  # noqa: ANN001
    from students.roster_models import ImportRun

    w.import_run = ImportRun.objects.create(started_by=w.district_admin, status="done",
                                            summary={"users.csv": {"rows": 1, "added": 1}})


def _upload(w):  # noqa: ANN001, ANN202
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"kind": "oneroster", "mode": "all_or_nothing",
            "upload": SimpleUploadedFile("drop.zip", b"PK\x05\x06" + b"\x00" * 18)}


DISTRICT_ADMIN_ONLY = frozenset({"district_admin"})
URL_ACCESS.update({
    "students:roster_imports": Rule(url=lambda w: reverse("students:roster_imports"),
                                    ok=DISTRICT_ADMIN_ONLY),
    "students:roster_import_upload": Rule(
        url=lambda w: reverse("students:roster_import_upload"), method="post", data=_upload,
        ok=DISTRICT_ADMIN_ONLY),
    "students:roster_import_detail": Rule(
        url=lambda w: reverse("students:roster_import_detail", args=[w.import_run.pk]),
        setup=_import_run, ok=DISTRICT_ADMIN_ONLY),
    "students:iep_export": Rule(url=lambda w: reverse("students:iep_export"), ok=DISTRICT_ADMIN_ONLY),
})
