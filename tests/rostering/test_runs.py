"""A background import always ends in a state that says what happened: an error marks it
failed with the error, and a run whose worker died is shown as failed, never "running" for
ever."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from rostering.models import ImportRun
from rostering.runs import STALLED_AFTER, STALLED_MESSAGE, fail_stalled_runs, import_run_execute

pytestmark = pytest.mark.django_db


def _running(started: dt.datetime | None, **fields: object) -> ImportRun:
    run = ImportRun.objects.create(status=ImportRun.Status.RUNNING, started_at=started, upload=b"PK", **fields)
    if started is None:  # a command's run from before runs kept their start
        ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - STALLED_AFTER * 2)
    return run


def test_an_error_in_the_run_marks_it_failed_with_the_error(monkeypatch) -> None:  # noqa: ANN001
    def out_of_memory(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr("rostering.runs.run_import", out_of_memory)
    run = ImportRun.objects.create(upload=b"PK")
    import_run_execute(run.pk)
    run.refresh_from_db()
    assert (run.status, run.upload, run.finished_at is not None) == ("failed", None, True)
    assert run.message.startswith("The import stopped on an unexpected error (MemoryError) and could "
                                  "not finish.")


def test_a_run_whose_worker_died_is_marked_failed_past_the_time_limit() -> None:
    now = timezone.now()
    dead = _running(now - STALLED_AFTER - dt.timedelta(minutes=1))
    old_command = _running(None)
    alive = _running(now - dt.timedelta(minutes=5))
    waiting = ImportRun.objects.create()
    assert fail_stalled_runs() == 2
    for run in (dead, old_command, alive, waiting):
        run.refresh_from_db()
    assert (dead.status, dead.message, dead.upload) == ("failed", STALLED_MESSAGE, None)
    assert old_command.status == "failed"
    assert (alive.status, waiting.status) == ("running", "queued")
    assert fail_stalled_runs() == 0  # once


def test_the_import_pages_show_a_dead_run_as_failed(login, district_admin) -> None:  # noqa: ANN001
    run = _running(timezone.now() - STALLED_AFTER - dt.timedelta(minutes=1), source_name="bomb.zip")
    client = login(district_admin)
    listing = client.get(reverse("rostering:imports")).content.decode()
    assert "✗ Failed" in listing
    page = client.get(reverse("rostering:import_detail", args=[run.pk])).content.decode()
    assert STALLED_MESSAGE in page and 'http-equiv="refresh"' not in page


def test_the_detail_page_marks_the_run_it_shows(login, district_admin) -> None:  # noqa: ANN001
    run = _running(timezone.now() - STALLED_AFTER - dt.timedelta(minutes=1))
    page = login(district_admin).get(reverse("rostering:import_detail", args=[run.pk])).content.decode()
    assert STALLED_MESSAGE in page
    run.refresh_from_db()
    assert run.status == "failed"


def test_a_command_that_stops_on_an_error_leaves_a_failed_run(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("rostering.management.commands.import_iep_data.run_iep_import", interrupted)
    with pytest.raises(KeyboardInterrupt):
        call_command("import_iep_data", str(tmp_path))
    run = ImportRun.objects.get()
    assert run.status == "failed" and "(KeyboardInterrupt)" in run.message
    assert run.started_at is not None
