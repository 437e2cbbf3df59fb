"""Sign-in, no open sign-up, MFA for administrators, and deny-by-default."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from iep_portal.models import User
from tests import factories as f


def test_it_signs_in_with_email_and_password(case_manager: User, client: Client) -> None:
    response = client.post(
        reverse("account_login"),
        {"login": case_manager.email, "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_it_refuses_a_wrong_password_with_a_clear_message(case_manager: User, client: Client) -> None:
    response = client.post(
        reverse("account_login"), {"login": case_manager.email, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "email address and/or password you specified are not correct" in response.content.decode()


def test_there_is_no_open_sign_up(client: Client, db: None) -> None:
    response = client.post(
        reverse("account_signup"),
        {"email": "new@district.test", "password1": "a long new password", "password2": "a long new password"},
    )
    assert "Sign Up Closed" in response.content.decode() or response.status_code == 403
    assert not User.objects.filter(email="new@district.test").exists()


@pytest.mark.parametrize("name", ["account_login", "account_reset_password"])
def test_allauth_pages_stay_reachable_while_signed_out(client: Client, name: str, db: None) -> None:
    assert client.get(reverse(name)).status_code == 200


def test_every_other_page_sends_an_anonymous_visitor_to_sign_in(client: Client, db: None) -> None:
    response = client.get(reverse("students:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_account_under_attack_is_locked_but_its_school_is_not(
    case_manager: User, gen_ed_teacher: User, client: Client, settings: object
) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # type: ignore[attr-defined]
    for _ in range(5):
        client.post(reverse("account_login"), {"login": case_manager.email, "password": "wrong"})
    locked = client.post(
        reverse("account_login"), {"login": case_manager.email, "password": "correct horse battery"}
    )
    assert locked.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    # A colleague behind the same address still signs in.
    other = client.post(
        reverse("account_login"), {"login": gen_ed_teacher.email, "password": "correct horse battery"}
    )
    assert other.status_code == 302
    assert int(client.session["_auth_user_id"]) == gen_ed_teacher.pk


def sign_in(client: Client, user: User) -> Client:
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct horse battery"}
    )
    assert response.status_code == 302
    return client


def test_an_admin_without_mfa_is_sent_to_set_it_up_before_any_student_data(
    client: Client, school, iep  # noqa: ANN001
) -> None:
    admin = f.UserFactory(role=User.Role.SCHOOL_ADMIN, schools=[school])
    sign_in(client, admin)
    for url in (reverse("home"), reverse("students:detail", args=[iep.student.pk]), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp")
    # Setting it up changes how the account signs in: the password again first, even now.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": "correct horse battery"})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_a_test_coordinator_without_mfa_is_sent_to_set_it_up(
    client: Client, school, iep  # noqa: ANN001
) -> None:
    coordinator = f.UserFactory(role=User.Role.TEST_COORDINATOR, schools=[school])
    sign_in(client, coordinator)
    for url in (reverse("home"), reverse("assessments:index")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp")


def test_a_test_coordinator_with_mfa_reaches_the_testing_pages(
    login, test_coordinator: User  # noqa: ANN001
) -> None:
    assert Authenticator.objects.filter(user=test_coordinator).exists()
    assert login(test_coordinator).get(reverse("assessments:index")).status_code == 200


def test_an_admin_with_mfa_reaches_their_pages(login, school_admin: User, iep) -> None:  # noqa: ANN001
    assert Authenticator.objects.filter(user=school_admin).exists()
    assert login(school_admin).get(reverse("students:detail", args=[iep.student.pk])).status_code == 200


def test_teachers_are_offered_mfa_but_not_forced(
    client: Client, gen_ed_teacher: User, iep  # noqa: ANN001
) -> None:
    sign_in(client, gen_ed_teacher)
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("account_reauthenticate"), {"password": "correct horse battery"})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_a_district_setting_requires_mfa_of_all_staff(
    login, gen_ed_teacher: User, iep, settings: object  # noqa: ANN001
) -> None:
    settings.IEP_REQUIRE_MFA_FOR_ALL = True  # type: ignore[attr-defined]
    response = login(gen_ed_teacher).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_the_django_admin_uses_the_product_sign_in(client: Client, db: None) -> None:
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_the_django_admin_refuses_non_staff(login, case_manager: User) -> None:  # noqa: ANN001
    assert login(case_manager).get("/admin/").status_code in (302, 403)
