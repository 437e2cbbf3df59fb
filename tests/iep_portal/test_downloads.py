"""Every download's Content-Disposition header stays one header, whatever its file name holds."""

from __future__ import annotations

import pytest
from django.urls import reverse

from iep_portal.downloads import attachment


@pytest.mark.parametrize(("name", "header"), [
    ("deadlines-2026-11-18.csv", 'attachment; filename="deadlines-2026-11-18.csv"'),
    ('evidence-A"1.zip', 'attachment; filename="evidence-A\\"1.zip"'),
    ("evidence-A\r\nSet-Cookie: x=1.zip", "attachment; filename*=utf-8''evidence-A%0D%0ASet-Cookie%3A%20x%3D1.zip"),
    ("evidence-Núñez.zip", "attachment; filename*=utf-8''evidence-N%C3%BA%C3%B1ez.zip"),
])
def test_the_header_quotes_or_encodes_the_name(name: str, header: str) -> None:
    assert attachment(name) == header


@pytest.mark.parametrize("number", ['A"1', "A1\nB2", "Ñandú-7", "A1\r\nSet-Cookie: x=1"])
def test_the_evidence_packet_downloads_whatever_the_student_id(login, district_admin, iep, number) -> None:  # noqa: ANN001
    """A stored ID from before IDs were checked: the download still works, its name cleaned."""
    student = iep.student
    student.student_number, student.last_name = number, "O'Brien\nNúñez"
    student.save(update_fields=["student_number", "last_name"])
    response = login(district_admin).get(reverse("fidelity:evidence_download", args=[student.pk]))
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert "\n" not in header and "\r" not in header
    assert header.startswith("attachment; filename")
    assert header.count('"') in (0, 2)  # one quoted name, or the encoded form with none
    assert "Set-Cookie" not in response.headers
