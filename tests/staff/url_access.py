from __future__ import annotations

from django.urls import reverse

from tests.url_access import Rule

URL_ACCESS = {
    "staff:invite": Rule(url=lambda w: reverse("staff:invite"), ok=frozenset({"district_admin"})),
}
