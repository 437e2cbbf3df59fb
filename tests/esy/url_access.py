from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

from django.urls import reverse

from esy.models import EsyDecision
from tests.url_access import ADMINS, Rule

# The full record's readers see a student's ESY; a gen-ed teacher not on the team does not.
READERS = frozenset({"case_manager", "provider", "observer", "school_admin", "district_admin"})
# The team's decision is recorded by the case manager and the administrators.
DECIDERS = frozenset({"case_manager", "school_admin", "district_admin"})
# ESY lines, like every service line, by who manages the IEP.
MANAGERS = frozenset({"case_manager", "district_admin"})


def _needed(w: SimpleNamespace) -> None:
    EsyDecision.objects.create(iep=w.iep, status="needed", decided_on=dt.date(2026, 11, 10),
                               basis="Regression over winter break.", recorded_by=w.case_manager)


def _key(w: SimpleNamespace) -> dict[str, str]:
    return {"k": str(uuid.uuid4())}


URL_ACCESS = {
    "esy:student": Rule(url=lambda w: reverse("esy:student", args=[w.student.pk]), ok=READERS,
                        forbidden=frozenset({"gen_ed_teacher"})),
    "esy:decide": Rule(
        url=lambda w: reverse("esy:decide", args=[w.student.pk]), method="post", ok=DECIDERS,
        forbidden=frozenset({"gen_ed_teacher", "provider", "observer"}),
        data=lambda w: {"k": str(uuid.uuid4()), "status": "needed", "decided_on": "2026-11-10",
                        "basis": "Regression over winter break; recoupment took six weeks."}),
    "esy:line_add": Rule(
        url=lambda w: reverse("esy:line_add", args=[w.student.pk]), method="post", setup=_needed,
        ok=MANAGERS, forbidden=frozenset({"gen_ed_teacher", "provider", "observer", "school_admin"}),
        data=lambda w: {"k": str(uuid.uuid4()), "kind": "sdi", "area": "Reading", "minutes": "90",
                        "sessions": "2", "period": "week", "setting": "special_ed",
                        "provider": str(w.case_manager.pk), "start_date": "2027-06-21",
                        "end_date": "2027-07-29"}),
    # The district's sessions and their own schools' are every administrator's to see.
    "esy:sessions": Rule(url=lambda w: reverse("esy:sessions"), ok=ADMINS | {"other_school_admin"}),
    "esy:session_new": Rule(url=lambda w: reverse("esy:session_new"), data=_key,
                            ok=ADMINS | {"other_school_admin"}),
}
