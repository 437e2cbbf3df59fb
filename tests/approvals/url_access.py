from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory
from tests.url_access import ADMINS, Rule

EVERY_ADMIN = ADMINS | {"other_school_admin"}


def _waiting(w):  # noqa: ANN001, ANN202
    """A session of the world's student entered 48 days after it happened."""
    requirement = ServiceRequirementFactory(iep=w.iep, provider=w.provider)
    w.session = ServiceSessionFactory(
        requirement=requirement,
        date=dt.date(2026, 10, 1),
        late=True,
        late_reason="Paper log found in a substitute's folder",
        needs_approval=True,
    )


URL_ACCESS = {
    "approvals:index": Rule(url=lambda w: reverse("approvals:index"), ok=EVERY_ADMIN),
    # The student's school's administrators and the district decide; the first decision
    # stands and later ones are told so (still a redirect). Another school's admin: 404.
    "approvals:approve": Rule(
        url=lambda w: reverse("approvals:approve", args=["service_session", w.session.pk]),
        setup=_waiting,
        method="post",
        ok=ADMINS,
    ),
    "approvals:reject": Rule(
        url=lambda w: reverse("approvals:reject", args=["service_session", w.session.pk]),
        setup=_waiting,
        method="post",
        data=lambda w: {"reason": "Not plausible"},
        ok=ADMINS,
    ),
}
