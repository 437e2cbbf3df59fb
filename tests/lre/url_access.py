from __future__ import annotations

from django.urls import reverse

from tests.url_access import ADMINS, Rule

URL_ACCESS = {
    # Administrators, each over their own schools (an empty report for another school's).
    "lre:report": Rule(url=lambda w: reverse("lre:report"), ok=ADMINS | {"other_school_admin"}),
}
