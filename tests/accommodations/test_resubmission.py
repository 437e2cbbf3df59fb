"""A re-submitted form never saves twice: Back then Save, a retry, a second tab.

The class's check-off form carries one key per render; each button claims its own key made
from it, so the same press again shows "already saved", and another outcome for the same
support is a change (with its history), never a second row.
"""

from __future__ import annotations

import uuid

from django.urls import reverse

from accommodations.models import CheckChange, ImplementationCheck, Support, SupportReview


def _check_url(section) -> str:  # noqa: ANN001
    return reverse("accommodations:section_check", args=[section.pk])


def test_the_same_press_again_shows_already_saved_with_a_link(login, support, section, gen_ed_teacher) -> None:  # noqa: ANN001
    client = login(gen_ed_teacher)
    form = {"date": "2026-11-18", "provided": support.pk, "k": str(uuid.uuid4())}
    assert client.post(_check_url(section), form).status_code == 302
    again = client.post(_check_url(section), form)
    page = again.content.decode()
    assert again.status_code == 200 and "Already saved" in page
    assert f"/accommodations/my-classes/?section={section.pk}#student-{section.pk}-" in page
    assert ImplementationCheck.objects.count() == 1


def test_another_outcome_with_the_same_form_is_a_change_with_history(
    login, support, section, gen_ed_teacher  # noqa: ANN001
) -> None:
    client = login(gen_ed_teacher)
    key = str(uuid.uuid4())
    client.post(_check_url(section), {"date": "2026-11-18", "provided": support.pk, "k": key})
    client.post(_check_url(section), {"date": "2026-11-18", "other": support.pk, "k": key,
                                      f"outcome-{support.pk}": "declined", f"note-{support.pk}": "No"})
    check = ImplementationCheck.objects.get()
    assert check.outcome == "declined"
    assert CheckChange.objects.get().outcome == "provided"


def test_all_provided_twice_from_the_same_page_saves_once(
    login, support, section, gen_ed_teacher  # noqa: ANN001
) -> None:
    client = login(gen_ed_teacher)
    form = {"date": "2026-11-18", "section_all": "1", "k": str(uuid.uuid4())}
    client.post(_check_url(section), form)
    assert "Already saved" in client.post(_check_url(section), form).content.decode()
    assert ImplementationCheck.objects.count() == 1


def test_a_different_support_from_the_same_page_still_saves(
    login, iep, support, section, gen_ed_teacher  # noqa: ANN001
) -> None:
    other = Support.objects.create(iep=iep, kind="accommodation", category="setting", text="Seat",
                                   start_date=support.start_date)
    client = login(gen_ed_teacher)
    key = str(uuid.uuid4())
    client.post(_check_url(section), {"date": "2026-11-18", "provided": support.pk, "k": key})
    client.post(_check_url(section), {"date": "2026-11-18", "provided": other.pk, "k": key})
    assert ImplementationCheck.objects.count() == 2


def test_the_class_form_carries_a_key(login, support, section, gen_ed_teacher) -> None:  # noqa: ANN001
    page = login(gen_ed_teacher).get(reverse("accommodations:my_classes")).content.decode()
    assert 'name="k" value="' in page


def test_adding_a_support_then_back_and_save_again_keeps_one(login, iep, case_manager) -> None:  # noqa: ANN001
    client = login(case_manager)
    url = reverse("accommodations:support_add", args=[iep.student_id])
    opened = client.get(url)
    assert opened.status_code == 302 and "?k=" in opened["Location"]
    form = {"kind": "accommodation", "category": "timing", "text": "Extra time", "scope": "all",
            "frequency": "every_class", "start_date": "2026-11-18"}
    assert client.post(opened["Location"], form).status_code == 302
    again = client.post(opened["Location"], form)
    assert "Already saved" in again.content.decode()
    assert Support.objects.filter(text="Extra time").count() == 1


def test_a_review_sent_twice_is_kept_once(login, support, gen_ed_teacher) -> None:  # noqa: ANN001
    client = login(gen_ed_teacher)
    url = reverse("accommodations:review_add", args=[support.pk])
    form = {"used": "mostly", "prompting": "gestural", "adjustment": "keep", "comment": "",
            "k": str(uuid.uuid4())}
    client.post(url, form)
    again = client.post(url, form)
    assert "Already saved" in again.content.decode()
    assert reverse("accommodations:glance", args=[support.iep.student_id]) in again.content.decode()
    assert SupportReview.objects.count() == 1
