from __future__ import annotations

from django.urls import reverse

from tests.url_access import STAFF, Rule

URL_ACCESS = {
    "home": Rule(url=lambda w: reverse("home"), ok=STAFF),
    # Everyone's own caseload (empty for someone who serves no student): nobody else's.
    "caseload": Rule(url=lambda w: reverse("caseload"), ok=STAFF),
}
