from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

from django.urls import reverse

from behavior.models import Removal
from tests.url_access import ADMINS, Rule

# The full record's readers see a student's removals; a gen-ed teacher not on the team does not.
READERS = frozenset({"case_manager", "provider", "observer", "school_admin", "district_admin"})



def _short_removals(w: SimpleNamespace) -> None:
    """Short removals past 10 school days (5 + 3 + 3): the one from Mon 16 Nov asks."""
    days = [dt.date(2026, 10, d) for d in (5, 6, 7, 8, 9)] + [dt.date(2026, 11, d) for d in (2, 3, 4, 16, 17, 18)]
    for day in days:
        Removal.objects.create(student=w.student, date=day, setting="out_of_school", reason="Fighting",
                               recorded_by=w.school_admin)


URL_ACCESS = {
    "behavior:removals": Rule(url=lambda w: reverse("behavior:removals", args=[w.student.pk]), ok=READERS,
                              forbidden=frozenset({"gen_ed_teacher"})),
    # The school's administrators and the district's record a removal; the team only reads it.
    "behavior:removal_record": Rule(
        url=lambda w: reverse("behavior:removal_record", args=[w.student.pk]), method="post", ok=ADMINS,
        forbidden=frozenset({"case_manager", "gen_ed_teacher", "provider", "observer"}),
        data=lambda w: {"k": str(uuid.uuid4()), "start_date": "2026-11-16", "school_days": "2",
                        "setting": "out_of_school", "portion": "1.00",
                        "reason": "Fighting in the cafeteria (code of conduct 4.2)."}),
    # The plan's manager or an administrator decides whether short removals form a pattern.
    "behavior:pattern_record": Rule(
        url=lambda w: reverse("behavior:pattern_record", args=[w.student.pk]) + "?day=2026-11-16",
        method="post", setup=_short_removals, ok=ADMINS | {"case_manager"},
        forbidden=frozenset({"gen_ed_teacher", "provider", "observer"}),
        data=lambda w: {"k": str(uuid.uuid4()), "outcome": "no_pattern", "determined_on": "2026-11-18",
                        "basis": "Different behavior each time, weeks apart."}),
}
