"""Deleting a testing window: asked first, only before it begins, by whoever may change it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from assessments import actions
from assessments.models import AssessmentSession, AssessmentWindow
from iep_portal.models import User
from tests.conftest import FROZEN_TODAY

pytestmark = pytest.mark.django_db
NEXT_WEEK = FROZEN_TODAY + dt.timedelta(days=7)


def window(school, by: User, first: dt.date = NEXT_WEEK) -> AssessmentWindow:  # noqa: ANN001
    return actions.window_create(by=by, name="State math test", kind="state", scope="school",
                                 school=school, first_day=first, last_day=first,
                                 sessions=[actions.SessionSpec(day=first)])


def test_it_asks_before_deleting_and_deletes_with_its_sessions(
    login, school, test_coordinator: User  # noqa: ANN001
) -> None:
    w = window(school, test_coordinator)
    client = login(test_coordinator)
    url = reverse("assessments:window_delete", args=[w.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "Delete this window" in page.content.decode()
    assert AssessmentWindow.objects.filter(pk=w.pk).exists()  # asking deletes nothing

    response = client.post(url)

    assert response.status_code == 302 and response["Location"] == reverse("assessments:index")
    assert not AssessmentWindow.objects.filter(pk=w.pk).exists()
    assert not AssessmentSession.objects.filter(window_id=w.pk).exists()
    event = AssessmentWindow.pgh_event_model.objects.get(pgh_obj_id=w.pk, pgh_label="delete")
    assert event.pgh_context.metadata["user"] == test_coordinator.pk


def test_a_window_that_has_begun_is_kept_and_the_page_says_why(
    login, school, school_admin: User  # noqa: ANN001
) -> None:
    w = window(school, school_admin, first=FROZEN_TODAY)
    client = login(school_admin)
    url = reverse("assessments:window_delete", args=[w.pk])

    assert "change its last day" in client.get(url).content.decode()
    response = client.post(url, follow=True)

    assert AssessmentWindow.objects.filter(pk=w.pk).exists()
    assert "so it is kept" in response.content.decode()


def test_a_teacher_who_sees_a_school_window_may_not_delete_it(
    login, school, school_admin: User, gen_ed_teacher: User, section  # noqa: ANN001
) -> None:
    w = window(school, school_admin)

    assert login(gen_ed_teacher).post(reverse("assessments:window_delete", args=[w.pk])).status_code == 403
    assert AssessmentWindow.objects.filter(pk=w.pk).exists()


def test_an_outsider_gets_not_found(login, school, school_admin: User, outsider: User) -> None:  # noqa: ANN001
    w = window(school, school_admin)

    assert login(outsider).post(reverse("assessments:window_delete", args=[w.pk])).status_code == 404
    assert AssessmentWindow.objects.filter(pk=w.pk).exists()
