"""The embedded PostgreSQL (DATABASE_URL unset): the app logs in as its own role, migrate as the
server's superuser, as in production (iep_portal/embedded.py, iep_portal/db_roles.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import dj_database_url
import pytest

from iep_portal import embedded

ROOT = Path(__file__).resolve().parents[2]

# Run as the app: who it is, and whether it may read, write the access log, or empty it.
PROBE = """
import json
import django
from django.db import DatabaseError, connection, transaction
django.setup()
from iep_portal.models import AccessLog
result = {"user": connection.settings_dict["USER"], "reads": AccessLog.objects.count() >= 0}
try:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE iep_portal_accesslog")
    result["truncated"] = True
except DatabaseError as exc:
    result["truncated"] = str(exc).splitlines()[0]
print(json.dumps(result))
"""

# Run as the owner: the install as it was before the app had a login of its own.
FORGET_APP_ROLE = """
import django, psycopg
from django.conf import settings
django.setup()
owner = dj_database_url.parse(settings.DATABASE_OWNER_URL)
with psycopg.connect(host=owner["HOST"], user=owner["USER"], dbname=owner["NAME"], autocommit=True) as conn:
    conn.execute("DROP OWNED BY iep_app")
    conn.execute("DROP ROLE iep_app")
""".replace("import django, psycopg", "import django, psycopg, dj_database_url")


def test_the_app_and_the_owner_have_their_own_urls_over_the_socket() -> None:
    app = dj_database_url.parse(embedded.embedded_url("/srv/iep/pgdata", embedded.APP_ROLE))
    owner = dj_database_url.parse(embedded.embedded_url("/srv/iep/pgdata", embedded.OWNER_ROLE))
    assert (app["USER"], app["HOST"], app["NAME"]) == ("iep_app", "/srv/iep/pgdata", "iep_portal")
    assert (owner["USER"], owner["HOST"], owner["NAME"]) == ("postgres", "/srv/iep/pgdata", "iep_portal")


def _settings_error(**env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", "import iep_portal.settings"], cwd=ROOT, capture_output=True, text=True,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("DATABASE")}, **env}, check=False,
    )
    assert result.returncode != 0
    return result.stderr.strip().splitlines()[-1]


def test_an_owner_url_without_the_app_url_is_refused() -> None:
    assert "DATABASE_OWNER_URL is set without DATABASE_URL" in _settings_error(
        DATABASE_OWNER_URL="postgres://iep:x@db/iep")


def test_an_owner_url_of_another_database_is_refused() -> None:
    assert "must name the same database" in _settings_error(
        DATABASE_URL="postgres://iep_app:x@db/iep", DATABASE_OWNER_URL="postgres://iep:x@db/other")


@pytest.fixture
def var_dir() -> Iterator[Path]:
    """A short folder (the server's socket lives in it), reachable by the server's own user."""
    path = Path(tempfile.mkdtemp(prefix="iep-", dir="/tmp"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.slow
def test_make_setup_on_the_embedded_server_leaves_the_app_a_login_that_owns_nothing(var_dir: Path) -> None:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("DATABASE")},
           "IEP_VAR_DIR": str(var_dir), "REDIS_URL": "", "DJANGO_SETTINGS_MODULE": "iep_portal.settings"}

    def run(*args: str) -> str:
        result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                                text=True, check=False, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    try:
        run("manage.py", "migrate", "--noinput")
        run("manage.py", "createcachetable")
        probe = json.loads(run("-c", PROBE).strip().splitlines()[-1])
        assert probe["user"] == "iep_app"
        assert probe["reads"] is True
        assert "permission denied" in probe["truncated"]

        # An install from before: the tables are the superuser's and the app has no role yet.
        # The next `make setup` (migrate) makes the role and grants it.
        run("-c", FORGET_APP_ROLE)
        run("manage.py", "migrate", "--noinput")
        probe = json.loads(run("-c", PROBE).strip().splitlines()[-1])
        assert (probe["user"], probe["reads"]) == ("iep_app", True)
        assert "permission denied" in probe["truncated"]
    finally:
        subprocess.run([sys.executable, "manage.py", "embedded_db", "stop"], cwd=ROOT, env=env,
                       capture_output=True, check=False, timeout=120)
