"""A database built by the migrations in BEFORE and filled by the demo migrates forward to the
latest migrations with every row, content type and trigger kept.

The scratch database is built by subprocesses (`migrate`, `seed_demo`, with DATABASE_URL
pointing at it) on the server of the test database, never in the test database itself, which
the other tests reuse. Snapshots are read with plain SQL by table name, so they do not depend
on which app a model lives in.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from psycopg import sql
from psycopg.conninfo import make_conninfo

ROOT = Path(__file__).resolve().parents[1]

# The layout the database is built with: every app of the project pinned to a migration, or
# to "zero" for an app that does not exist yet at that point. The demo is then loaded by the
# code of SEED_AT, whose models fit this schema (the moves between apps kept every table), so
# later migrations that add columns the demo fills still start from real old data.
BEFORE = [
    ("students", "0004_enrollment_created_at"),
    ("iep_portal", "0004_fidelity_snapshot"),
    ("services", "0002_session_goals"),
    ("accommodations", "0001_initial"),
    ("progress", "0001_initial"),
    # The apps that took their models from students and iep_portal did not exist yet.
    ("meetings", "zero"),
    ("rostering", "zero"),
    ("notifications", "zero"),
    ("fidelity", "zero"),
    # Makeup plans came later still.
    ("makeups", "zero"),
    # Bell schedules later again.
    ("schedules", "zero"),
    # Testing days and provider schedules after them.
    ("assessments", "zero"),
    ("provider_schedules", "zero"),
    # The IEP life cycle after them.
    ("lifecycle", "zero"),
    # Amendments and transfers in after the life cycle.
    ("amendments", "zero"),
    ("transfers", "zero"),
    # Extended school year after them.
    ("esy", "zero"),
    # Disciplinary removals after them.
    ("behavior", "zero"),
    # Behavior intervention plans after them.
    ("behavior_plans", "zero"),
    # Families (guardians and the family portal) after them.
    ("families", "zero"),
    # Medicaid billing after them.
    ("billing", "zero"),
]

# The last commit whose models write exactly the BEFORE tables: the demo is seeded by its code.
SEED_AT = "a1339ce8613eef00d2cee93aec2805474cfe51d7"

# Columns a later migration renamed, by table: old name -> new name (their values must stay).
RENAMED_COLUMNS = {
    "progress_datapoint": {"created_at": "recorded_at"},
    "progress_datapointevent": {"created_at": "recorded_at"},
}

# Grows with every migration, by design.
NOT_COMPARED = {"django_migrations"}
# A moved model's content type may be renamed to its new app (its permissions follow), so these
# two must keep every id, not every value.
COMPARED_BY_ID = {"django_content_type", "auth_permission"}
# Tables the demo and TOP_UP leave empty: nothing that moves between apps lives in them.
MAY_BE_EMPTY = {
    "account_emailconfirmation", "django_session", "iep_cache", "iep_portal_user_user_permissions",
    "socialaccount_socialaccount", "socialaccount_socialapp", "socialaccount_socialtoken",
    "progress_reportingschedule", "progress_reportingscheduleevent", "services_servicesession_goals",
    "students_responsibilityoverride", "students_responsibilityoverrideevent",
}

# Rows the demo does not make, in tables whose models move or that point at a moved model's
# content type. Written against the BEFORE schema, which never changes.
TOP_UP = """
INSERT INTO students_transitionplan (completed_on, summary, iep_id, recorded_by_id)
    SELECT current_date, 'Post-secondary goals reviewed with the family.', id, case_manager_id
    FROM students_iep ORDER BY id LIMIT 1;
INSERT INTO iep_portal_notificationsettings (digest, muted_kinds, user_id)
    SELECT 'weekly', '["family_contact"]', id FROM iep_portal_user ORDER BY id LIMIT 2;
INSERT INTO iep_portal_digest (period, created_at, sent_at, item_count, user_id)
    SELECT '2026-W47', now(), now(), 3, user_id FROM iep_portal_notificationsettings;
INSERT INTO iep_portal_outboxmessage (task, args, created_at, published_at, attempts, last_error)
    VALUES ('iep_portal.refresh_fidelity_scope', '["1", "2026-fall", "2026-08-17", "2026-12-18"]',
            now(), NULL, 1, 'broker down');
INSERT INTO iep_portal_fidelitysnapshot (key, computed_at, data)
    VALUES ('school:1:2026-fall', now(), '{"delivered": 0.92}');
INSERT INTO iep_portal_accesslog (at, action, path, ip_address, student_id, user_id)
    SELECT now(), 'view', '/students/' || id || '/', '192.0.2.7', id, (SELECT min(id) FROM iep_portal_user)
    FROM students_student ORDER BY id LIMIT 1;
INSERT INTO auth_group (name) VALUES ('Meeting coordinators');
INSERT INTO auth_group_permissions (group_id, permission_id)
    SELECT g.id, p.id FROM auth_group g, auth_permission p
    JOIN django_content_type ct ON ct.id = p.content_type_id
    WHERE ct.model IN ('meeting', 'followup', 'importrun', 'notification', 'fidelitysnapshot');
INSERT INTO iep_portal_user_groups (user_id, group_id)
    SELECT (SELECT min(id) FROM iep_portal_user), id FROM auth_group;
INSERT INTO django_admin_log
        (action_time, object_id, object_repr, action_flag, change_message, content_type_id, user_id)
    SELECT now(), m.id::text, 'IEP meeting', 2, '[]', ct.id, m.created_by_id
    FROM students_meeting m, django_content_type ct
    WHERE ct.app_label = 'students' AND ct.model = 'meeting' ORDER BY m.id LIMIT 1;
"""

# A change to one row of each table must add a row to its history table.
HISTORY = [
    ("students_iep", "students_iepevent", "family_contact_interval_days = family_contact_interval_days + 1"),
    ("students_meeting", "students_meetingevent", "sequence = sequence + 1"),
]
# Rows here can be written once and never changed.
APPEND_ONLY = ["iep_portal_accesslog", "students_iepevent", "students_meetingevent"]

# Run in a subprocess: each pinned app to its migration, every other app to its latest, then
# check that no later step carried a pinned app past its pin.
MIGRATE_TO = """
import json, sys
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

pins = json.loads(sys.argv[1])
for app, name in pins:
    call_command("migrate", app, name, interactive=False, verbosity=0)
for app in sorted(MigrationLoader(connection).migrated_apps - {app for app, _ in pins}):
    call_command("migrate", app, interactive=False, verbosity=0)
loader = MigrationLoader(connection)
for app, name in pins:
    wanted = set() if name == "zero" else {n for n in loader.graph.forwards_plan((app, name)) if n[0] == app}
    applied = {n for n in loader.applied_migrations if n[0] == app}
    if applied != wanted:
        sys.exit(f"{app} is at {sorted(applied)}, not at {name}")
"""


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: int
    checksum: str  # md5 of the rows (the listed columns only), sorted
    ids: frozenset[int] = frozenset()  # kept only for COMPARED_BY_ID
    # What each trigger does, with its name left out: the name carries the model's app label.
    triggers: frozenset[tuple[str, str]] = frozenset()


def snapshot(conn: psycopg.Connection[Any], like: Mapping[str, Table] | None = None) -> dict[str, Table]:
    """Count and checksum every table of the public schema.

    Given `like` (an earlier snapshot), read only its tables and, of each, only its columns: a
    column added since does not change the checksum, a column dropped is missing from `columns`.
    """
    present: dict[str, set[str]] = {}
    for table, column in conn.execute(
        "SELECT c.table_name, c.column_name FROM information_schema.columns c"
        " JOIN information_schema.tables t USING (table_schema, table_name)"
        " WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'"
    ):
        present.setdefault(table, set()).add(column)
    triggers = _triggers(conn)
    tables = {}
    for name in sorted(present.keys() - NOT_COMPARED if like is None else like.keys() & present.keys()):
        wanted = sorted(present[name]) if like is None else like[name].columns
        if like is not None:
            wanted = tuple(RENAMED_COLUMNS.get(name, {}).get(c, c) for c in wanted)
        columns = tuple(c for c in wanted if c in present[name])
        table = sql.Identifier(name)
        rows, checksum = _row(conn, sql.SQL(
            "SELECT count(*), md5(coalesce(string_agg(r, '|' ORDER BY r), ''))"
            " FROM (SELECT ROW({columns})::text AS r FROM {table}) AS rows"
        ).format(columns=sql.SQL(", ").join(map(sql.Identifier, columns)), table=table))
        ids: frozenset[int] = frozenset()
        if name in COMPARED_BY_ID:
            ids = frozenset(i for (i,) in conn.execute(sql.SQL("SELECT id FROM {}").format(table)))
        tables[name] = Table(columns, rows, checksum, ids, frozenset(triggers.get(name, ())))
    return tables


def _triggers(conn: psycopg.Connection[Any]) -> dict[str, set[tuple[str, str]]]:
    found: dict[str, set[tuple[str, str]]] = {}
    for table, trigger, function, definition, body, enabled in conn.execute(
        "SELECT c.relname, t.tgname, p.proname, pg_get_triggerdef(t.oid), p.prosrc, t.tgenabled"
        " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc p ON p.oid = t.tgfoid"
        " WHERE n.nspname = 'public' AND NOT t.tgisinternal"
    ):
        what = definition.removeprefix(f"CREATE TRIGGER {trigger} ").replace(function, "…")
        if enabled == "D":
            what += " (disabled)"
        found.setdefault(table, set()).add((what, _gist(body)))
    return found


def _gist(body: str) -> str:
    """What a trigger's function does, as far as this test compares it: a history trigger by
    the table it writes to (its column list grows with the model, by design), any other whole."""
    history = re.search(r'INSERT INTO "?(\w+)"?', body)
    return f"writes history to {history.group(1)}" if history else " ".join(body.split())


def compare(before: Mapping[str, Table], after: Mapping[str, Table]) -> dict[str, str]:
    """What migrating lost, by table: empty when every table, row and trigger survived."""
    problems = {}
    for name, old in sorted(before.items()):
        new = after.get(name)
        if new is None:
            problems[name] = f"the table is gone (it had {old.rows} rows)"
            continue
        found = []
        renamed = RENAMED_COLUMNS.get(name, {})
        lost_columns = [c for c in old.columns if renamed.get(c, c) not in new.columns]
        if lost_columns:
            found.append(f"columns gone: {', '.join(lost_columns)}")
        if name in COMPARED_BY_ID:
            if lost_ids := sorted(old.ids - new.ids):
                found.append(f"{len(lost_ids)} ids gone: {lost_ids[:10]}")
        elif new.rows != old.rows:
            found.append(f"{old.rows} rows before, {new.rows} after")
        elif new.checksum != old.checksum and not lost_columns:
            found.append(f"the same {old.rows} rows, different values")
        found += [f"trigger gone or changed: {what}" for what, _ in sorted(old.triggers - new.triggers)]
        if found:
            problems[name] = "; ".join(found)
    return problems


def _row(conn: psycopg.Connection[Any], query: sql.Composable, *params: object) -> tuple[Any, ...]:
    row = conn.execute(query, params or None).fetchone()
    assert row is not None
    return row


def _report(problems: Mapping[str, str]) -> str:
    return "\n" + "\n".join(f"  {table}: {problem}" for table, problem in problems.items())


# --- the scratch database ------------------------------------------------------------------------

@dataclass(frozen=True)
class Scratch:
    conninfo: str
    env: dict[str, str]

    def connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.conninfo)

    def run(self, *args: str, cwd: Path = ROOT) -> str:
        result = subprocess.run(
            [sys.executable, *args], cwd=cwd, env=self.env, capture_output=True, text=True,
            check=False, timeout=600,
        )
        shown = " ".join("<script>" if "\n" in a else a for a in args)
        assert result.returncode == 0, f"{shown} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout


def _conninfo(server: Mapping[str, Any], name: str) -> str:
    parts = {"host": server.get("HOST"), "port": server.get("PORT"), "user": server.get("USER"),
             "password": server.get("PASSWORD"), "dbname": name}
    return make_conninfo(**{k: str(v) for k, v in parts.items() if v})


def _database_url(server: Mapping[str, Any], name: str) -> str:
    # The host may be a socket directory (the embedded server): quoted whole, as dj-database-url reads it.
    password = f":{quote(server['PASSWORD'], safe='')}" if server.get("PASSWORD") else ""
    port = f":{server['PORT']}" if server.get("PORT") else ""
    return (f"postgres://{quote(server.get('USER') or '', safe='')}{password}"
            f"@{quote(server.get('HOST') or '', safe='')}{port}/{name}")


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Scratch]:
    """An empty database named after the test database, on its server; dropped afterwards."""
    server = settings.DATABASES["default"]
    base = (server.get("TEST") or {}).get("NAME") or server["NAME"]
    name = f"{base if base.startswith('test_') else 'test_' + base}_forward"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(_conninfo(server, "postgres"), autocommit=True) as conn:
        conn.execute(drop)  # left by a run that was killed
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iep_portal.settings",
        "DATABASE_URL": _database_url(server, name),
        # Keep the demo's mail, broker messages and key inside the test.
        "IEP_VAR_DIR": str(tmp_path),
        "REDIS_URL": "",
        "EMAIL_URL": "",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    yield Scratch(_conninfo(server, name), env)
    with psycopg.connect(_conninfo(server, "postgres"), autocommit=True) as conn:
        conn.execute(drop)


@pytest.fixture
def old_code(tmp_path: Path) -> Path:
    """The project's code at SEED_AT, exported from the repository's history."""
    git = shutil.which("git")
    known = git and subprocess.run([git, "-C", str(ROOT), "cat-file", "-e", f"{SEED_AT}^{{commit}}"],
                                   capture_output=True, check=False).returncode == 0
    if not git or not known:
        pytest.skip("needs the repository's history to load the demo with the code of its time")
    tree = tmp_path / "seed-code"
    archive = subprocess.run([git, "-C", str(ROOT), "archive", SEED_AT], capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as files:
        files.extractall(tree, filter="data")
    return tree


# --- the tests -----------------------------------------------------------------------------------

@pytest.mark.slow
def test_the_demo_database_migrates_forward_with_every_row(scratch: Scratch, old_code: Path) -> None:
    scratch.run("-c", MIGRATE_TO, json.dumps(BEFORE))
    scratch.run("manage.py", "createcachetable")
    scratch.run("manage.py", "seed_demo", cwd=old_code)
    scratch.run("manage.py", "import_oneroster", str(old_code / "tests/rostering/oneroster_fixtures/v12_bulk"),
                cwd=old_code)
    with scratch.connect() as conn:
        conn.execute(TOP_UP)
    with scratch.connect() as conn:
        before = snapshot(conn)
    empty = sorted(name for name, table in before.items() if not table.rows and name not in MAY_BE_EMPTY)
    assert not empty, f"nothing would show these tables lose rows; add some to TOP_UP: {empty}"

    scratch.run("manage.py", "migrate", "--noinput")

    with scratch.connect() as conn:
        after = snapshot(conn, like=before)
        problems = compare(before, after)
        assert not problems, f"migrating forward lost data:{_report(problems)}"
        stale = _stale_content_types(conn)
        assert not stale, (
            "content types are left for models that moved; rename them to the new app so their "
            f"permissions and admin history follow: {stale}"
        )
        _assert_history_is_recorded(conn, after)
        conn.rollback()
    _assert_triggers_match_the_code(scratch)


def _stale_content_types(conn: psycopg.Connection[Any]) -> list[str]:
    models = {(m._meta.app_label, m._meta.model_name) for m in apps.get_models(include_auto_created=True)}
    rows = conn.execute("SELECT id, app_label, model FROM django_content_type ORDER BY id").fetchall()
    return [f"{app}.{model} (id {pk})" for pk, app, model in rows if (app, model) not in models]


def _assert_history_is_recorded(conn: psycopg.Connection[Any], after: Mapping[str, Table]) -> None:
    """Change rows in an open transaction: history is written, and append-only rows refuse edits."""
    for table, events, change in HISTORY:
        (pk,) = _row(conn, sql.SQL("SELECT min(id) FROM {}").format(sql.Identifier(table)))
        count = sql.SQL("SELECT count(*) FROM {} WHERE pgh_obj_id = %s").format(sql.Identifier(events))
        (earlier,) = _row(conn, count, pk)
        update = sql.SQL("UPDATE {} SET {} WHERE id = %s").format(sql.Identifier(table), sql.SQL(change))
        conn.execute(update, [pk])
        (later,) = _row(conn, count, pk)
        assert later == earlier + 1, f"changing {table} {pk} wrote {later - earlier} rows to {events}"
    for table in APPEND_ONLY:
        (pk,) = _row(conn, sql.SQL("SELECT max(id) FROM {}").format(sql.Identifier(table)))
        for statement in ("UPDATE {} SET id = id WHERE id = %s", "DELETE FROM {} WHERE id = %s"):
            refused = pytest.raises(psycopg.errors.RaiseException, match="Cannot update or delete")
            with refused, conn.transaction():  # a savepoint: the outer transaction goes on
                conn.execute(sql.SQL(statement).format(sql.Identifier(table)), [pk])
    # The same checksums see these changes: a lost or edited row would not go unnoticed.
    touched = {name: after[name] for table, events, _ in HISTORY for name in (table, events)}
    missed = set(touched) - set(compare(touched, snapshot(conn, like=touched)))
    assert not missed, f"the checksums did not see the changes to {sorted(missed)}"


def _assert_triggers_match_the_code(scratch: Scratch) -> None:
    """Every trigger the models declare is installed under its current name, and none is left over."""
    listing = re.sub(r"\x1b\[[0-9;]*m", "", scratch.run("manage.py", "pgtrigger", "ls"))
    wrong = [line for line in listing.splitlines() if line.split()[:2] != ["INSTALLED", "ENABLED"]]
    assert "students.IEP:update_update" in listing
    assert not wrong, "the triggers in the database do not match the models:\n" + "\n".join(wrong)


def test_before_pins_every_app_of_the_project() -> None:
    # An app left out would be built at its latest migration, which may need later ones of pinned apps.
    root = Path(settings.BASE_DIR).resolve()
    ours = {c.label for c in apps.get_app_configs()
            if Path(c.path).resolve().parent == root and (Path(c.path) / "migrations").is_dir()}
    missing = sorted(ours - {app for app, _ in BEFORE})
    assert "students" in ours and not missing, f'pin these in BEFORE ("zero" for a new app): {missing}'


IEP = Table(("id", "status"), 3, "a1",
            triggers=frozenset({("AFTER UPDATE ON public.students_iep", "BEGIN …")}))
CONTENT_TYPES = Table(("app_label", "id", "model"), 2, "c1", ids=frozenset({1, 2}))


@pytest.mark.parametrize(("after", "problem"), [
    ({"students_iep": replace(IEP, rows=2, checksum="a2")}, "3 rows before, 2 after"),
    ({"students_iep": replace(IEP, checksum="a2")}, "the same 3 rows, different values"),
    ({}, "the table is gone (it had 3 rows)"),
    ({"students_iep": replace(IEP, columns=("id",), checksum="a2")}, "columns gone: status"),
    ({"students_iep": replace(IEP, triggers=frozenset())},
     "trigger gone or changed: AFTER UPDATE ON public.students_iep"),
], ids=["lost-row", "changed-row", "lost-table", "lost-column", "lost-trigger"])
def test_the_comparison_names_what_was_lost(after: dict[str, Table], problem: str) -> None:
    assert compare({"students_iep": IEP}, after) == {"students_iep": problem}


def test_the_comparison_names_a_lost_content_type() -> None:
    after = {"django_content_type": Table(CONTENT_TYPES.columns, 2, "c2", ids=frozenset({2, 3}))}
    problems = compare({"django_content_type": CONTENT_TYPES}, after)
    assert problems == {"django_content_type": "1 ids gone: [1]"}


def test_the_comparison_allows_new_tables_and_renamed_or_new_content_types() -> None:
    after = {
        "students_iep": IEP,
        "meetings_agenda": Table(("id",), 0, ""),
        "django_content_type": Table(CONTENT_TYPES.columns, 3, "c2", ids=frozenset({1, 2, 3})),
    }
    assert compare({"students_iep": IEP, "django_content_type": CONTENT_TYPES}, after) == {}
