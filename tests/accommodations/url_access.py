from __future__ import annotations

import uuid
from types import SimpleNamespace

from django.urls import reverse

from tests.accommodations.factories import SupportFactory, SupportReviewFactory
from tests.url_access import SEES_STUDENT, STAFF, Rule

MANAGERS = frozenset({"case_manager", "district_admin"})
FULL_VIEW = frozenset({"case_manager", "provider", "observer", "school_admin", "district_admin"})


def with_support(w: SimpleNamespace) -> None:
    w.support = SupportFactory(iep=w.iep, text="Read test questions aloud")


def with_review(w: SimpleNamespace) -> None:
    with_support(w)
    w.review = SupportReviewFactory(support=w.support, reviewer=w.gen_ed_teacher)


URL_ACCESS = {
    "accommodations:my_classes": Rule(
        url=lambda w: reverse("accommodations:my_classes"), ok=STAFF, setup=with_support,
    ),
    # Each person's own list (empty for someone with nothing to acknowledge).
    "accommodations:acknowledgements": Rule(
        url=lambda w: reverse("accommodations:acknowledgements"), ok=STAFF, setup=with_support,
    ),
    # A class belongs to its teacher: everyone else gets 404, as for a class that does not exist.
    "accommodations:section_check": Rule(
        url=lambda w: reverse("accommodations:section_check", args=[w.section.pk]),
        method="post", setup=with_support,
        data=lambda w: {"date": "2026-11-18", "provided": w.support.pk},
        ok=frozenset({"gen_ed_teacher"}),
    ),
    "accommodations:student": Rule(
        url=lambda w: reverse("accommodations:student", args=[w.student.pk]),
        setup=with_support, ok=FULL_VIEW, forbidden=frozenset({"gen_ed_teacher"}),
    ),
    "accommodations:glance": Rule(
        url=lambda w: reverse("accommodations:glance", args=[w.student.pk]),
        setup=with_support, ok=SEES_STUDENT,
    ),
    "accommodations:acknowledge": Rule(
        url=lambda w: reverse("accommodations:acknowledge", args=[w.student.pk]),
        method="post", setup=with_support,
        ok=frozenset({"gen_ed_teacher", "provider"}),
        forbidden=frozenset({"case_manager", "observer", "school_admin", "district_admin"}),
    ),
    # A keyed form (iep_portal/submissions.py): opened with its key, as after the first redirect.
    "accommodations:support_add": Rule(
        url=lambda w: reverse("accommodations:support_add", args=[w.student.pk]),
        data=lambda w: {"k": str(uuid.uuid4())},
        ok=MANAGERS, forbidden=frozenset({"gen_ed_teacher", "provider", "observer", "school_admin"}),
    ),
    "accommodations:support_edit": Rule(
        url=lambda w: reverse("accommodations:support_edit", args=[w.support.pk]),
        setup=with_support,
        ok=MANAGERS, forbidden=frozenset({"gen_ed_teacher", "provider", "observer", "school_admin"}),
    ),
    "accommodations:support_end": Rule(
        url=lambda w: reverse("accommodations:support_end", args=[w.support.pk]),
        method="post", setup=with_support, data=lambda w: {"end_date": "2026-11-30"},
        ok=MANAGERS, forbidden=frozenset({"gen_ed_teacher", "provider", "observer", "school_admin"}),
    ),
    "accommodations:review_add": Rule(
        url=lambda w: reverse("accommodations:review_add", args=[w.support.pk]),
        method="post", setup=with_support, data=lambda w: {"used": "mostly", "prompting": "gestural", "adjustment": "keep"},
        ok=frozenset({"case_manager", "gen_ed_teacher", "provider"}),
        forbidden=frozenset({"observer", "school_admin", "district_admin"}),
    ),
    "accommodations:review_resolve": Rule(
        url=lambda w: reverse("accommodations:review_resolve", args=[w.review.pk]),
        method="post", setup=with_review,
        ok=MANAGERS, forbidden=frozenset({"gen_ed_teacher", "provider", "observer", "school_admin"}),
    ),
}
