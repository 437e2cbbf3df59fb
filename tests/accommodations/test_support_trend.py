"""The trend of use and independence across reviews and reviewers, and disagreement.

Scores: use rarely 0, sometimes 1, mostly 2, always 3; independence full help 0, partial 1,
gesture 2, independent 3. A movement is each reviewer's first-to-latest change, averaged.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accommodations.models import Support, SupportReview
from accommodations.support_trend import FALLING, RISING, support_trends
from iep_portal.models import User
from tests import factories as f
from tests.accommodations.factories import SupportFactory, SupportReviewFactory

TZ = ZoneInfo("America/Chicago")


def at(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 15, 0, tzinfo=TZ)


@pytest.fixture
def english_teacher(school) -> User:  # noqa: ANN001
    return f.UserFactory(role=User.Role.GEN_ED_TEACHER, schools=[school], first_name="Marcus")


def review(support: Support, who: User, when: dt.datetime, used: str, prompting: str,
           adjustment: str) -> SupportReview:
    return SupportReviewFactory(support=support, reviewer=who, created_at=when, rating="", used=used,
                                prompting=prompting, adjustment=adjustment)


@pytest.fixture
def fading(support: Support, gen_ed_teacher: User, english_teacher: User) -> Support:
    # Gina: sometimes/full -> mostly/partial -> always/gesture, proposing to fade at the end.
    review(support, gen_ed_teacher, at(10, 1), "sometimes", "full", "keep")
    review(support, gen_ed_teacher, at(10, 20), "mostly", "partial", "keep")
    review(support, gen_ed_teacher, at(11, 10), "always", "gestural", "fade")
    # Marcus: mostly/partial -> mostly/independent, fade.
    review(support, english_teacher, at(10, 5), "mostly", "partial", "keep")
    review(support, english_teacher, at(11, 12), "mostly", "independent", "fade")
    return support


@pytest.fixture
def split(iep, gen_ed_teacher: User, english_teacher: User) -> Support:  # noqa: ANN001
    support = SupportFactory(iep=iep, text="Copy of class notes")
    review(support, gen_ed_teacher, at(11, 1), "always", "independent", "fade")
    review(support, english_teacher, at(11, 3), "rarely", "full", "change")
    return support


def test_the_trend_across_two_teachers_is_computed_by_hand(fading: Support) -> None:
    [trend] = support_trends(SupportReview.objects.select_related("reviewer")).values()
    # Use: Gina 1 -> 3 (+2), Marcus 2 -> 2 (0): mean +1, rising.
    assert (trend.use.direction, trend.use.steps) == (RISING, 1.0)
    # Independence: Gina 0 -> 2 (+2), Marcus 1 -> 3 (+2): mean +2, rising.
    assert (trend.independence.direction, trend.independence.steps) == (RISING, 2.0)
    # Latest: always (3) vs mostly (2), gesture (2) vs independent (3): one step apart; both fade.
    assert not trend.disagree and trend.ready_to_fade
    assert [(line.name, len(line.reviews)) for line in trend.lines] == [
        (str(fading.reviews.get(created_at=at(10, 1)).reviewer), 3),
        (str(fading.reviews.get(created_at=at(10, 5)).reviewer), 2),
    ]


def test_teachers_two_steps_apart_or_pulling_opposite_ways_disagree(split: Support) -> None:
    trend = support_trends(SupportReview.objects.select_related("reviewer"))[split.pk]
    # Use 3 vs 0, independence 3 vs 0, fade vs change: three disagreements; one review each.
    assert len(trend.disagreements) == 3
    assert "On use:" in trend.disagreements[0] and "“Always”" in trend.disagreements[0]
    assert "“Fade it (less help)”" in trend.disagreements[2]
    assert trend.use.direction == "" and not trend.ready_to_fade


def test_a_student_needing_more_help_is_falling_and_old_ratings_are_left_out(
    support: Support, gen_ed_teacher: User,
) -> None:
    review(support, gen_ed_teacher, at(10, 1), "mostly", "gestural", "keep")
    review(support, gen_ed_teacher, at(11, 1), "sometimes", "full", "change")
    old = SupportReviewFactory(support=SupportFactory(iep=support.iep, text="Seat near the door"))
    trends = support_trends(SupportReview.objects.select_related("reviewer"))
    assert trends[support.pk].independence.direction == FALLING
    assert trends[support.pk].use.steps == -1.0
    assert old.support_id not in trends


def test_the_supports_page_shows_the_trend_and_flags_disagreement(
    login, case_manager, fading: Support, split: Support,  # noqa: ANN001
) -> None:
    page = login(case_manager).get(reverse("accommodations:student", args=[fading.iep.student_id])).content.decode()
    assert "Use: <strong>rising</strong> · Independence: <strong>rising</strong>" in page
    assert "Ready to fade" in page
    assert page.count("The reviewers disagree.") == 1


def test_the_student_page_shows_each_support_trend_to_the_team(
    login, case_manager, fading: Support, split: Support,  # noqa: ANN001
) -> None:
    page = login(case_manager).get(reverse("students:detail", args=[fading.iep.student_id])).content.decode()
    assert "Use rising · independence rising (2 reviewers)" in page
    assert "reviewers disagree" in page


def test_a_review_records_use_help_and_the_proposal(login, support: Support, gen_ed_teacher: User) -> None:  # noqa: ANN001
    client = login(gen_ed_teacher)
    response = client.post(reverse("accommodations:review_add", args=[support.pk]),
                           {"used": "mostly", "prompting": "gestural", "adjustment": "fade"}, follow=True)
    assert "Thank you for the review." in response.content.decode()
    saved = SupportReview.objects.get()
    assert (saved.used, saved.prompting, saved.adjustment, saved.reviewer) == (
        "mostly", "gestural", "fade", gen_ed_teacher)


def test_a_review_missing_an_answer_says_which_and_saves_nothing(
    login, support: Support, gen_ed_teacher: User,  # noqa: ANN001
) -> None:
    response = login(gen_ed_teacher).post(reverse("accommodations:review_add", args=[support.pk]),
                                          {"used": "mostly", "adjustment": "fade"}, follow=True)
    assert "Say how much help the student needed." in response.content.decode()
    assert not SupportReview.objects.exists()


@pytest.mark.django_db
def test_a_review_answers_the_old_question_or_all_three_new_ones(support: Support, case_manager) -> None:  # noqa: ANN001
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="how much help"):
        SupportReview(support=support, reviewer=case_manager, used="mostly", adjustment="keep").full_clean()
    SupportReview(support=support, reviewer=case_manager, rating="working").full_clean()  # an old row
