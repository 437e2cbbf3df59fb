"""Changing how an account signs in takes the person, not an open session.

Adding or changing an email address, a new password, turning two-step sign-in on or off and
recovery codes ask for the password again, with the authenticator code when the account
has one, however recently the session signed in; the account's address is told.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.test import Client
from django.urls import reverse

from iep_portal.models import User
from tests import factories as f
from tests.browser.helpers import totp_code, totp_secret_of
from tests.conftest import with_mfa

PASSWORD = "correct horse battery"


@contextmanager
def next_code_window() -> Iterator[None]:
    """Thirty seconds on: an authenticator code is good once, so a second step needs the next."""
    with time_machine.travel(time.time() + 31, tick=True):
        yield


def sign_in(client: Client, user: User) -> None:
    """Through the sign-in page, with the authenticator code when the account has one."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        assert response["Location"] == reverse("mfa_authenticate")
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_secret_of(user))})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def asks_to_reauthenticate(response: object) -> bool:
    return getattr(response, "status_code", 0) == 302 and response["Location"].startswith(  # type: ignore[index]
        reverse("account_reauthenticate"))


def test_a_signed_in_session_cannot_add_an_email_address_without_the_password(
    client: Client, gen_ed_teacher: User
) -> None:
    sign_in(client, gen_ed_teacher)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "someone@elsewhere.test"})
    assert asks_to_reauthenticate(response)
    assert not EmailAddress.objects.filter(email="someone@elsewhere.test").exists()
    assert mail.outbox == []


def test_the_password_confirms_the_change_and_the_new_address_must_confirm_itself(
    client: Client, gen_ed_teacher: User
) -> None:
    sign_in(client, gen_ed_teacher)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "gina@home.test"})
    # The change waits while the person confirms it's them, then goes through.
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    added = EmailAddress.objects.get(email="gina@home.test")
    assert added.user == gen_ed_teacher and not added.verified and not added.primary
    gen_ed_teacher.refresh_from_db()
    assert gen_ed_teacher.email.endswith("@district.test")  # not yet replaced
    (confirm,) = mail.outbox
    assert confirm.to == ["gina@home.test"]
    assert confirm.subject == "[IEP Portal] Confirm your new email address"

    # Until the link mailed to it is opened, the address cannot become the sign-in address.
    client.post(reverse("account_email"), {"action_primary": "", "email": "gina@home.test"})
    added.refresh_from_db()
    gen_ed_teacher.refresh_from_db()
    assert not added.primary and gen_ed_teacher.email != "gina@home.test"

    old_address = gen_ed_teacher.email
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", confirm.body).group(1)
    client.post(link)
    gen_ed_teacher.refresh_from_db()
    assert gen_ed_teacher.email == "gina@home.test"
    assert list(EmailAddress.objects.filter(user=gen_ed_teacher).values_list("email", "verified", "primary")) == [
        ("gina@home.test", True, True)]
    notice = mail.outbox[-1]
    assert notice.to == [old_address]
    assert "gina@home.test" in notice.body


def test_a_reset_link_is_never_mailed_to_an_address_nobody_verified(
    client: Client, gen_ed_teacher: User
) -> None:
    # An address added to the account but never confirmed (as an open session once could).
    EmailAddress.objects.create(user=gen_ed_teacher, email="someone@elsewhere.test", verified=False)
    client.post(reverse("account_reset_password"), {"email": "someone@elsewhere.test"})
    assert not any("/accounts/password/reset/key/" in m.body for m in mail.outbox)

    # The account's own address (staff, the roster or an invitation set it) gets the link.
    client.post(reverse("account_reset_password"), {"email": gen_ed_teacher.email})
    (reset,) = [m for m in mail.outbox if "/accounts/password/reset/key/" in m.body]
    assert reset.to == [gen_ed_teacher.email]


def test_a_reset_link_goes_to_an_address_verified_by_its_link(client: Client, gen_ed_teacher: User) -> None:
    EmailAddress.objects.create(user=gen_ed_teacher, email="gina@home.test", verified=True)
    client.post(reverse("account_reset_password"), {"email": "gina@home.test"})
    (reset,) = [m for m in mail.outbox if "/accounts/password/reset/key/" in m.body]
    assert reset.to == ["gina@home.test"]


def test_an_administrator_just_signed_in_cannot_turn_two_step_sign_in_off(
    client: Client, school_admin: User
) -> None:
    sign_in(client, school_admin)
    assert asks_to_reauthenticate(client.get(reverse("mfa_deactivate_totp")))
    assert asks_to_reauthenticate(client.post(reverse("mfa_deactivate_totp")))
    assert Authenticator.objects.filter(user=school_admin, type=Authenticator.Type.TOTP).exists()


def test_on_an_account_with_an_authenticator_the_password_alone_does_not_confirm(
    client: Client, school_admin: User
) -> None:
    sign_in(client, school_admin)
    url = f"{reverse('account_reauthenticate')}?next={reverse('mfa_deactivate_totp')}"
    page = client.get(url).content.decode()
    assert 'name="code"' in page

    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    with next_code_window():
        response = client.post(url, {"password": PASSWORD, "code": "000000"})
        assert "Incorrect code." in response.content.decode()
        assert asks_to_reauthenticate(client.get(reverse("mfa_deactivate_totp")))

        response = client.post(url, {"password": PASSWORD, "code": totp_code(totp_secret_of(school_admin))})
        assert response.status_code == 302
        assert client.get(reverse("mfa_deactivate_totp")).status_code == 200


def test_a_wrong_password_spends_no_recovery_code(client: Client, school_admin: User) -> None:
    codes = RecoveryCodes.activate(school_admin)
    code = codes.get_unused_codes()[0]
    sign_in(client, school_admin)
    client.post(reverse("account_reauthenticate"), {"password": "not the password", "code": code})
    assert code in RecoveryCodes(Authenticator.objects.get(
        user=school_admin, type=Authenticator.Type.RECOVERY_CODES)).get_unused_codes()


def test_the_proof_lasts_five_minutes(client: Client, gen_ed_teacher: User) -> None:
    sign_in(client, gen_ed_teacher)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("account_change_password")).status_code == 200
    with time_machine.travel(time.time() + 301, tick=True):
        client.get(reverse("home"))  # the session is still open
        assert asks_to_reauthenticate(client.get(reverse("account_change_password")))


def test_a_new_password_needs_the_password_again_and_the_account_is_told(
    client: Client, gen_ed_teacher: User
) -> None:
    sign_in(client, gen_ed_teacher)
    assert asks_to_reauthenticate(client.get(reverse("account_change_password")))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(reverse("account_change_password"), {
        "oldpassword": PASSWORD, "password1": "a brand new password", "password2": "a brand new password",
    })
    assert response.status_code == 302
    gen_ed_teacher.refresh_from_db()
    assert gen_ed_teacher.check_password("a brand new password")
    (notice,) = mail.outbox
    assert notice.to == [gen_ed_teacher.email]
    assert "password" in notice.subject.lower()


def test_recovery_codes_need_the_person_too(client: Client, school_admin: User) -> None:
    RecoveryCodes.activate(school_admin)
    sign_in(client, school_admin)
    assert asks_to_reauthenticate(client.get(reverse("mfa_view_recovery_codes")))
    assert asks_to_reauthenticate(client.get(reverse("mfa_generate_recovery_codes")))
    assert asks_to_reauthenticate(client.get(reverse("mfa_download_recovery_codes")))


def test_turning_two_step_sign_in_on_and_off_tells_the_account(client: Client, gen_ed_teacher: User) -> None:
    with_mfa(gen_ed_teacher)
    sign_in(client, gen_ed_teacher)
    with next_code_window():
        client.post(reverse("account_reauthenticate"),
                    {"password": PASSWORD, "code": totp_code(totp_secret_of(gen_ed_teacher))})
        response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=gen_ed_teacher, type=Authenticator.Type.TOTP).exists()
    (notice,) = mail.outbox
    assert notice.to == [gen_ed_teacher.email]
    assert "deactivated" in notice.body


def test_a_sign_in_in_the_same_browser_starts_afresh(client: Client, gen_ed_teacher: User) -> None:
    sign_in(client, gen_ed_teacher)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(reverse("account_logout"))
    sign_in(client, gen_ed_teacher)
    assert asks_to_reauthenticate(client.get(reverse("account_change_password")))


def test_an_account_without_a_password_sets_one_by_email_first(login, school) -> None:  # noqa: ANN001
    sso_only = f.UserFactory(schools=[school])
    sso_only.set_unusable_password()
    sso_only.save()
    response = login(sso_only).get(reverse("account_email"))
    assert response.status_code == 200
    response = login(sso_only).post(reverse("account_email"), {"action_add": "", "email": "x@elsewhere.test"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reset_password"))
    assert not EmailAddress.objects.filter(email="x@elsewhere.test").exists()
    client = login(sso_only)
    assert "Set a password first" in client.get(response["Location"]).content.decode()
    client.post(reverse("account_reset_password"), {"email": sso_only.email})
    (reset,) = mail.outbox
    assert reset.to == [sso_only.email] and "/accounts/password/reset/key/" in reset.body


def test_a_confirmation_sent_again_is_not_refused_for_its_spent_code(client: Client, school_admin: User) -> None:
    """Back and Confirm again, or a second click: the code is spent, but this session has
    just confirmed, so only the password is checked again."""
    sign_in(client, school_admin)
    with next_code_window():
        sent = {"password": PASSWORD, "code": totp_code(totp_secret_of(school_admin))}
        assert client.post(reverse("account_reauthenticate"), sent).status_code == 302
        assert client.post(reverse("account_reauthenticate"), sent).status_code == 302
        wrong = client.post(reverse("account_reauthenticate"), {**sent, "password": "not it"})
        assert wrong.status_code == 200
