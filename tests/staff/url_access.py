from __future__ import annotations

import uuid

from django.urls import reverse

from tests.url_access import Rule

URL_ACCESS = {
    # A keyed form: opened without its key it first redirects to get one (?k=).
    "staff:invite": Rule(
        url=lambda w: reverse("staff:invite") + f"?k={uuid.uuid4()}", ok=frozenset({"district_admin"})
    ),
}
