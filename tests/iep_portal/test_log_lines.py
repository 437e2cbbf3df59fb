"""Every process logs in one format, with times in the district's zone: gunicorn (master and
workers), the Celery worker and manage.py. The district here is in India (+05:30, no daylight
saving time), a zone this machine is not in, so a line in the machine's zone would show."""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend

from iep_portal import embedded
from iep_portal.celery import app

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (?P<offset>[+-]\d{4})\] \[(?P<pid>\d+)\] "
                  r"\[(?P<level>[A-Z]+)\] (?P<message>.*)$")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "home").mkdir()
    (tmp_path / "run").mkdir()
    return {
        **{key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "TZ"}},
        "TIME_ZONE": "Asia/Kolkata",
        "IEP_VAR_DIR": str(tmp_path / "v"),
        "HOME": str(tmp_path / "home"),
        "XDG_RUNTIME_DIR": str(tmp_path / "run"),
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        "PYTHONUNBUFFERED": "1",
    }


def _log_lines(text: str) -> list[re.Match[str]]:
    return [match for line in text.splitlines() if (match := LINE.match(line))]


def _wait_for(check, timeout: float = 60.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_manage_py_logs_in_the_district_zone(env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "import logging; logging.getLogger('x').warning('hello')"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )
    (line,) = _log_lines(result.stderr)
    assert (line["offset"], line["level"], line["message"]) == ("+0530", "WARNING", "hello")


@pytest.mark.slow
def test_gunicorn_master_workers_and_access_lines_share_the_format_and_zone(
    env: dict[str, str], tmp_path: Path
) -> None:
    port = _free_port()
    with open(tmp_path / "gunicorn.log", "w+") as log:
        proc = subprocess.Popen(  # noqa: S603
            [str(Path(sys.executable).with_name("gunicorn")), "iep_portal.wsgi",
             "-c", "python:iep_portal.gunicorn_conf", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--access-logfile", "-"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            def answers() -> bool:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
                except urllib.error.HTTPError:
                    pass  # 503 without a database is still an answer
                except OSError:
                    return False
                return True

            _wait_for(answers)
            _wait_for(lambda: "GET /healthz" in (tmp_path / "gunicorn.log").read_text())
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
        output = (tmp_path / "gunicorn.log").read_text()

    lines = _log_lines(output)
    by_message = {line["message"].split(" ", 1)[0]: line for line in lines}
    assert {"Starting", "Listening", "Booting"} <= set(by_message), output
    assert {line["offset"] for line in lines} == {"+0530"}, output
    master, worker = by_message["Starting"]["pid"], by_message["Booting"]["pid"]
    assert master != worker
    # A probe that timed out on a loaded machine is still answered later: one line per request.
    accesses = [line for line in lines if '"GET /healthz HTTP/1.1"' in line["message"]]
    assert accesses, output
    access = accesses[0]
    assert access["message"].startswith('127.0.0.1 - - "GET /healthz')  # one time per line: the prefix
    assert "No directory at" not in output  # WhiteNoise finds var/static
    # No control socket, neither in the runtime directory nor in the home directory.
    assert list((tmp_path / "run").iterdir()) == []
    assert list((tmp_path / "home").iterdir()) == []


@pytest.fixture
def broker(env: dict[str, str]) -> Iterator[None]:
    var = Path(env["IEP_VAR_DIR"])
    embedded.embedded_redis_start(var)
    yield
    embedded.embedded_redis_stop(var)


@pytest.mark.slow
def test_the_celery_worker_logs_in_the_same_format_and_zone(
    env: dict[str, str], broker: None, tmp_path: Path
) -> None:
    with open(tmp_path / "worker.log", "w+") as log:
        proc = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "iep_portal", "worker", "--pool", "solo",
             "--loglevel", "INFO", "--without-heartbeat", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(lambda: " ready." in (tmp_path / "worker.log").read_text())
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
        output = (tmp_path / "worker.log").read_text()

    lines = _log_lines(output)
    messages = [line["message"] for line in lines]
    assert any(message.startswith("Connected to redis+socket://") for message in messages), output
    assert any(message.endswith(" ready.") for message in messages), output
    assert {line["offset"] for line in lines} == {"+0530"}, output


def test_an_email_a_task_prints_is_logged_at_info_not_as_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    from celery.utils.log import LoggingProxy

    # What the worker puts in place of stdout, at the level the settings give it.
    stdout = LoggingProxy(logging.getLogger("celery.redirected"), app.conf.worker_redirect_stdouts_level)
    with caplog.at_level(logging.DEBUG, logger="celery.redirected"):
        EmailBackend(stream=stdout).send_messages([EmailMessage("Your digest", "Hello", to=["a@example.org"])])
    assert caplog.records
    assert {record.levelname for record in caplog.records} == {"INFO"}
