"""The app's database login cannot erase or bypass the audit trail (iep_portal/db_roles.py).

The tests connect to the test database as a login holding exactly what migrate grants the app's
role, and try each way around the triggers: TRUNCATE, pgtrigger.ignore, ALTER TABLE ... DISABLE
TRIGGER, session_replication_role, a temporary table in front of a history table. Roles belong
to the whole server and other test runs may share it, so the role has a name no installation
uses and a fixed password, and creating it tolerates a run that created it first.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pghistory.models
import pgtrigger
import psycopg
import pytest
import yaml
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection, transaction
from psycopg.conninfo import make_conninfo

from iep_portal import checks, db_roles
from iep_portal.models import AccessLog
from services.models import ServiceSession
from students.models import IEP
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

APP_ROLE = "iep_portal_test_app"
APP_PASSWORD = "iep-portal-test-app-login"


def _conninfo(user: str, password: str) -> str:
    s = connection.settings_dict
    parts = {"host": s.get("HOST"), "port": s.get("PORT"), "dbname": s["NAME"], "user": user,
             "password": password}
    return make_conninfo(**{key: str(value) for key, value in parts.items() if value})


def _url(settings_dict: dict[str, Any]) -> str:
    # The host may be a socket directory (the embedded server): quoted whole.
    password = f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict.get("PASSWORD") else ""
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return (f"postgres://{quote(settings_dict['USER'], safe='')}{password}"
            f"@{quote(settings_dict.get('HOST') or '', safe='')}{port}/{settings_dict['NAME']}")


def _privileges(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p "
            "WHERE has_table_privilege(%s, %s, p)", [APP_ROLE, table],
        )
        return {row[0] for row in cursor.fetchall()}


def _triggers(table: str) -> str:
    """pgtrigger.ignore's value naming every trigger of the table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT '{' || string_agg(tgname, ',') || '}' FROM pg_trigger "
                       "WHERE tgrelid = %s::regclass AND tgname LIKE 'pgtrigger%%'", [table])
        return str(cursor.fetchone()[0])


@pytest.fixture(scope="module")
def app_role(django_db_setup: None, django_db_blocker: Any) -> str:
    """The app's login on the test database, granted as migrate grants it."""
    with django_db_blocker.unblock(), transaction.atomic(), connection.cursor() as cursor:
        db_roles.ensure_login_role(cursor, APP_ROLE, password=APP_PASSWORD)
        db_roles.grant_app_role(cursor, APP_ROLE)
    return APP_ROLE


@pytest.fixture
def as_app(app_role: str, transactional_db: None) -> Iterator[psycopg.Connection[Any]]:
    """A connection as the app's login; the rows the test made are committed, so it sees them."""
    with psycopg.connect(_conninfo(APP_ROLE, APP_PASSWORD), autocommit=True) as conn:
        yield conn


@pytest.fixture
def access_row(case_manager, iep: IEP) -> AccessLog:  # noqa: ANN001
    return AccessLog.objects.create(user=case_manager, student=iep.student, path="/students/1/")


@pytest.fixture
def certified(iep: IEP, provider) -> ServiceSession:  # noqa: ANN001
    return ServiceSessionFactory(requirement=ServiceRequirementFactory(iep=iep, provider=provider),
                                 logged_by=provider)


@pytest.fixture
def pending(certified: ServiceSession) -> ServiceSession:
    return ServiceSessionFactory(requirement=certified.requirement, logged_by=certified.logged_by,
                                 date=certified.date.replace(day=17), certified_by=None,
                                 certified_at=None)


def _refused(conn: psycopg.Connection[Any], statement: str, error: type[Exception]) -> None:
    with pytest.raises(error), conn.transaction():
        conn.execute(statement)


# --- the four bypasses, and a fifth ----------------------------------------------------------

def test_it_cannot_truncate_the_access_log_or_the_session_log(
    as_app: psycopg.Connection[Any], access_row: AccessLog, certified: ServiceSession
) -> None:
    _refused(as_app, "TRUNCATE iep_portal_accesslog", psycopg.errors.InsufficientPrivilege)
    _refused(as_app, "TRUNCATE services_servicesession CASCADE", psycopg.errors.InsufficientPrivilege)
    assert AccessLog.objects.filter(pk=access_row.pk).exists()
    assert ServiceSession.objects.filter(pk=certified.pk).exists()


def test_pgtrigger_ignore_does_not_let_it_rewrite_the_access_log(
    as_app: psycopg.Connection[Any], access_row: AccessLog
) -> None:
    for statement in ("UPDATE iep_portal_accesslog SET path = '/x/' WHERE id = %s",
                      "DELETE FROM iep_portal_accesslog WHERE id = %s"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege), as_app.transaction():
            as_app.execute("SELECT set_config('pgtrigger.ignore', %s, true)",
                           [_triggers("iep_portal_accesslog")])
            as_app.execute(statement, [access_row.pk])
    assert AccessLog.objects.get(pk=access_row.pk).path == "/students/1/"


def test_pgtrigger_ignore_does_not_let_it_rewrite_a_certified_session(
    as_app: psycopg.Connection[Any], certified: ServiceSession
) -> None:
    for statement in ("UPDATE services_servicesession SET minutes = 5 WHERE id = %s",
                      "DELETE FROM services_servicesession WHERE id = %s"):
        with pytest.raises(psycopg.errors.RaiseException, match="Cannot update or delete"), \
                as_app.transaction():
            as_app.execute("SELECT set_config('pgtrigger.ignore', %s, true)",
                           [_triggers("services_servicesession")])
            as_app.execute(statement, [certified.pk])
    assert ServiceSession.objects.get(pk=certified.pk).minutes == 30


def test_pgtrigger_ignore_does_not_let_it_change_iep_data_without_history(
    as_app: psycopg.Connection[Any], iep: IEP
) -> None:
    events = IEP.pgh_event_model.objects.filter(pgh_obj=iep)  # type: ignore[attr-defined]
    before = events.count()
    with as_app.transaction():
        as_app.execute("SELECT set_config('pgtrigger.ignore', %s, true)", [_triggers("students_iep")])
        as_app.execute("UPDATE students_iep SET family_contact_interval_days = 45 WHERE id = %s",
                       [iep.pk])
    assert events.count() == before + 1
    assert events.latest("pgh_id").family_contact_interval_days == 45


def test_the_ignore_switch_answers_the_owner_only(as_app: psycopg.Connection[Any]) -> None:
    name = _triggers("services_servicesession").strip("{}").split(",")[0]
    ask = "SELECT set_config('pgtrigger.ignore', %s, false), public._pgtrigger_should_ignore(%s)"
    assert as_app.execute(ask, ["{" + name + "}", name]).fetchone()[1] is False
    with connection.cursor() as cursor:  # the owner, as a data migration uses it
        cursor.execute(ask, ["{" + name + "}", name])
        assert cursor.fetchone()[1] is True
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', false)")


def test_it_cannot_disable_or_drop_a_trigger(as_app: psycopg.Connection[Any]) -> None:
    certified_guard = _triggers("services_servicesession").strip("{}").split(",")
    guard = next(name for name in certified_guard if "certified" in name)
    for statement in ("ALTER TABLE iep_portal_accesslog DISABLE TRIGGER ALL",
                      "ALTER TABLE iep_portal_accesslog DISABLE TRIGGER USER",
                      f"ALTER TABLE services_servicesession DISABLE TRIGGER {guard}",
                      f"DROP TRIGGER {guard} ON services_servicesession"):
        _refused(as_app, statement, psycopg.errors.InsufficientPrivilege)
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = %s", [guard])
        assert cursor.fetchone()[0] == "O"


def test_it_cannot_turn_every_trigger_off_for_its_session(as_app: psycopg.Connection[Any]) -> None:
    _refused(as_app, "SET session_replication_role = replica", psycopg.errors.InsufficientPrivilege)
    _refused(as_app, "SET LOCAL session_replication_role = replica", psycopg.errors.InsufficientPrivilege)


def test_it_cannot_put_a_temporary_table_in_front_of_a_history_table(
    as_app: psycopg.Connection[Any], iep: IEP
) -> None:
    # The history triggers insert into "students_iepevent" unqualified: pg_temp would come first.
    _refused(as_app, "CREATE TEMP TABLE students_iepevent AS SELECT * FROM public.students_iepevent "
                     "WITH NO DATA", psycopg.errors.InsufficientPrivilege)
    _refused(as_app, "CREATE TABLE public.scratch (id int)", psycopg.errors.InsufficientPrivilege)
    _refused(as_app, "CREATE SCHEMA scratch", psycopg.errors.InsufficientPrivilege)


def test_it_still_does_its_job(
    as_app: psycopg.Connection[Any], case_manager, iep: IEP, pending: ServiceSession  # noqa: ANN001
) -> None:
    as_app.execute("INSERT INTO iep_portal_accesslog (at, user_id, student_id, action, path) "
                   "VALUES (now(), %s, %s, 'view', '/students/')", [case_manager.pk, iep.student_id])
    assert AccessLog.objects.filter(user=case_manager).count() == 1

    history = ServiceSession.pgh_event_model.objects.filter(pgh_obj=pending)  # type: ignore[attr-defined]
    before = history.count()
    as_app.execute("UPDATE services_servicesession SET minutes = 25 WHERE id = %s", [pending.pk])
    assert ServiceSession.objects.get(pk=pending.pk).minutes == 25
    assert history.count() == before + 1

    assert as_app.execute("SELECT count(*) FROM students_student").fetchone()[0] == 1
    # The district generator reserves a block of ids with setval().
    as_app.execute("SELECT setval(s, nextval(s) + 9) "
                   "FROM pg_get_serial_sequence('services_servicesession', 'id') AS s")
    _refused(as_app, "DELETE FROM django_migrations", psycopg.errors.InsufficientPrivilege)


def test_the_grants_follow_the_tables(app_role: str, db: None) -> None:
    assert _privileges("iep_portal_accesslog") == {"SELECT", "INSERT"}
    assert _privileges("services_sessionapproval") == {"SELECT", "INSERT"}
    assert _privileges("students_iepevent") == {"SELECT", "INSERT"}
    assert _privileges("services_servicesession") == {"SELECT", "INSERT", "UPDATE", "DELETE"}
    assert _privileges("django_migrations") == {"SELECT"}
    with connection.cursor() as cursor:  # a table the owner creates later is the app's too
        cursor.execute("CREATE TABLE iep_later (id int)")
    assert _privileges("iep_later") == {"SELECT", "INSERT", "UPDATE", "DELETE"}


# --- the lists and the helpers ---------------------------------------------------------------

def test_append_only_tables_are_every_table_a_trigger_makes_final() -> None:
    tables = set(db_roles.append_only_tables())
    events = {model._meta.db_table for model in apps.get_models()
              if issubclass(model, pghistory.models.Event) and model._meta.managed}
    assert events
    assert events <= tables
    assert {"iep_portal_accesslog", "services_sessionapproval"} <= tables
    assert "services_servicesession" not in tables  # certified rows only: the rest stay writable


def test_a_role_name_that_is_not_plain_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="plain role name"):
        db_roles.create_login_role_sql('iep"; DROP TABLE x; --')
    assert db_roles.role_name("iep-app_2") == "iep-app_2"


def test_it_creates_a_login_role_with_no_powers_once(db: None) -> None:
    name = f"iep_portal_test_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        db_roles.ensure_login_role(cursor, name)
        db_roles.ensure_login_role(cursor, name, password="second-time")  # exists: no error
        cursor.execute("SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, "
                       "rolpassword IS NOT NULL FROM pg_authid WHERE rolname = %s", [name])
        assert cursor.fetchone() == (True, False, False, False, False, True)
    # The role is dropped with the test's transaction.


def test_a_login_that_may_not_alter_the_role_leaves_its_password(db: None) -> None:
    name, plain = (f"iep_portal_test_{uuid.uuid4().hex[:12]}" for _ in range(2))
    with connection.cursor() as cursor:
        db_roles.ensure_login_role(cursor, name, password="first")
        cursor.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", [name])
        first = cursor.fetchone()[0]
        db_roles.ensure_login_role(cursor, plain)
        cursor.execute(f'SET ROLE "{plain}"')
        db_roles.ensure_login_role(cursor, name, password="second")  # no error, nothing changed
        cursor.execute("RESET ROLE")
        cursor.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", [name])
        assert cursor.fetchone()[0] == first


def test_owner_settings_keep_the_database_and_take_the_owner_login() -> None:
    app = {"NAME": "test_iep", "USER": "iep_app", "PASSWORD": "a", "HOST": "db", "PORT": 5432,
           "OPTIONS": {"sslmode": "require"}, "CONN_MAX_AGE": 60}
    owner = db_roles.owner_settings(app, "postgres://iep:secret@db-direct:6432/iep")
    assert (owner["NAME"], owner["USER"], owner["PASSWORD"], owner["HOST"], owner["PORT"]) == (
        "test_iep", "iep", "secret", "db-direct", 6432)
    assert owner["OPTIONS"] == {"sslmode": "require"}
    assert owner["CONN_MAX_AGE"] == 60
    assert owner[db_roles.APP_LOGIN_KEY] == {"USER": "iep_app", "PASSWORD": "a"}
    assert app["USER"] == "iep_app"  # the app's settings are left alone


@pytest.mark.django_db
def test_the_ignore_function_stays_owner_only_through_a_trigger_install() -> None:
    model, trigger = next((m, t) for m, t in pgtrigger.registered() if m is ServiceSession)
    install = trigger.compile(model).install_sql

    def hardened() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT strpos(prosrc, %s) > 0 FROM pg_proc "
                           "WHERE oid = 'public._pgtrigger_should_ignore(name)'::regprocedure",
                           [db_roles.HARDENED_MARKER])
            return bool(cursor.fetchone()[0])

    assert hardened()  # migrate left it so
    with db_roles.trigger_ignore_kept_hardened(connection), connection.cursor() as cursor:
        cursor.execute(install)
    assert hardened()
    with connection.cursor() as cursor:  # without the guard, pgtrigger's install opens it again
        cursor.execute(install)
    assert not hardened()
    assert [found[0] for found in db_roles.weaknesses(connection)] == ["iep.W010", "iep.W014"]


# --- the deploy check ------------------------------------------------------------------------

@contextmanager
def _connected_as_app() -> Iterator[dict[str, Any]]:
    """The default connection logs in as the app's role within; the owner's settings are yielded."""
    owner = connection.settings_dict
    connection.close()
    connection.settings_dict = {**owner, "USER": APP_ROLE, "PASSWORD": APP_PASSWORD}
    try:
        yield owner
    finally:
        connection.close()
        connection.settings_dict = owner


def test_the_deploy_check_is_quiet_for_the_app_role_and_warns_for_a_superuser(
    app_role: str, django_db_blocker: Any
) -> None:
    with django_db_blocker.unblock():
        assert [w.id for w in checks.check_database_login(None, databases=["default"])] == ["iep.W010"]
        with _connected_as_app():
            assert checks.check_database_login(None, databases=["default"]) == []
    assert checks.check_database_login(None, databases=None) == []


# --- migrate and createcachetable as the owner -----------------------------------------------

def test_migrate_runs_as_the_owner_and_grants_the_app_role(
    app_role: str, django_db_blocker: Any, settings: Any
) -> None:
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {APP_ROLE}")
        assert _privileges("iep_portal_accesslog") == set()
        with _connected_as_app() as owner:
            settings.DATABASE_OWNER_URL = _url(owner)
            call_command("migrate", verbosity=0, interactive=False)
            with connection.cursor() as cursor:  # back to the app's login afterwards
                cursor.execute("SELECT current_user")
                assert cursor.fetchone()[0] == APP_ROLE
        assert _privileges("iep_portal_accesslog") == {"SELECT", "INSERT"}
        assert _privileges("services_servicesession") == {"SELECT", "INSERT", "UPDATE", "DELETE"}


def test_createcachetable_runs_as_the_owner_and_grants_the_app_role(
    app_role: str, django_db_blocker: Any, settings: Any
) -> None:
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute(f"REVOKE ALL ON iep_cache FROM {APP_ROLE}")
        with _connected_as_app() as owner:
            settings.DATABASE_OWNER_URL = _url(owner)
            call_command("createcachetable", verbosity=0)
        assert _privileges("iep_cache") == {"SELECT", "INSERT", "UPDATE", "DELETE"}


def test_without_an_owner_url_migrate_keeps_the_one_login(django_db_blocker: Any, settings: Any) -> None:
    settings.DATABASE_OWNER_URL = ""
    before = connection.settings_dict
    with django_db_blocker.unblock(), db_roles.connected_as_owner(connection):
        assert connection.settings_dict is before


def test_the_compose_file_gives_the_owner_login_to_migrate_only() -> None:
    compose = yaml.safe_load((Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text())
    services = compose["services"]
    assert "DATABASE_OWNER_URL" in services["migrate"]["environment"]
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert "DATABASE_OWNER_URL" not in environment
        assert environment["DATABASE_URL"].startswith("postgres://${IEP_APP_DB_USER:-iep_app}:")
