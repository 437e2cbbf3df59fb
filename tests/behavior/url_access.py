from __future__ import annotations

import uuid

from django.urls import reverse

from tests.url_access import ADMINS, Rule

# The full record's readers see a student's removals; a gen-ed teacher not on the team does not.
READERS = frozenset({"case_manager", "provider", "observer", "school_admin", "district_admin"})

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
}
