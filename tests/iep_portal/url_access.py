from __future__ import annotations

from django.urls import reverse

from tests.url_access import ALL_PERSONAS, Rule

URL_ACCESS = {
    "healthz": Rule(url=lambda w: reverse("healthz"), ok=ALL_PERSONAS, public=True),
    # Each person's own account (allauth's pages, routed by iep_portal/urls.py): every signed-in
    # person reaches their own; the changes themselves ask for the password again.
    "account_email": Rule(url=lambda w: reverse("account_email"), ok=ALL_PERSONAS),
    "account_change_password": Rule(url=lambda w: reverse("account_change_password"), ok=ALL_PERSONAS),
}
