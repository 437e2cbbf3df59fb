"""The embedded Redis: Celery's broker when REDIS_URL is unset, over a unix socket under var/."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from kombu import Connection

from iep_portal import embedded

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def var_dir(tmp_path: Path) -> Iterator[Path]:
    """A var/ of its own; whatever server a test starts there is stopped afterwards."""
    var = tmp_path / "v"
    yield var
    embedded.embedded_redis_stop(var)


def test_the_embedded_broker_url_is_the_redis_transport_over_a_socket_under_var(tmp_path: Path) -> None:
    url = embedded.embedded_broker_url(tmp_path / "my var")
    connection = Connection(url)
    assert url.startswith("redis+socket:///")
    assert connection.transport_cls == "redis"
    assert connection.hostname == f"socket://{tmp_path}/my%20var/redis/redis.sock"


@pytest.mark.slow
@pytest.mark.parametrize("redis_url", [None, "redis://cache.district.example:6379/2"])
def test_settings_use_the_embedded_redis_unless_redis_url_is_set(tmp_path: Path, redis_url: str | None) -> None:
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update({
        "IEP_VAR_DIR": str(tmp_path / "v"),
        # Settings only parse the URL: no database is needed to read them.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "DJANGO_SETTINGS_MODULE": "iep_portal.settings",
    })
    if redis_url:
        env["REDIS_URL"] = redis_url
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.CELERY_BROKER_URL)"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )
    expected = redis_url or f"redis+socket://{tmp_path}/v/redis/redis.sock"
    assert result.stdout.strip() == expected
    # Reading the settings starts nothing: the worker, beat or `make run` start the server.
    assert not embedded.embedded_redis_ping(tmp_path / "v")


@pytest.mark.slow
def test_the_embedded_redis_starts_once_answers_ping_and_stops(var_dir: Path) -> None:
    assert not embedded.embedded_redis_ping(var_dir)

    assert embedded.embedded_redis_start(var_dir) is True
    assert embedded.embedded_redis_start(var_dir) is False  # already running: reused
    assert embedded.embedded_redis_ping(var_dir)
    pid = embedded.embedded_redis_pid(var_dir)
    assert pid is not None
    os.kill(pid, 0)  # the process is alive
    socket = embedded.embedded_redis_socket(var_dir)
    assert stat.S_ISSOCK(socket.stat().st_mode)
    assert stat.S_IMODE(socket.stat().st_mode) == 0o700  # only its owner can connect

    assert embedded.embedded_redis_stop(var_dir) is True
    assert not embedded.embedded_redis_ping(var_dir)
    assert embedded.embedded_redis_pid(var_dir) is None
    assert embedded.embedded_redis_stop(var_dir) is False


@pytest.mark.slow
def test_work_queued_on_the_embedded_redis_survives_a_restart(var_dir: Path) -> None:
    embedded.embedded_redis_start(var_dir)
    with Connection(embedded.embedded_broker_url(var_dir)) as connection:
        queue = connection.SimpleQueue("reminders")
        queue.put({"task": "iep_portal.send_urgent"})
        queue.close()

    embedded.embedded_redis_stop(var_dir)
    embedded.embedded_redis_start(var_dir)

    with Connection(embedded.embedded_broker_url(var_dir)) as connection:
        queue = connection.SimpleQueue("reminders")
        message = queue.get(timeout=5)
        assert message.payload == {"task": "iep_portal.send_urgent"}
        message.ack()
        queue.close()


def test_the_command_says_so_when_redis_url_names_a_server(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    call_command("embedded_redis", "start")
    assert "REDIS_URL is set" in capsys.readouterr().out


def test_the_command_reports_a_stopped_server(
    monkeypatch: pytest.MonkeyPatch, settings, var_dir: Path, capsys: pytest.CaptureFixture[str]  # noqa: ANN001
) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    settings.VAR_DIR = var_dir
    call_command("embedded_redis", "status")
    assert capsys.readouterr().out.strip() == "Embedded Redis not running."
