from __future__ import annotations

from django.urls import reverse

from tests.url_access import ALL_PERSONAS, Rule

URL_ACCESS = {
    "home": Rule(url=lambda w: reverse("home"), ok=ALL_PERSONAS),
}
