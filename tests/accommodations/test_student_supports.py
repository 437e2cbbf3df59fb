"""The case manager's supports page: rates, acknowledgements, flags, managing supports."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from accommodations.models import ImplementationCheck, Support, SupportReview
from tests.accommodations.factories import SupportFactory, SupportReviewFactory


def page_url(iep) -> str:  # noqa: ANN001
    return reverse("accommodations:student", args=[iep.student_id])


def test_the_case_manager_sees_rates_unacknowledged_teachers_and_flags(
    login, iep, support, section, gen_ed_teacher, case_manager  # noqa: ANN001
) -> None:
    for day in (16, 17):
        ImplementationCheck.objects.create(support=support, student=iep.student, section=section,
                                           date=dt.date(2026, 11, day), teacher=gen_ed_teacher,
                                           outcome="provided")
    SupportReviewFactory(support=support, reviewer=gen_ed_teacher, comment="Still runs out of time")
    period = {"start": "2026-11-16", "end": "2026-11-18"}
    page = login(case_manager).get(page_url(iep), period).content.decode()
    # Mon and Tue provided; today (Wednesday) is still in progress, so no figure counts it.
    assert "of 2 expected check-offs, <strong>2 provided</strong>, <strong>0 not provided</strong>, " \
        "<strong>0 not checked</strong>" in page
    assert "through yesterday" in page
    assert "Not acknowledged" in page and str(gen_ed_teacher) in page
    assert "Still runs out of time" in page and "Not working" in page


def test_a_gen_ed_teacher_is_sent_to_the_glance_page_instead(login, iep, support, gen_ed_teacher) -> None:  # noqa: ANN001
    assert login(gen_ed_teacher).get(page_url(iep)).status_code == 403


def test_the_case_manager_adds_edits_and_ends_a_support_with_history(login, iep, case_manager) -> None:  # noqa: ANN001
    client = login(case_manager)
    response = client.post(reverse("accommodations:support_add", args=[iep.student_id]), {
        "kind": "strategy", "category": "", "text": "Self-check card", "how_to": "Tape it to the desk.",
        "scope": "all", "frequency": "every_class", "start_date": "2026-11-18",
    })
    assert response.status_code == 302
    support = Support.objects.get()
    client.post(reverse("accommodations:support_edit", args=[support.pk]), {
        "kind": "strategy", "category": "", "text": "Self-check card (3 steps)", "how_to": "Tape it.",
        "scope": "all", "frequency": "as_needed", "start_date": "2026-11-18",
    })
    client.post(reverse("accommodations:support_end", args=[support.pk]), {"end_date": "2026-11-20"})
    support.refresh_from_db()
    assert (support.text, support.frequency, support.end_date) == (
        "Self-check card (3 steps)", "as_needed", dt.date(2026, 11, 20))
    page = client.get(page_url(iep)).content.decode()
    assert "Added" in page and "Changed" in page and "Ended" in page
    assert "Every class meeting → As needed" in page or "every_class → as_needed" in page
    assert str(case_manager) in page


def test_an_accommodation_needs_a_category(login, iep, case_manager) -> None:  # noqa: ANN001
    response = login(case_manager).post(reverse("accommodations:support_add", args=[iep.student_id]), {
        "kind": "accommodation", "category": "", "text": "Large print", "scope": "all",
        "frequency": "every_class", "start_date": "2026-11-18",
    })
    assert response.status_code == 400
    assert "Choose a category." in response.content.decode()
    assert not Support.objects.exists()


def test_a_teacher_flags_a_support_and_the_case_manager_addresses_it(
    login, iep, support, gen_ed_teacher, case_manager  # noqa: ANN001
) -> None:
    login(gen_ed_teacher).post(reverse("accommodations:review_add", args=[support.pk]),
                               {"used": "rarely", "prompting": "full", "adjustment": "change",
                                "comment": "He will not use it"})
    review = SupportReview.objects.flagged().get()
    home = login(case_manager).get(reverse("home")).content.decode()
    assert "Supports flagged in reviews" in home and "He will not use it" not in home
    assert "flagged (change proposed) by" in home
    login(case_manager).post(reverse("accommodations:review_resolve", args=[review.pk]))
    assert not SupportReview.objects.flagged().exists()


def test_the_student_panel_shows_a_teacher_only_what_applies_to_them(
    login, iep, support, gen_ed_teacher  # noqa: ANN001
) -> None:
    SupportFactory(iep=iep, text="Lab partner", scope="subjects", subjects=["Science"])
    page = login(gen_ed_teacher).get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert "Supports in your class" in page and support.text in page and "Lab partner" not in page


def test_the_student_panel_shows_the_team_every_support(login, iep, support, provider) -> None:  # noqa: ANN001
    SupportFactory(iep=iep, text="Lab partner", scope="subjects", subjects=["Science"])
    page = login(provider).get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert support.text in page and "Lab partner" in page
