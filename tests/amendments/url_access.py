from __future__ import annotations

import datetime as dt

from django.urls import reverse

from amendments.models import Amendment, AmendmentChange, PriorWrittenNotice
from tests.url_access import Rule

MANAGERS = frozenset({"case_manager", "school_admin", "district_admin"})
# Who reads the full record: the case manager, the providers and observers on the team, the
# administrators. A gen-ed teacher not on the team sees the classroom view only.
READERS = frozenset({"case_manager", "provider", "observer", "school_admin", "district_admin"})
READ_ONLY = frozenset({"gen_ed_teacher", "provider", "observer"})


def _draft(w):  # noqa: ANN001, ANN202
    from tests.services.factories import ServiceRequirementFactory

    w.line = ServiceRequirementFactory(iep=w.iep, provider=w.case_manager)
    w.amendment = Amendment.objects.create(
        iep=w.iep, effective_on=dt.date(2026, 11, 23), created_by=w.case_manager
    )


def _draft_with_change(w):  # noqa: ANN001, ANN202
    _draft(w)
    w.change = AmendmentChange.objects.create(
        amendment=w.amendment, kind="end", target="service", service_line=w.line, created_by=w.case_manager
    )


def _with_notice(w):  # noqa: ANN001, ANN202
    _draft(w)
    PriorWrittenNotice.objects.create(
        amendment=w.amendment,
        language="en",
        action="Raise speech minutes.",
        reasons="Progress data.",
        options_considered="Keep 60 minutes: rejected.",
        data_used="Probes.",
        written_by=w.case_manager,
    )


def _url(name: str, *extra: str):  # noqa: ANN202
    return lambda w: reverse(
        f"amendments:{name}", args=[w.student.pk, w.amendment.pk, *[getattr(w, e).pk for e in extra]]
    )


URL_ACCESS = {
    "amendments:history": Rule(url=lambda w: reverse("amendments:history", args=[w.student.pk]), ok=READERS),
    # Starting (or reopening) the draft: the case manager and the administrators.
    "amendments:start": Rule(
        url=lambda w: reverse("amendments:start", args=[w.student.pk]),
        method="post",
        ok=MANAGERS,
        forbidden=READ_ONLY,
    ),
    "amendments:amendment": Rule(url=_url("amendment"), setup=_draft, ok=READERS),
    "amendments:details": Rule(
        url=_url("details"),
        method="post",
        setup=_draft,
        ok=MANAGERS,
        forbidden=READ_ONLY,
        data=lambda w: {"effective_on": "2026-11-23", "agreed_how": "meeting", "meeting_on": "2026-11-17"},
    ),
    "amendments:change": Rule(
        url=_url("change"),
        method="post",
        setup=_draft,
        ok=MANAGERS,
        forbidden=READ_ONLY,
        data=lambda w: {"target": "service", "kind": "end", "of": w.line.pk},
    ),
    "amendments:change_remove": Rule(
        url=_url("change_remove", "change"),
        method="post",
        setup=_draft_with_change,
        ok=MANAGERS,
        forbidden=READ_ONLY,
    ),
    "amendments:notice": Rule(
        url=_url("notice"),
        method="post",
        setup=_draft,
        ok=MANAGERS,
        forbidden=READ_ONLY,
        data=lambda w: {
            "proposes": "proposes",
            "action": "End speech.",
            "reasons": "Goals met.",
            "options_considered": "Keep it: rejected.",
            "data_used": "Probes.",
        },
    ),
    # Finalizing an incomplete draft is refused with a message and a redirect: still "ok".
    "amendments:finalize": Rule(
        url=_url("finalize"), method="post", setup=_draft, ok=MANAGERS, forbidden=READ_ONLY
    ),
    "amendments:notice_print": Rule(url=_url("notice_print"), setup=_with_notice, ok=READERS),
}
