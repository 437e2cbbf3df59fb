"""How a support is going, across reviews and reviewers: pure, on rows already fetched.

`support_trends` is the one answer to "is the student using this support more, needing
less help with it, and do the adults who review it agree?": the supports page and the
student page read it.

Each reviewer's reviews of a support form their own line, oldest first. Use (rarely 0 …
always 3) and independence (full help 0 … independent 3) move by the change from each
reviewer's first review to their latest, averaged over the reviewers with two or more
reviews: above zero is rising, below falling, zero steady; no such reviewer, not yet known.
Reviewers disagree when their latest reviews are two or more steps apart on use or on
independence, or when one proposes less (fade, drop) and another more or different (change,
add). Reviews that carry only the old "is this working?" rating are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from accommodations.models import SupportReview

USE_SCORE = {"rarely": 0, "sometimes": 1, "mostly": 2, "always": 3}
INDEPENDENCE_SCORE = {"full": 0, "partial": 1, "gestural": 2, "independent": 3}
LESS = {"fade", "drop"}
MORE = {"change", "add"}
APART = 2  # steps between two reviewers' latest answers that count as disagreeing

RISING, STEADY, FALLING = "rising", "steady", "falling"
DIRECTION_TEXT = {
    RISING: gettext_lazy("rising"),
    STEADY: gettext_lazy("steady"),
    FALLING: gettext_lazy("falling"),
    "": gettext_lazy("not known yet (one review each)"),
}


@dataclass(frozen=True)
class ReviewerLine:
    reviewer_id: int
    name: str
    reviews: list[SupportReview]  # oldest first

    @property
    def latest(self) -> SupportReview:
        return self.reviews[-1]


@dataclass(frozen=True)
class Movement:
    direction: str  # RISING, STEADY, FALLING, or "" when no reviewer has reviewed twice
    steps: float | None  # the mean change in steps, first review to latest

    @property
    def text(self) -> str:
        return str(DIRECTION_TEXT[self.direction])


@dataclass(frozen=True)
class SupportTrend:
    support_id: int
    lines: list[ReviewerLine]
    use: Movement
    independence: Movement
    disagreements: list[str] = field(default_factory=list)  # in words, empty when they agree

    @property
    def disagree(self) -> bool:
        return bool(self.disagreements)

    @property
    def proposed(self) -> list[tuple[str, str]]:
        """(reviewer, latest proposed adjustment) for each reviewer."""
        return [(line.name, str(line.latest.get_adjustment_display())) for line in self.lines]

    @property
    def ready_to_fade(self) -> bool:
        """Every reviewer's latest review says independent or a gesture and proposes fading."""
        return bool(self.lines) and not self.disagree and all(
            line.latest.adjustment == "fade" and INDEPENDENCE_SCORE[line.latest.prompting] >= 2
            for line in self.lines
        )


def _movement(lines: list[ReviewerLine], attr: str, score: dict[str, int]) -> Movement:
    changes = [
        score[getattr(line.latest, attr)] - score[getattr(line.reviews[0], attr)]
        for line in lines if len(line.reviews) >= 2
    ]
    if not changes:
        return Movement("", None)
    mean = sum(changes) / len(changes)
    return Movement(RISING if mean > 0 else FALLING if mean < 0 else STEADY, round(mean, 2))


def _disagreements(lines: list[ReviewerLine]) -> list[str]:
    if len(lines) < 2:
        return []
    found = []
    questions = (("used", USE_SCORE, _("use")), ("prompting", INDEPENDENCE_SCORE, _("help needed")))
    for attr, score, what in questions:
        ranked = sorted(lines, key=lambda line: score[getattr(line.latest, attr)])
        low, high = ranked[0], ranked[-1]
        if score[getattr(high.latest, attr)] - score[getattr(low.latest, attr)] >= APART:
            found.append(_("On %(what)s: %(high)s says “%(hv)s”, %(low)s says “%(lv)s”.") % {
                "what": what,
                "high": high.name, "hv": getattr(high.latest, f"get_{attr}_display")(),
                "low": low.name, "lv": getattr(low.latest, f"get_{attr}_display")(),
            })
    less = [line for line in lines if line.latest.adjustment in LESS]
    more = [line for line in lines if line.latest.adjustment in MORE]
    if less and more:
        found.append(_("On what to do: %(a)s proposes “%(av)s”, %(b)s proposes “%(bv)s”.") % {
            "a": less[0].name, "av": less[0].latest.get_adjustment_display(),
            "b": more[0].name, "bv": more[0].latest.get_adjustment_display(),
        })
    return found


def support_trends(reviews: Iterable[SupportReview]) -> dict[int, SupportTrend]:
    """The trend of each reviewed support, by support id (`reviews` with `reviewer` selected,
    any order). Supports with no review that answers the new questions are absent."""
    by_support: dict[int, dict[int, list[SupportReview]]] = defaultdict(lambda: defaultdict(list))
    for review in reviews:
        if review.used and review.prompting and review.adjustment:
            by_support[review.support_id][review.reviewer_id].append(review)
    result = {}
    for support_id, by_reviewer in by_support.items():
        lines = sorted(
            (
                ReviewerLine(reviewer_id, str(rows[0].reviewer),
                             sorted(rows, key=lambda r: (r.created_at, r.pk or 0)))
                for reviewer_id, rows in by_reviewer.items()
            ),
            key=lambda line: (line.reviews[0].created_at, line.reviewer_id),
        )
        result[support_id] = SupportTrend(
            support_id, lines,
            use=_movement(lines, "used", USE_SCORE),
            independence=_movement(lines, "prompting", INDEPENDENCE_SCORE),
            disagreements=_disagreements(lines),
        )
    return result

