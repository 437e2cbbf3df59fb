from __future__ import annotations

from django.urls import reverse

from tests.url_access import SEES_STUDENT, STAFF, Rule

URL_ACCESS = {
    "students:list": Rule(url=lambda w: reverse("students:list"), ok=STAFF),
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
