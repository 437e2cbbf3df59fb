from __future__ import annotations

from django.urls import reverse

from tests.url_access import ALL_PERSONAS, Rule

URL_ACCESS = {
    "healthz": Rule(url=lambda w: reverse("healthz"), ok=ALL_PERSONAS, public=True),
}
