"""Shared fixtures: frozen time, personas around one student, logged-in clients.

The world: `school` with `student`, whose active IEP is managed by `case_manager`; the
student is in `gen_ed_teacher`'s section; `provider` and `observer` (view only) are on the
team. `school_admin` runs `school`; `district_admin` sees everything; `outsider` teaches
at another school; `colleague` teaches at the same school but not this student;
`other_case_manager` and `other_provider` work at the school but are not on this team.
`guardian` is the student's mother, with educational rights and a family-portal account.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from iep_portal.models import User
from students.models import IEP, Section, Student, TeamMember
from tests import factories as f

# A Wednesday in the middle of the autumn term.
FROZEN_TODAY = dt.date(2026, 11, 18)


@pytest.fixture(autouse=True)
def _frozen_time() -> Iterator[None]:
    at = dt.datetime(2026, 11, 18, 10, 30, tzinfo=ZoneInfo("America/Chicago"))
    with time_machine.travel(at, tick=True):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    settings.STORAGES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Tests create, empty and drop their database: they connect as its owner (the app's own
    login owns nothing; iep_portal/db_roles.py), and so do the commands they start."""
    from django.conf import settings

    from iep_portal.db_roles import use_owner_login

    use_owner_login(settings.DATABASES["default"])
    os.environ.pop("DATABASE_OWNER_URL", None)


def with_mfa(user: User) -> User:
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def school(db: None):  # noqa: ANN201
    return f.SchoolFactory(name="Lincoln Middle School")


@pytest.fixture
def calendar(school):  # noqa: ANN001, ANN201
    return f.CalendarFactory(school=school)


@pytest.fixture
def other_school(db: None):  # noqa: ANN201
    return f.SchoolFactory(name="Roosevelt Middle School")


@pytest.fixture
def case_manager(school) -> User:  # noqa: ANN001
    return f.UserFactory(role=User.Role.CASE_MANAGER, schools=[school], first_name="Casey")


@pytest.fixture
def gen_ed_teacher(school) -> User:  # noqa: ANN001
    return f.UserFactory(role=User.Role.GEN_ED_TEACHER, schools=[school], first_name="Gina")


@pytest.fixture
def provider(school) -> User:  # noqa: ANN001
    return f.UserFactory(role=User.Role.PROVIDER, schools=[school], first_name="Pat",
                         title="Speech-language pathologist")


@pytest.fixture
def observer(school) -> User:  # noqa: ANN001
    return f.UserFactory(role=User.Role.PROVIDER, schools=[school], first_name="Olive")


@pytest.fixture
def colleague(school) -> User:  # noqa: ANN001
    return f.UserFactory(role=User.Role.GEN_ED_TEACHER, schools=[school], first_name="Colin")


@pytest.fixture
def other_case_manager(school) -> User:  # noqa: ANN001
    """A case manager at the same school who does not manage this student."""
    return f.UserFactory(role=User.Role.CASE_MANAGER, schools=[school], first_name="Cleo")


@pytest.fixture
def other_provider(school) -> User:  # noqa: ANN001
    """A provider at the same school who is not on this student's team."""
    return f.UserFactory(role=User.Role.PROVIDER, schools=[school], first_name="Percy")


@pytest.fixture
def school_admin(school) -> User:  # noqa: ANN001
    return with_mfa(f.UserFactory(role=User.Role.SCHOOL_ADMIN, schools=[school], first_name="Sam"))


@pytest.fixture
def other_school_admin(other_school) -> User:  # noqa: ANN001
    return with_mfa(f.UserFactory(role=User.Role.SCHOOL_ADMIN, schools=[other_school]))


@pytest.fixture
def test_coordinator(school) -> User:  # noqa: ANN001
    """Reads the testing roster of `school` and nothing else about its students."""
    return with_mfa(f.UserFactory(role=User.Role.TEST_COORDINATOR, schools=[school], first_name="Terry"))


@pytest.fixture
def district_admin(db: None) -> User:
    return with_mfa(f.UserFactory(role=User.Role.DISTRICT_ADMIN, is_staff=True, first_name="Dana"))


@pytest.fixture
def outsider(other_school) -> User:  # noqa: ANN001
    return f.UserFactory(role=User.Role.GEN_ED_TEACHER, schools=[other_school], first_name="Otto")


@pytest.fixture
def guardian(student) -> User:  # noqa: ANN001
    """The student's parent with educational rights, signed in to the family portal."""
    from families.models import Guardian

    user = f.UserFactory(role=User.Role.GUARDIAN, first_name="Lucia", last_name="Lopez")
    Guardian.objects.create(student=student, relationship="parent", first_name="Lucia",
                            last_name="Lopez", email=user.email, language="es", user=user)
    return user


@pytest.fixture
def student(school, calendar) -> Student:  # noqa: ANN001
    return f.StudentFactory(school=school, first_name="Maya", last_name="Lopez")


@pytest.fixture
def section(school, gen_ed_teacher) -> Section:  # noqa: ANN001
    return f.SectionFactory(school=school, teacher=gen_ed_teacher, name="Math 6", period="2")


@pytest.fixture
def iep(student, case_manager, section, provider, observer) -> IEP:  # noqa: ANN001
    iep = f.IEPFactory(student=student, case_manager=case_manager)
    f.EnrollmentFactory(student=student, section=section)
    f.TeamMemberFactory(iep=iep, user=provider, role=TeamMember.Role.PROVIDER)
    f.TeamMemberFactory(iep=iep, user=observer, role=TeamMember.Role.OBSERVER)
    return iep


PERSONAS = (
    "case_manager", "gen_ed_teacher", "provider", "observer", "colleague",
    "other_case_manager", "other_provider",
    "school_admin", "other_school_admin", "district_admin", "outsider", "test_coordinator",
    "guardian",
)


def signed_in(client: Client, user: User) -> Client:
    """`client` signed in as `user`, as the sign-in page leaves a session: the password, then
    the authenticator code when the account has one (iep_portal.middleware asks for it)."""
    client.force_login(user)
    records: list[dict[str, object]] = [{"method": "password", "at": time.time(), "email": user.email}]
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        records.append({"method": "mfa", "at": time.time(), "id": totp.pk, "type": "totp"})
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


@pytest.fixture
def login(client: Client) -> Callable[[User | None], Client]:
    def _login(user: User | None) -> Client:
        client.logout()
        if user is not None:
            signed_in(client, user)
        return client
    return _login
