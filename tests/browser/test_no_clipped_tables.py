"""No table is clipped at 1280 px: the district administrator's pages, each table's box and
the page itself no wider than the window (a table may wrap its cells, never run off)."""

from __future__ import annotations

import pytest

from accommodations.models import Acknowledgement
from tests.fidelity.conftest import small_school  # noqa: F401

pytestmark = pytest.mark.browser

OVERFLOW = """() => {
  const out = [];
  const de = document.documentElement;
  if (de.scrollWidth > de.clientWidth) out.push(`page ${de.scrollWidth} > ${de.clientWidth}`);
  document.querySelectorAll('table').forEach((table, i) => {
    const box = table.closest('.table-scroll') || table.parentElement;
    if (box.scrollWidth > box.clientWidth + 1) {
      out.push(`table ${i} (${box.getAttribute('aria-label') || box.className || box.tagName}): `
               + `${box.scrollWidth} > ${box.clientWidth}`);
    }
  });
  return out;
}"""


def test_no_table_is_clipped_on_the_district_admins_pages(  # noqa: PLR0913
    steps, viewport, district_admin, small_school, iep, student, school, provider,  # noqa: ANN001, F811
) -> None:
    if viewport != "desktop":
        pytest.skip("the 1280 px check; phones scroll tables sideways on purpose")
    Acknowledgement.objects.get_or_create(iep=iep, user=provider)
    pages = {
        "my day": "/",
        "fidelity": "/fidelity/?period=custom&start=2026-11-02&end=2026-11-13",
        "drill-down (minutes)": "/fidelity/students/?metric=minutes",
        "drill-down (owed)": "/fidelity/students/?metric=owed",
        "drill-down (school)": f"/fidelity/students/?dim=school&id={school.pk}",
        "deadlines": "/fidelity/deadlines/?within=180",
        "evidence": f"/fidelity/evidence/{student.pk}/",
        "access log": "/staff/access-log/?student=&user=",
        "approvals": "/approvals/",
        "rostering imports": "/students/roster/imports/",
        "notifications": "/notifications/",
        "reminders status": "/notifications/status/",
        "students list": "/students/",
        "student page": f"/students/{student.pk}/",
    }
    steps.sign_in(district_admin)
    clipped = {}
    for name, path in pages.items():
        response = steps.goto(path)
        assert response is not None and response.status == 200, (name, path)
        steps.page.wait_for_load_state("load")
        found = steps.page.evaluate(OVERFLOW)
        if found:
            clipped[name] = found
        steps.shot(name)
    assert not clipped, clipped
