from __future__ import annotations

import uuid

from django.urls import reverse

from tests.url_access import ALL_PERSONAS, SEES_STUDENT, Rule

MANAGERS = frozenset({"case_manager", "school_admin", "district_admin"})
# Recording a transfer: case managers and administrators, at their own schools.
RECORDERS = frozenset({"case_manager", "other_case_manager", "school_admin", "other_school_admin",
                       "district_admin"})


def keyed(url: str) -> str:
    # A keyed form: opened without its key it first redirects to get one (?k=).
    return f"{url}?k={uuid.uuid4()}"


def _transfer(w, **kwargs):  # noqa: ANN001, ANN003, ANN202
    from tests.transfers.factories import TransferInFactory
    w.transfer = TransferInFactory(interim_iep=w.iep, **kwargs)


def _out_of_state(w):  # noqa: ANN001, ANN202
    _transfer(w, in_state=False, sending_state="WI", sending_district="Beloit School District")


URL_ACCESS = {
    "transfers:list": Rule(url=lambda w: reverse("transfers:list"), ok=RECORDERS),
    "transfers:record": Rule(url=lambda w: keyed(reverse("transfers:record")), ok=RECORDERS),
    # The transfer page: whoever sees the student's full record.
    "transfers:detail": Rule(
        url=lambda w: reverse("transfers:detail", args=[w.student.pk]), setup=_transfer,
        ok=frozenset({"case_manager", "provider", "observer", "school_admin", "district_admin"}),
    ),
    # Writes: the case manager and administrators; a repeat is answered "already done".
    "transfers:line_add": Rule(
        url=lambda w: keyed(reverse("transfers:line_add", args=[w.student.pk])), setup=_transfer,
        ok=MANAGERS, forbidden=SEES_STUDENT - MANAGERS,
    ),
    "transfers:evaluation": Rule(
        url=lambda w: reverse("transfers:evaluation", args=[w.student.pk]), method="post", setup=_out_of_state,
        data=lambda w: {"evaluation": "not_needed", "decided_on": "2026-11-18",
                        "basis": "The sending evaluation is current and covers every area of need."},
        ok=MANAGERS, forbidden=SEES_STUDENT - MANAGERS,
    ),
    "transfers:close": Rule(
        url=lambda w: reverse("transfers:close", args=[w.student.pk]), method="post", setup=_transfer,
        data=lambda w: {"outcome": "adopted", "closed_on": "2026-11-18"},
        ok=MANAGERS, forbidden=SEES_STUDENT - MANAGERS,
    ),
}
assert RECORDERS <= ALL_PERSONAS
