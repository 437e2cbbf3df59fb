from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

from django.urls import reverse

from accommodations.models import Support
from assessments.models import AssessmentWindow
from tests.accommodations.factories import SupportFactory
from tests.url_access import STAFF, Rule

PLANNERS = frozenset({"school_admin", "district_admin", "test_coordinator"})
ROSTER = frozenset({"school_admin", "district_admin", "test_coordinator"})


def with_window(w: SimpleNamespace) -> None:
    SupportFactory(iep=w.iep, text="Extended time (1.5x) on tests", scope=Support.Scope.ASSESSMENTS,
                   frequency=Support.Frequency.ASSESSMENTS)
    w.window = AssessmentWindow.objects.create(
        name="State math test", kind="state", scope="school", school=w.school,
        first_day=dt.date(2026, 11, 18), last_day=dt.date(2026, 11, 20), created_by=w.school_admin,
    )


URL_ACCESS = {
    # Everyone signed in sees the list; it lists only the windows they may see.
    "assessments:index": Rule(url=lambda w: reverse("assessments:index"), ok=STAFF),
    # A keyed form, opened with its key. Teachers may add a unit test for a class they teach.
    "assessments:window_add": Rule(
        url=lambda w: reverse("assessments:window_add"), data=lambda w: {"k": str(uuid.uuid4())},
        ok=PLANNERS | {"other_school_admin", "gen_ed_teacher"},
    ),
    # The school's window: its school's planners change it; those who see it but may not, 403.
    "assessments:window_edit": Rule(
        url=lambda w: reverse("assessments:window_edit", args=[w.window.pk]), setup=with_window,
        ok=PLANNERS, forbidden=frozenset({"gen_ed_teacher"}),
    ),
    # Asks before deleting; the same people who change the window.
    "assessments:window_delete": Rule(
        url=lambda w: reverse("assessments:window_delete", args=[w.window.pk]), setup=with_window,
        ok=PLANNERS, forbidden=frozenset({"gen_ed_teacher"}),
    ),
    "accommodations:testing_roster": Rule(
        url=lambda w: reverse("accommodations:testing_roster", args=[w.window.pk]), setup=with_window,
        ok=ROSTER,
    ),
    "accommodations:testing_roster_print": Rule(
        url=lambda w: reverse("accommodations:testing_roster_print", args=[w.window.pk]),
        setup=with_window, ok=ROSTER,
    ),
}
