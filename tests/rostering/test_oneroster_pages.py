"""The import pages and command: upload, background run, progress, report."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from iep_portal.models import AccessLog
from notifications.models import OutboxMessage
from rostering.models import ImportRun
from rostering.runs import import_run_execute
from rostering.tasks import IMPORT_TASK
from students.models import Student
from tests import factories as f
from tests.rostering.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def _zip(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in (FIXTURES / name).iterdir():
            archive.write(file, file.name)
    return buffer.getvalue()


def test_an_upload_runs_in_the_background_through_the_outbox(login, district_admin, monkeypatch) -> None:  # noqa: ANN001
    def broker_down(*args: object, **kwargs: object) -> None:
        raise ConnectionError("the request must not talk to the broker")

    monkeypatch.setattr("rostering.tasks.import_run.delay", broker_down)
    monkeypatch.setattr("rostering.tasks.import_run.apply_async", broker_down)
    client = login(district_admin)
    response = client.post(
        reverse("rostering:import_upload"),
        {
            "kind": "oneroster",
            "mode": "all_or_nothing",
            "upload": SimpleUploadedFile("drop.zip", _zip("v11_bulk")),
        },
    )
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("rostering:import_detail", args=[run.pk])
    message = OutboxMessage.objects.get()
    assert (message.task, message.args, message.published_at) == (IMPORT_TASK, [run.pk], None)

    waiting = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in waiting

    import_run_execute(run.pk)  # what the worker does
    import_run_execute(run.pk)  # a redelivered task does nothing
    run.refresh_from_db()
    assert (run.status, run.applied, run.upload) == ("done", True, None)
    assert Student.objects.count() == 3
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "users.csv" in page and "Import applied: " in page


def test_a_report_lists_every_problem(login, district_admin) -> None:  # noqa: ANN001
    run = ImportRun.objects.create(
        status="done",
        problem_count=1,
        problems=[
            {"file": "users.csv", "line": 4, "column": "email", "message": "Staff need an email address."}
        ],
    )
    page = login(district_admin).get(reverse("rostering:import_detail", args=[run.pk]))
    assert "Staff need an email address." in page.content.decode()


def test_a_file_that_is_not_a_zip_is_refused(login, district_admin) -> None:  # noqa: ANN001
    response = login(district_admin).post(
        reverse("rostering:import_upload"),
        {
            "kind": "oneroster",
            "mode": "all_or_nothing",
            "upload": SimpleUploadedFile("users.csv", b"sourcedId,status\n"),
        },
    )
    assert response.status_code == 400
    assert "Upload a .zip file" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_the_command_imports_and_keeps_history(capsys) -> None:  # noqa: ANN001
    call_command("import_oneroster", str(FIXTURES / "v12_bulk"), "--dry-run")
    assert Student.objects.count() == 0
    call_command("import_oneroster", str(FIXTURES / "v12_bulk"))
    out = capsys.readouterr().out
    assert "Import applied: " in out and "enrollments.csv" in out
    assert Student.objects.count() == 3
    assert list(ImportRun.objects.order_by("pk").values_list("dry_run", "applied")) == [
        (True, False),
        (False, True),
    ]


def test_the_export_downloads_a_zip(login, district_admin, iep) -> None:  # noqa: ANN001
    response = login(district_admin).get(reverse("rostering:iep_export"))
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == [
        "accommodations.csv",
        "exits.csv",
        "goals.csv",
        "ieps.csv",
        "services.csv",
        "team_members.csv",
    ]


def test_the_export_logs_every_student_in_it(login, district_admin, iep, school) -> None:  # noqa: ANN001
    ended = f.IEPFactory(student=f.StudentFactory(school=school), status="ended")
    f.StudentFactory(school=school)  # no IEP: not in the export
    response = login(district_admin).get(reverse("rostering:iep_export"))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        named = {row[0] for row in csv.reader(io.StringIO(archive.read("ieps.csv").decode()))}
    logged = AccessLog.objects.filter(action="export", user=district_admin)
    assert sorted(a.student.student_number for a in logged) == sorted(named - {"student_id"})
    assert {a.student for a in logged} == {iep.student, ended.student}
    assert response["Content-Disposition"] == 'attachment; filename="iep-data-2026-11-18.zip"'


def test_back_then_upload_again_starts_one_run(login, district_admin) -> None:  # noqa: ANN001
    client = login(district_admin)
    key = str(uuid.uuid4())
    assert 'name="k"' in client.get(reverse("rostering:imports")).content.decode()
    for _ in range(2):
        response = client.post(
            reverse("rostering:import_upload"),
            {
                "k": key,
                "kind": "oneroster",
                "mode": "all_or_nothing",
                "upload": SimpleUploadedFile("drop.zip", _zip("v11_bulk")),
            },
        )
    run = ImportRun.objects.get()
    body = response.content.decode()
    assert "Already saved" in body and reverse("rostering:import_detail", args=[run.pk]) in body
