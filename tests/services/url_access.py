from __future__ import annotations

import uuid

from django.urls import reverse
from django.utils import timezone

from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory
from tests.url_access import SEES_STUDENT, STAFF, Rule

LOGGERS = frozenset({"case_manager", "provider"})
# See the student, but may not log this service.
NOT_LOGGERS = frozenset({"observer", "gen_ed_teacher", "school_admin", "district_admin"})


def _requirement(w):  # noqa: ANN001, ANN202
    w.requirement = ServiceRequirementFactory(iep=w.iep, provider=w.provider)


def _session(w, certified: bool = True):  # noqa: ANN001, ANN202
    _requirement(w)
    w.session = ServiceSessionFactory(
        requirement=w.requirement, logged_by=w.provider,
        certified_by=w.provider if certified else None,
        certified_at=timezone.now() if certified else None,
    )


def keyed(url: str) -> str:
    """A keyed form's address with a fresh key (without one, every persona is redirected)."""
    return f"{url}?k={uuid.uuid4()}"


URL_ACCESS = {
    "services:log": Rule(url=lambda w: keyed(reverse("services:log")), ok=STAFF),
    "services:student": Rule(
        url=lambda w: reverse("services:student", args=[w.student.pk]),
        ok=SEES_STUDENT - {"gen_ed_teacher"}, forbidden=frozenset({"gen_ed_teacher"}),
    ),
    "services:session_amend": Rule(
        url=lambda w: keyed(reverse("services:session_amend", args=[w.session.pk])), setup=_session,
        ok=LOGGERS, forbidden=NOT_LOGGERS,
    ),
    "services:session_void": Rule(
        url=lambda w: reverse("services:session_void", args=[w.session.pk]), setup=_session,
        method="post", data=lambda w: {"reason": "Logged for the wrong student.", "k": str(uuid.uuid4())},
        ok=LOGGERS, forbidden=NOT_LOGGERS,
    ),
    "services:session_certify": Rule(
        url=lambda w: reverse("services:session_certify", args=[w.session.pk]),
        setup=lambda w: _session(w, certified=False), method="post",
        ok=LOGGERS, forbidden=NOT_LOGGERS,
    ),
    "services:export": Rule(url=lambda w: reverse("services:export"), ok=STAFF),
}

# Logging posts a fresh form each time (a new idempotency key), for the team's provider.
URL_ACCESS["services:log#post"] = Rule(
    url=lambda w: reverse("services:log"), setup=_requirement, method="post",
    data=lambda w: {
        "k": str(uuid.uuid4()), "requirements": [w.requirement.pk],
        "date": "2026-11-17", "minutes": "30", "status": "delivered",
        # Pending: the case manager logs this speech line on the provider's behalf.
        "certify": "pending",
    },
    ok=LOGGERS, forbidden=NOT_LOGGERS,
)


def _requirement(w):  # noqa: ANN001, ANN202
    w.requirement = ServiceRequirementFactory(iep=w.iep, provider=w.provider)


MANAGES = frozenset({"case_manager", "district_admin"})
URL_ACCESS.update({
    "services:requirement_add": Rule(
        url=lambda w: keyed(reverse("services:requirement_add", args=[w.student.pk])),
        ok=MANAGES, forbidden=SEES_STUDENT - MANAGES,
    ),
    "services:requirement_end": Rule(
        url=lambda w: keyed(reverse("services:requirement_end", args=[w.requirement.pk])), setup=_requirement,
        ok=MANAGES, forbidden=SEES_STUDENT - MANAGES,
    ),
    "services:co_providers": Rule(
        url=lambda w: reverse("services:co_providers", args=[w.requirement.pk]), setup=_requirement,
        ok=MANAGES, forbidden=SEES_STUDENT - MANAGES,
    ),
    # Reading one entry: the student's team (not a classroom teacher) and administrators.
    "services:session": Rule(
        url=lambda w: reverse("services:session", args=[w.session.pk]), setup=_session,
        ok=SEES_STUDENT - {"gen_ed_teacher"}, forbidden=frozenset({"gen_ed_teacher"}),
    ),
    # Everyone's own list of entries to confirm (empty for most).
    "services:mine": Rule(url=lambda w: reverse("services:mine"), ok=STAFF),
})
