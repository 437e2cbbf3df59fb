from __future__ import annotations

from django.urls import reverse

from tests.url_access import Rule

URL_ACCESS: dict[str, Rule] = {}

def _import_run(w) -> None:  # noqa: ANN001
    from rostering.models import ImportRun

    w.import_run = ImportRun.objects.create(started_by=w.district_admin, status="done",
                                            summary={"users.csv": {"rows": 1, "added": 1}})


def _upload(w):  # noqa: ANN001, ANN202
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"kind": "oneroster", "mode": "all_or_nothing",
            "upload": SimpleUploadedFile("drop.zip", b"PK\x05\x06" + b"\x00" * 18)}


DISTRICT_ADMIN_ONLY = frozenset({"district_admin"})
URL_ACCESS.update({
    "rostering:imports": Rule(url=lambda w: reverse("rostering:imports"),
                                    ok=DISTRICT_ADMIN_ONLY),
    "rostering:import_upload": Rule(
        url=lambda w: reverse("rostering:import_upload"), method="post", data=_upload,
        ok=DISTRICT_ADMIN_ONLY),
    "rostering:import_detail": Rule(
        url=lambda w: reverse("rostering:import_detail", args=[w.import_run.pk]),
        setup=_import_run, ok=DISTRICT_ADMIN_ONLY),
    "rostering:calendar_proposals": Rule(url=lambda w: reverse("rostering:calendar_proposals"),
                                         ok=DISTRICT_ADMIN_ONLY),
    # Confirming with nothing proposed redirects back to the page (a 3xx after a POST).
    "rostering:calendar_confirm": Rule(url=lambda w: reverse("rostering:calendar_confirm"),
                                       method="post", data=lambda w: {"x-session": "none"},
                                       ok=DISTRICT_ADMIN_ONLY),
    "rostering:iep_export": Rule(url=lambda w: reverse("rostering:iep_export"), ok=DISTRICT_ADMIN_ONLY),
})
