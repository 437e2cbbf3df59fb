"""Single sign-on: only existing, active accounts with a verified address at an allowed domain."""

from __future__ import annotations

import pytest
from allauth.core import context
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory
from django.urls import reverse

from iep_portal.models import User
from tests import factories as f

pytestmark = pytest.mark.django_db

GOOGLE = {"APPS": [{"client_id": "test-client", "secret": "test-secret", "key": ""}]}


@pytest.fixture(autouse=True)
def _sso(settings) -> None:  # noqa: ANN001
    settings.IEP_SSO_ALLOWED_DOMAINS = ["district.test"]
    settings.SOCIALACCOUNT_PROVIDERS = {"google": GOOGLE}


def _request():  # noqa: ANN202
    request = RequestFactory().get("/accounts/google/login/callback/")
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    request.session.save()
    request.user = AnonymousUser()
    return request


def _sociallogin(email: str, *, verified: bool = True, uid: str = "google-uid-1") -> dict:
    """What Google's userinfo says; the provider turns it into a SocialLogin (no network)."""
    return {"sub": uid, "email": email, "email_verified": verified, "given_name": "Gina",
            "family_name": "Patel"}


def _sign_in(userinfo: dict):  # noqa: ANN202
    request = _request()
    with context.request_context(request):
        provider = get_adapter().get_provider(request, "google")
        sociallogin: SocialLogin = provider.sociallogin_from_response(request, userinfo)
        response = complete_social_login(request, sociallogin)
    notes = [str(m) for m in get_messages(request)]
    return request, response, notes


def test_it_signs_in_an_existing_active_account_with_a_verified_address() -> None:
    teacher = f.UserFactory(email="gina@district.test")
    request, response, notes = _sign_in(_sociallogin("Gina@District.test"))
    assert response.status_code == 302
    assert request.user == teacher
    assert SocialAccount.objects.get(uid="google-uid-1").user == teacher


def test_a_second_sign_in_uses_the_linked_account() -> None:
    teacher = f.UserFactory(email="gina@district.test")
    _sign_in(_sociallogin("gina@district.test"))
    request, _, _ = _sign_in(_sociallogin("gina@district.test"))
    assert request.user == teacher
    assert SocialAccount.objects.count() == 1


def test_it_never_creates_an_account() -> None:
    request, response, notes = _sign_in(_sociallogin("newcomer@district.test"))
    assert not User.objects.filter(email="newcomer@district.test").exists()
    assert response["Location"] == reverse("account_login")
    assert notes == ["There is no IEP Portal account for newcomer@district.test. Accounts come "
                     "from the district roster or an invitation. Ask your district administrator."]
    assert not request.user.is_authenticated


def test_it_refuses_an_unverified_address() -> None:
    f.UserFactory(email="gina@district.test")
    request, _, notes = _sign_in(_sociallogin("gina@district.test", verified=False))
    assert notes == ["Your Google account did not confirm an email address, so it cannot be "
                     "matched to a staff account."]
    assert not request.user.is_authenticated


def test_it_refuses_a_domain_that_is_not_allowed() -> None:
    f.UserFactory(email="gina@gmail.test")
    request, _, notes = _sign_in(_sociallogin("gina@gmail.test"))
    assert notes == ["gina@gmail.test cannot sign in here: only addresses at district.test can. "
                     "Use your district account."]
    assert not request.user.is_authenticated


def test_it_refuses_a_deactivated_account() -> None:
    f.UserFactory(email="gina@district.test", is_active=False)
    request, _, notes = _sign_in(_sociallogin("gina@district.test"))
    assert notes == ["The account for gina@district.test is switched off. Ask your district "
                     "administrator."]
    assert not request.user.is_authenticated


def test_it_refuses_everyone_when_no_domain_is_allowed(settings) -> None:  # noqa: ANN001
    settings.IEP_SSO_ALLOWED_DOMAINS = []
    f.UserFactory(email="gina@district.test")
    request, _, notes = _sign_in(_sociallogin("gina@district.test"))
    assert notes[0].startswith("Single sign-on is not set up for any email domain yet.")
    assert not request.user.is_authenticated


def test_a_linked_identity_cannot_sign_in_as_someone_else() -> None:
    gina = f.UserFactory(email="gina@district.test")
    f.UserFactory(email="marcus@district.test")
    SocialAccount.objects.create(user=gina, provider="google", uid="google-uid-1")
    request, _, notes = _sign_in(_sociallogin("marcus@district.test"))
    assert notes == ["This Google account is linked to a different IEP Portal account. Ask your "
                     "district administrator."]
    assert not request.user.is_authenticated


def test_the_sign_in_page_shows_only_configured_providers(client, settings) -> None:  # noqa: ANN001
    settings.SOCIALACCOUNT_PROVIDERS = {"google": GOOGLE}
    page = client.get(reverse("account_login")).content.decode()
    assert "Google" in page
    assert "Microsoft" not in page

    settings.SOCIALACCOUNT_PROVIDERS = {}
    page = client.get(reverse("account_login")).content.decode()
    assert "Google" not in page


def test_settings_switch_providers_on_from_the_environment(monkeypatch) -> None:  # noqa: ANN001
    import importlib

    import iep_portal.settings as portal_settings

    monkeypatch.setenv("IEP_SSO_MICROSOFT_CLIENT_ID", "ms-id")
    monkeypatch.setenv("IEP_SSO_MICROSOFT_SECRET", "ms-secret")
    monkeypatch.setenv("IEP_SSO_MICROSOFT_TENANT", "district-tenant-id")
    monkeypatch.setenv("IEP_SSO_OIDC_SERVER_URL", "https://sso.district.test")
    monkeypatch.setenv("IEP_SSO_OIDC_CLIENT_ID", "oidc-id")
    monkeypatch.setenv("IEP_SSO_OIDC_NAME", "ClassLink")
    monkeypatch.setenv("IEP_SSO_ALLOWED_DOMAINS", "District.test, @staff.district.test")
    try:
        fresh = importlib.reload(portal_settings)
        providers = fresh.SOCIALACCOUNT_PROVIDERS
        assert set(providers) == {"microsoft", "openid_connect"}
        assert providers["microsoft"]["APPS"][0]["settings"] == {"tenant": "district-tenant-id"}
        assert providers["microsoft"]["VERIFIED_EMAIL"] is True
        assert providers["openid_connect"]["APPS"][0]["name"] == "ClassLink"
        assert fresh.IEP_SSO_ALLOWED_DOMAINS == ["district.test", "staff.district.test"]
    finally:
        monkeypatch.undo()
        importlib.reload(portal_settings)
