"""The evidence packet: a ZIP that opens and holds every section, logged as an export."""

from __future__ import annotations

import csv
import io
import zipfile

from django.urls import reverse

from iep_portal.models import AccessLog

RANGE = {"start": "2026-09-08", "end": "2026-11-18"}
SECTIONS = ["services", "supports", "minutes_by_week", "sessions", "minutes_owed",
            "accommodation_checks", "acknowledgements", "goals", "progress_reports",
            "family_contacts", "access_log"]


def _rows(archive: zipfile.ZipFile, name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(archive.read(name).decode())))


def test_the_packet_opens_and_holds_every_section(login, school_admin, student, small_school) -> None:  # noqa: ANN001
    response = login(school_admin).get(reverse("fidelity:evidence_download", args=[student.pk]), RANGE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"evidence-{student.student_number}" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    names = set(archive.namelist())
    for key in SECTIONS:
        assert f"{key}.csv" in names
    assert "summary.html" in names and "accommodation_rates_by_teacher.csv" in names
    graphs = [n for n in names if n.startswith("graphs/") and n.endswith(".svg")]
    assert len(graphs) == 2
    svg = archive.read(graphs[0]).decode()
    assert svg.startswith("<svg") and "<title" in svg and "<desc" in svg

    services = _rows(archive, "services.csv")
    assert services[1][1] == "Speech-language" and services[1][3] == "60"
    sessions = _rows(archive, "sessions.csv")
    assert [r[3] for r in sessions[1:]] == ["Delivered", "Delivered", "Provider absent", "Delivered"]
    assert "Provider out sick" in sessions[3]
    weeks = {r[1]: r for r in _rows(archive, "minutes_by_week.csv")[1:]}
    assert weeks["2026-11-02"][2:6] == ["60", "60", "0", "0"]
    assert weeks["2026-11-09"][2:6] == ["60", "30", "0", "30"]
    owed = _rows(archive, "minutes_owed.csv")
    assert owed[1][6] == "30"  # minutes owed for the provider's absence
    checks = _rows(archive, "accommodation_checks.csv")
    assert len(checks) == 10 and all(r[0].startswith("Gina") for r in checks[1:])
    rates = _rows(archive, "accommodation_rates_by_teacher.csv")
    assert rates[1][0].startswith("Gina") and rates[1][2] == "6"
    reports = _rows(archive, "progress_reports.csv")
    # Every report owed in the range, with its due date and status (progress.due): period 1's
    # two (due Nov 4: one on time, one late) and period 2's two, not due yet (due Jan 16).
    assert sorted((r[1], r[4], r[5], r[7]) for r in reports[1:]) == [
        ("1", "2026-11-04", "Sent", "2026-11-03"), ("1", "2026-11-04", "Sent late", "2026-11-10"),
        ("2", "2027-01-16", "Not due yet", "not sent"), ("2", "2027-01-16", "Not due yet", "not sent"),
    ]
    assert len(_rows(archive, "acknowledgements.csv")) == 2
    assert _rows(archive, "family_contacts.csv")[1][0] == "2026-10-20"

    summary = archive.read("summary.html").decode()
    for heading in ["Services in the IEP", "Supports: accommodations", "Required and delivered minutes",
                    "Every session", "Makeups and minutes owed", "Accommodation checks, by teacher",
                    "Acknowledgements of the supports", "Goals and their graphs",
                    "Progress reports to the family", "Family contacts", "Who opened this student"]:
        assert heading in summary
    assert "<style>" in summary  # opens offline with its styles


def test_downloading_the_packet_writes_an_export_row(login, case_manager, student, small_school) -> None:  # noqa: ANN001
    login(case_manager).get(reverse("fidelity:evidence_download", args=[student.pk]), RANGE)
    row = AccessLog.objects.filter(student=student, action="export").get()
    assert row.user == case_manager
    assert "packet.zip" in row.path


def test_the_packet_includes_the_access_log(login, district_admin, case_manager, student, small_school) -> None:  # noqa: ANN001
    login(case_manager).get(reverse("students:detail", args=[student.pk]))
    response = login(district_admin).get(reverse("fidelity:evidence_download", args=[student.pk]), RANGE)
    log = _rows(zipfile.ZipFile(io.BytesIO(response.content)), "access_log.csv")
    assert any(r[1].startswith("Casey") and r[2] == "view" for r in log[1:])
    assert any(r[1].startswith("Dana") and r[2] == "export" for r in log[1:])


def test_team_members_may_not_export_and_strangers_get_404(login, provider, gen_ed_teacher, outsider,  # noqa: ANN001
                                                          other_school_admin, student, small_school) -> None:
    url = reverse("fidelity:evidence_download", args=[student.pk])
    assert login(provider).get(url, RANGE).status_code == 403
    assert login(gen_ed_teacher).get(url, RANGE).status_code == 403
    assert login(outsider).get(url, RANGE).status_code == 404
    assert login(other_school_admin).get(url, RANGE).status_code == 404


def test_the_printable_summary_opens_in_the_browser(login, school_admin, student, small_school) -> None:  # noqa: ANN001
    body = login(school_admin).get(reverse("fidelity:evidence_summary", args=[student.pk]), RANGE).content.decode()
    assert "Evidence packet: Maya Lopez" in body
    assert "css/fidelity.css" in body and "<style>" not in body  # the page obeys the CSP
