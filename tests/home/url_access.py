from __future__ import annotations

from django.urls import reverse

from tests.url_access import ALL_PERSONAS, Rule

URL_ACCESS = {
    "home": Rule(url=lambda w: reverse("home"), ok=ALL_PERSONAS),
    # Everyone's own caseload (empty for someone who serves no student): nobody else's.
    "caseload": Rule(url=lambda w: reverse("caseload"), ok=ALL_PERSONAS),
}
