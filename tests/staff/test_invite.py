from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from iep_portal.models import User


def test_a_district_admin_invites_staff_who_then_set_a_password(
    login,
    district_admin: User,
    school,
    django_capture_on_commit_callbacks,  # noqa: ANN001
) -> None:
    client = login(district_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff:invite"),
            {
                "email": "New.Teacher@District.test",
                "first_name": "Nia",
                "last_name": "Brooks",
                "role": User.Role.GEN_ED_TEACHER,
                "schools": [school.pk],
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.teacher@district.test")
    assert not user.has_usable_password()
    assert list(user.schools.all()) == [school]
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    invited = Client()
    path = link.group(0).split("testserver", 1)[1]
    form_page = invited.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    done = invited.post(
        set_url, {"password1": "a brand new passphrase", "password2": "a brand new passphrase"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a brand new passphrase")


def test_inviting_an_existing_email_explains_the_problem(
    login, district_admin: User, case_manager: User
) -> None:  # noqa: ANN001
    response = login(district_admin).post(
        reverse("staff:invite"),
        {
            "email": case_manager.email.upper(),
            "first_name": "X",
            "last_name": "Y",
            "role": User.Role.GEN_ED_TEACHER,
        },
    )
    assert response.status_code == 200
    assert "Someone already has an account with this email address." in response.content.decode()
    assert User.objects.filter(email__iexact=case_manager.email).count() == 1


def test_inviting_twice_from_one_form_sends_one_invitation(
    login,
    district_admin: User,
    school,
    django_capture_on_commit_callbacks,  # noqa: ANN001
) -> None:
    client = login(district_admin)
    page = client.get(reverse("staff:invite"))
    assert page.status_code == 302 and "?k=" in page["Location"]
    data = {
        "email": "nia.brooks@district.test",
        "first_name": "Nia",
        "last_name": "Brooks",
        "role": User.Role.GEN_ED_TEACHER,
        "schools": [school.pk],
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page["Location"], data).status_code == 302
        again = client.post(page["Location"], data)
    body = again.content.decode()
    invited = User.objects.get(email="nia.brooks@district.test")
    assert "Already saved" in body and "nia.brooks@district.test" in body
    assert reverse("admin:iep_portal_user_change", args=[invited.pk]) in body
    assert len(mail.outbox) == 1
