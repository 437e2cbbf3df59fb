"""Who the app is in PostgreSQL: a login that owns nothing, beside an owner that migrates.

The audit trail is append-only by triggers: the access log, every history (event) table and
approval decisions refuse UPDATE and DELETE, a certified session refuses them too. A trigger
binds only a role that cannot switch it off, and a table's owner (or a superuser) can: TRUNCATE,
ALTER TABLE ... DISABLE TRIGGER, SET session_replication_role = replica. So two logins:

- `DATABASE_URL` is the app's login (web, worker, beat, management commands). It owns no table.
- `DATABASE_OWNER_URL` (optional) is the owner's login on the same database. `migrate` and
  `createcachetable` connect as it when it is set (`connected_as_owner`).

After every migrate (post_migrate, so a test database gets it too) and createcachetable,
`apply_after_migrate` makes triggers unskippable and, when the app's login is another role than
the one migrating, creates that login if missing and grants it what it needs and nothing more
(`grant_app_role`). What the app's login cannot do, and why each matters:

- TRUNCATE: never granted; it empties a table without firing row triggers.
- ALTER TABLE, DROP TRIGGER: only a table's owner may, and the app owns nothing.
- SET session_replication_role (skips every trigger): superusers only; the app is not one.
- SET pgtrigger.ignore: pgtrigger's switch to skip named triggers is a custom setting that any
  role may set, so the function that reads it honours it only for a member of the role that
  owns that function, the one that installs the triggers (`HARDENED_IGNORE_SQL`). pgtrigger
  rewrites the function whenever it installs a trigger; migrate puts ours back right after,
  inside the same transaction (`trigger_ignore_kept_hardened`), so no other session ever sees
  pgtrigger's. App code therefore cannot skip a trigger: a data fix that must is a migration.
- UPDATE, DELETE on the wholly append-only tables (`append_only_tables`): revoked, a second
  lock beside their triggers.
- CREATE TEMPORARY TABLE: the history triggers insert into their event tables by unqualified
  name, and a session's temporary tables come first in its search path, so a temporary table
  named like an event table would swallow the history. TEMPORARY is revoked on the database.
- CREATE on the database or the schema, and writing django_migrations.

`weaknesses` reports what is still possible for the connected login; the deploy check
(`check --deploy --database default`) warns with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import dj_database_url
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, transaction

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

# Role names go into SQL as quoted identifiers (and into a DO block): keep them plain.
_ROLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,62}")

# Where connected_as_owner keeps the app's login while the connection is the owner's.
APP_LOGIN_KEY = "IEP_APP_LOGIN"

# pgtrigger's install template (pgtrigger/compiler.py, UpsertTriggerSql) starts every trigger
# with this statement, naming the function in "public" whatever PGTRIGGER_SCHEMA says.
IGNORE_FUNCTION = '"public"._pgtrigger_should_ignore'
_PGTRIGGER_INSTALLS_IGNORE = f"CREATE OR REPLACE FUNCTION {IGNORE_FUNCTION}("
HARDENED_MARKER = "pgtrigger.ignore is honoured for the owner of the triggers only"

# The same contract as pgtrigger's (true when the trigger is named in pgtrigger.ignore), but only
# for a session whose login and current role are both members of the function's owner: the role
# that installs the triggers. The app's login is neither, so its pgtrigger.ignore is ignored.
HARDENED_IGNORE_SQL = f"""
CREATE OR REPLACE FUNCTION {IGNORE_FUNCTION}(trigger_name NAME)
RETURNS BOOLEAN AS $$
    -- {HARDENED_MARKER} (iep_portal/db_roles.py)
    DECLARE
        _pgtrigger_ignore TEXT[];
    BEGIN
        BEGIN
            SELECT INTO _pgtrigger_ignore CURRENT_SETTING('pgtrigger.ignore');
            EXCEPTION WHEN OTHERS THEN
        END;
        IF (trigger_name = ANY(_pgtrigger_ignore)) IS NOT TRUE THEN
            RETURN FALSE;
        END IF;
        RETURN EXISTS (
            SELECT FROM pg_catalog.pg_proc p
            WHERE p.oid = 'public._pgtrigger_should_ignore(name)'::pg_catalog.regprocedure
              AND pg_catalog.pg_has_role(SESSION_USER, p.proowner, 'MEMBER')
              AND pg_catalog.pg_has_role(CURRENT_USER, p.proowner, 'MEMBER')
        );
    END;
$$ LANGUAGE plpgsql;
"""  # noqa: S608 (constants only)

# The app's read/write privileges; never TRUNCATE, REFERENCES or TRIGGER.
_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
# UPDATE lets setval() reserve a block of ids (the district generator's bulk loads); it moves a
# counter and touches no row.
_SEQUENCE_PRIVILEGES = "USAGE, SELECT, UPDATE"
# Django's own bookkeeping, which only migrate (the owner) writes.
_READ_ONLY_TABLES = ("django_migrations",)


def role_name(name: str) -> str:
    """The name, checked to be a plain role name; a clear error otherwise."""
    if not _ROLE_NAME.fullmatch(name or ""):
        raise ImproperlyConfigured(
            f"The database login {name!r} is not a plain role name: use letters, digits, '_' or '-'."
        )
    return name


def _ident(name: str) -> str:
    return '"' + role_name(name) + '"'


def create_login_role_sql(name: str) -> str:
    """SQL that creates a login role with no powers (no superuser, no creating databases or
    roles), unless it exists. Safe to run from two processes at once."""
    return (
        f"DO $$ BEGIN CREATE ROLE {_ident(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
        "NOREPLICATION NOBYPASSRLS; "
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
    )


# --- the owner's connection ------------------------------------------------------------------

def owner_settings(app: dict[str, Any], owner_url: str) -> dict[str, Any]:
    """The app's connection settings with the owner's login in place of the app's.

    The database stays the app's (a test run renames it); user, password, host, port and
    options come from `owner_url`. The app's login is kept under APP_LOGIN_KEY."""
    owner = dj_database_url.parse(owner_url.replace("postgresql+psycopg://", "postgresql://"))
    swapped = {**app, **{key: owner.get(key, "") for key in ("USER", "PASSWORD", "HOST", "PORT")}}
    swapped["OPTIONS"] = {**app.get("OPTIONS", {}), **owner.get("OPTIONS", {})}
    swapped[APP_LOGIN_KEY] = {"USER": app.get("USER", ""), "PASSWORD": app.get("PASSWORD", "")}
    return swapped


def _same_login(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("USER", "PASSWORD", "HOST", "PORT", "OPTIONS")
    return all((a.get(key) or "") == (b.get(key) or "") for key in keys)


@contextmanager
def connected_as_owner(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Within: the connection logs in as DATABASE_OWNER_URL's role (nothing changes when it is
    unset or already the login). The connection is closed on the way in and out."""
    owner_url = getattr(settings, "DATABASE_OWNER_URL", "")
    original = connection.settings_dict
    if not owner_url or connection.alias != DEFAULT_DB_ALIAS:
        yield
        return
    swapped = owner_settings(original, owner_url)
    if _same_login(original, swapped):
        yield
        return
    if connection.in_atomic_block:
        raise RuntimeError("Cannot switch to the owner's login inside a transaction.")
    connection.close()
    connection.settings_dict = swapped
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict = original


def use_owner_login(settings_dict: dict[str, Any]) -> None:
    """Make these connection settings the owner's for good (a test run, which creates, empties
    and drops its database). Nothing changes when DATABASE_OWNER_URL is unset."""
    owner_url = getattr(settings, "DATABASE_OWNER_URL", "")
    if owner_url:
        swapped = owner_settings(settings_dict, owner_url)
        del swapped[APP_LOGIN_KEY]
        settings_dict.update(swapped)


def app_login(connection: BaseDatabaseWrapper) -> tuple[str, str]:
    """(user, password) of the app's login: the configured one, even while connected as owner."""
    login = connection.settings_dict.get(APP_LOGIN_KEY) or connection.settings_dict
    return login.get("USER") or "", login.get("PASSWORD") or ""


# --- unskippable triggers --------------------------------------------------------------------

def harden_trigger_ignore(cursor: Any) -> None:
    """Put the owner-only pgtrigger.ignore function in place (once any trigger is installed)."""
    cursor.execute("SELECT to_regprocedure('public._pgtrigger_should_ignore(name)') IS NOT NULL")
    if cursor.fetchone()[0]:
        cursor.execute(HARDENED_IGNORE_SQL)


@contextmanager
def trigger_ignore_kept_hardened(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Within: every statement that installs pgtrigger's permissive ignore function (each
    trigger install does) is followed at once, in its transaction, by ours."""

    def wrapper(execute: Callable[..., Any], sql_text: Any, params: Any, many: bool,
                context: dict[str, Any]) -> Any:
        result = execute(sql_text, params, many, context)
        if (isinstance(sql_text, str) and _PGTRIGGER_INSTALLS_IGNORE in sql_text
                and HARDENED_MARKER not in sql_text):
            with context["connection"].cursor() as cursor:
                cursor.execute(HARDENED_IGNORE_SQL)
        return result

    with connection.execute_wrapper(wrapper):
        yield


# --- least privilege for the app's login -----------------------------------------------------

def append_only_tables() -> list[str]:
    """Tables whose every row is final: a pgtrigger Protect trigger refuses both UPDATE and
    DELETE with no condition (the access log, approval decisions, every history table under
    PGHISTORY_APPEND_ONLY). A conditional one (certified sessions) leaves the table writable."""
    import pgtrigger

    tables = set()
    for model, trigger in pgtrigger.registered():
        operation = str(trigger.operation)
        if (isinstance(trigger, pgtrigger.Protect) and trigger.condition is None
                and "UPDATE" in operation and "DELETE" in operation
                and model._meta.managed and not model._meta.proxy):
            tables.add(model._meta.db_table)
    return sorted(tables)


def ensure_login_role(cursor: Any, name: str, *, password: str = "") -> None:
    """Create the login role unless it exists, and set its password when one is given, so a new
    password takes at the next migrate. Run inside a transaction.

    A role made by someone else (a managed server's administrator) is left as it is when this
    login may not alter it. The password reaches the server as a setting of this transaction,
    never inside a statement the server might log."""
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role_name(name)])
    if cursor.fetchone() is None:
        cursor.execute(create_login_role_sql(name))
    if not password:
        return
    cursor.execute("SELECT set_config('iep.login_role', %s, true), "
                   "set_config('iep.login_password', %s, true)", [name, password])
    cursor.execute(
        "DO $$ BEGIN "
        "EXECUTE 'ALTER ROLE ' || quote_ident(current_setting('iep.login_role')) "
        "     || ' PASSWORD ' || quote_literal(current_setting('iep.login_password')); "
        "EXCEPTION WHEN insufficient_privilege THEN "
        "RAISE NOTICE 'Not setting the password of %: this login may not alter it.', "
        "             current_setting('iep.login_role'); "
        "END $$"
    )
    cursor.execute("SELECT set_config('iep.login_password', '', true)")


def grant_app_role(cursor: Any, name: str) -> None:
    """Give the app's login exactly its job on the current database's tables; run as their owner.

    Starts from nothing (an earlier, wider grant is taken back), then: read and write on every
    table, insert and read only on the append-only ones and read only on django_migrations;
    sequences to number rows; the same on tables and sequences the owner creates later (default
    privileges); no TRUNCATE, no temporary tables, no creating anything. Run it in one
    transaction: the app never sees the table half-granted."""
    role = _ident(name)
    cursor.execute("SELECT quote_ident(current_schema()), quote_ident(current_database())")
    schema, database = cursor.fetchone()
    cursor.execute(
        "SELECT r.rolsuper OR pg_has_role(current_user, d.datdba, 'MEMBER'), "
        "       r.rolsuper OR pg_has_role(current_user, n.nspowner, 'MEMBER') "
        "FROM pg_roles r, pg_database d, pg_namespace n "
        "WHERE r.rolname = current_user AND d.datname = current_database() "
        "  AND n.nspname = current_schema()"
    )
    owns_database, owns_schema = cursor.fetchone()
    cursor.execute(
        "SELECT quote_ident(c.relname) FROM pg_class c "
        "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') "
        "  AND c.relname = ANY(%s) ORDER BY c.relname",
        [append_only_tables()],
    )
    final = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT quote_ident(c.relname) FROM pg_class c "
        "WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY(%s)",
        [list(_READ_ONLY_TABLES)],
    )
    read_only = [row[0] for row in cursor.fetchall()]

    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}",
        f"GRANT CONNECT ON DATABASE {database} TO {role}",
        f"REVOKE CREATE, TEMPORARY ON DATABASE {database} FROM {role}",
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"REVOKE CREATE ON SCHEMA {schema} FROM {role}",
        f"GRANT {_TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"GRANT {_SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT {_TABLE_PRIVILEGES} ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT {_SEQUENCE_PRIVILEGES} ON SEQUENCES TO {role}",
    ]
    if final:
        statements.append(f"REVOKE UPDATE, DELETE ON {', '.join(final)} FROM {role}")
    if read_only:
        statements.append(f"REVOKE INSERT, UPDATE, DELETE ON {', '.join(read_only)} FROM {role}")
    # Every role holds TEMPORARY (and, on clusters from before PostgreSQL 15, CREATE on public)
    # through PUBLIC; only the database's and the schema's owners may take them back.
    if owns_database:
        statements.append(f"REVOKE TEMPORARY ON DATABASE {database} FROM PUBLIC")
    if owns_schema:
        statements.append(f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC")
    for statement in statements:
        cursor.execute(statement)


def apply_after_migrate(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """What every migrate (and createcachetable) leaves behind: unskippable triggers and, when
    the app logs in as another role than the one migrating, that role with least privilege."""
    connection = connections[using]
    user, password = app_login(connection)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        harden_trigger_ignore(cursor)
        cursor.execute("SELECT current_user")
        if not user or user == cursor.fetchone()[0]:
            return
        ensure_login_role(cursor, user, password=password)
        grant_app_role(cursor, user)


def after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_migrate receiver (connected once, for this app, in IepPortalConfig.ready)."""
    apply_after_migrate(using=using)


# --- what the connected login can still do ---------------------------------------------------

def weaknesses(connection: BaseDatabaseWrapper) -> list[tuple[str, str]]:
    """(check id, message) for each way the connected login could still erase or bypass the
    audit trail; empty when it holds least privilege."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.rolsuper, "
            "  EXISTS (SELECT FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace"
            "          AND c.relkind IN ('r', 'p') AND pg_has_role(current_user, c.relowner, 'MEMBER')),"
            "  EXISTS (SELECT FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace"
            "          AND c.relkind IN ('r', 'p') AND has_table_privilege(c.oid, 'TRUNCATE')),"
            "  has_database_privilege(current_database(), 'TEMPORARY')"
            "    OR has_database_privilege(current_database(), 'CREATE')"
            "    OR has_schema_privilege(current_schema(), 'CREATE'),"
            "  COALESCE((SELECT strpos(p.prosrc, %s) = 0 FROM pg_proc p"
            "            WHERE p.oid = to_regprocedure('public._pgtrigger_should_ignore(name)')), false) "
            "FROM pg_roles r WHERE r.rolname = current_user",
            [HARDENED_MARKER],
        )
        row = cursor.fetchone()
        user = connection.settings_dict.get("USER") or "the app's login"
    superuser, owner, truncate, creates, ignore_open = row
    found = []
    if superuser:
        found.append(("iep.W010", f"The app connects to PostgreSQL as a superuser ({user}): it can "
                                  "switch off the triggers that keep the audit trail append-only."))
    elif owner:
        found.append(("iep.W011", f"The app connects as the owner of its tables ({user}): it can "
                                  "truncate them and disable their triggers."))
    elif truncate:
        found.append(("iep.W012", f"The app's login ({user}) may TRUNCATE tables, emptying them "
                                  "without their triggers."))
    if not superuser and creates:
        found.append(("iep.W013", f"The app's login ({user}) may create temporary tables or "
                                  "objects, which can shadow the history tables."))
    if ignore_open:
        found.append(("iep.W014", "pgtrigger.ignore is honoured for every login (pgtrigger's own "
                                  "function is installed): run migrate to restore the owner-only one."))
    return found
