"""The Django admin: every registered model's pages open for a district admin; only with
two-step sign-in; and every page that shows a student writes the access log."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse

from behavior.models import PatternDetermination, Removal
from iep_portal.admin import student_path
from iep_portal.models import AccessLog, User
from students.models import IEP, Enrollment, Student
from tests import factories as f
from tests.conftest import signed_in, with_mfa

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)  # noqa: SLF001
ABOUT_STUDENTS = [m for m in MODELS if student_path(m) is not None]


@pytest.fixture
def director(db: None) -> User:
    return with_mfa(f.UserFactory(role=User.Role.DISTRICT_ADMIN, is_staff=True, is_superuser=True))


def url_of(model: type[models.Model], page: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def student_of(obj: models.Model) -> int | None:
    """Follows the model's path to its student, attribute by attribute (None: a row about no
    student, such as an administrator's count of overdue deadlines)."""
    path = student_path(type(obj))
    assert path is not None
    if path == "pk":
        return int(obj.pk)
    row = obj
    for name in path.split("__"):
        obj = getattr(obj, name)
        if obj is None:
            # A row with two ways to its student (a request about a goal or a support) names
            # its IEP.
            iep = getattr(row, "iep", None)
            return None if iep is None else int(iep.student_id)
    return int(obj.pk)


def logged_students(url: str) -> set[int]:
    return set(AccessLog.objects.filter(path=url).values_list("student_id", flat=True))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_each_admin_list_opens(login, director: User, iep, model) -> None:  # noqa: ANN001
    assert login(director).get(url_of(model, "changelist")).status_code == 200


def test_the_models_about_students_are_found() -> None:
    labels = {m._meta.label for m in ABOUT_STUDENTS}
    assert {"students.Student", "students.IEP", "services.ServiceSession", "accommodations.ImplementationCheck",
            "progress.DataPoint", "students.ParentContact", "makeups.MakeupChange"} <= labels
    assert "students.School" not in labels and "iep_portal.User" not in labels


def test_every_admin_page_that_shows_a_student_writes_the_access_log(
    client: Client, director: User
) -> None:
    call_command("seed_demo", stdout=StringIO())
    iep = IEP.objects.filter(status=IEP.Status.ACTIVE).first()
    # What the demo does not hold, so that every model has a row to open.
    from meetings.models import TransitionPlan
    from progress.models import ReportingSchedule

    TransitionPlan.objects.get_or_create(iep=iep, defaults={"completed_on": dt.date(2026, 10, 1),
                                                            "recorded_by": director})
    ReportingSchedule.objects.get_or_create(iep=iep)
    from lifecycle.models import IEPExit, ScheduledHandOver, TeamChange

    TeamChange.objects.create(iep=iep, kind=TeamChange.Kind.JOINED, member=director, role="observer",
                              effective_on=dt.date(2026, 10, 1), by=director)
    IEPExit.objects.create(iep=iep, exit_date=dt.date(2026, 10, 1), reason=IEPExit.Reason.MOVED,
                           note="Records sent", by=director)
    ScheduledHandOver.objects.create(iep=iep, to=director, previous=iep.case_manager, by=director,
                                     effective_on=dt.date(2026, 12, 1), reason="Caseloads rebalanced")
    AccessLog.objects.create(user=director, student=iep.student, path="/seed")
    Removal.objects.create(student=iep.student, date=dt.date(2026, 11, 2), setting=Removal.Setting.OUT_OF_SCHOOL,
                           reason="Fighting", recorded_by=director)
    PatternDetermination.objects.create(
        student=iep.student, removal_day=dt.date(2026, 11, 2), outcome=PatternDetermination.Outcome.values[0],
        basis="Removals for different behaviors, weeks apart.", determined_on=dt.date(2026, 11, 4),
        determined_by=director)
    signed_in(client, director)

    failures = []
    for model in ABOUT_STUDENTS:
        label = model._meta.label
        url = url_of(model, "changelist")
        response = client.get(url)
        shown = {s for obj in response.context["cl"].result_list if (s := student_of(obj)) is not None}
        if not shown:
            failures.append(f"{label}: no row to open (seed one above)")
            continue
        if logged_students(url) != shown:
            failures.append(f"{label} list: logged {sorted(logged_students(url))}, showed {sorted(shown)}")
        obj = next(o for o in response.context["cl"].result_list if student_of(o) is not None)
        url = url_of(model, "change", obj.pk)
        assert client.get(url).status_code == 200, url
        if student_of(obj) not in logged_students(url):
            failures.append(f"{label} change page: {student_of(obj)} not logged")
        url = url_of(model, "history", obj.pk)
        client.get(url)
        if logged_students(url) != {student_of(obj)}:
            failures.append(f"{label} history page: logged {sorted(logged_students(url))}")
    assert not failures, "\n".join(failures)
    row = AccessLog.objects.filter(path__startswith="/admin/students/student/").first()
    assert row is not None and (row.user, row.action) == (director, "view")


def test_a_change_page_logs_the_students_of_its_inlines(login, director: User, section, student) -> None:  # noqa: ANN001
    f.EnrollmentFactory(section=section, student=student)
    url = url_of(section._meta.model, "change", section.pk)
    assert login(director).get(url).status_code == 200
    assert logged_students(url) == {student.pk}


def test_the_history_rows_log_the_students_they_are_about(login, director: User, iep) -> None:  # noqa: ANN001
    url = reverse("admin:pghistory_middlewareevents_changelist")
    assert login(director).get(url).status_code == 200
    assert iep.student.pk in logged_students(url)


def test_the_autocomplete_logs_the_students_it_names(login, director: User, student) -> None:  # noqa: ANN001
    response = login(director).get(reverse("admin:autocomplete"), {
        "app_label": "students", "model_name": "enrollment", "field_name": "student", "term": student.last_name,
    })
    assert str(student.pk) in response.content.decode()
    assert set(AccessLog.objects.values_list("student_id", flat=True)) == {student.pk}


def test_no_admin_form_lists_every_student_in_a_drop_down(login, director: User, iep) -> None:  # noqa: ANN001
    from progress.models import ReportingSchedule

    page = login(director).get(url_of(ReportingSchedule, "add")).content.decode()
    assert str(iep.student) not in page


def test_an_invited_district_admin_can_use_the_django_admin(
    login, district_admin: User, school, django_capture_on_commit_callbacks  # noqa: ANN001
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        login(district_admin).post(reverse("staff:invite"), {
            "email": "deputy@district.test", "first_name": "Dee", "last_name": "Puty",
            "role": User.Role.DISTRICT_ADMIN,
        })
    deputy = User.objects.get(email="deputy@district.test")
    assert deputy.is_staff and deputy.is_superuser


@pytest.fixture
def support_staff(school) -> User:  # noqa: ANN001
    """A teacher account someone made staff, with the right to view students in the admin."""
    user = f.UserFactory(role=User.Role.GEN_ED_TEACHER, schools=[school], is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_student"))
    return user


def test_an_account_that_can_open_the_django_admin_must_use_two_step_sign_in(
    login, support_staff: User, student: Student  # noqa: ANN001
) -> None:
    response = login(support_staff).get(url_of(Student, "changelist"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert not AccessLog.objects.exists()


def test_with_two_step_sign_in_its_reads_are_logged(login, support_staff: User, student: Student) -> None:  # noqa: ANN001
    with_mfa(support_staff)
    url = url_of(Student, "changelist")
    assert login(support_staff).get(url).status_code == 200
    assert logged_students(url) == {student.pk}


def test_a_session_that_never_gave_the_code_is_signed_out(
    client: Client, support_staff: User, student: Student
) -> None:
    # Signed in with the password alone before the authenticator app was set up elsewhere.
    response = client.post(reverse("account_login"), {"login": support_staff.email,
                                                      "password": "correct horse battery"})
    assert response.status_code == 302
    with_mfa(support_staff)
    response = client.get(url_of(Student, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert not AccessLog.objects.exists()


@pytest.mark.django_db(transaction=True)  # allauth records the authenticator once it is committed
def test_the_session_that_turns_the_authenticator_on_keeps_going(client: Client, support_staff: User) -> None:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    client.post(reverse("account_login"), {"login": support_staff.email, "password": "correct horse battery"})
    client.post(reverse("account_reauthenticate"), {"password": "correct horse battery"})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    counters = list(yield_hotp_counters_from_time())
    code = format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))
    assert client.post(reverse("mfa_activate_totp"), {"code": code}).status_code == 302
    assert Authenticator.objects.filter(user=support_staff, type=Authenticator.Type.TOTP).exists()
    assert client.get(url_of(Student, "changelist")).status_code == 200


def test_enrollments_need_no_admin_of_their_own() -> None:
    # Enrollment rows are shown (and logged) through the section's change page.
    assert Enrollment not in admin.site._registry  # noqa: SLF001
