"""The team's words on the family copy of a progress report, in the copy's language.

`untranslated` is THE answer to "what in this progress report is untranslated for language
L": the family copy marks those parts, the send step lists them and asks for an
acknowledgement, the reports page and My day count them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from iep_portal.translations import StaffText, missing, staff_text

if TYPE_CHECKING:
    from progress.models import ProgressReport


@dataclass(frozen=True)
class GoalWords:
    """A goal's staff texts and its report's narrative, as the copy in one language prints them."""

    area: StaffText
    annual_goal: StaffText
    unit: StaffText
    narrative: StaffText

    @property
    def texts(self) -> list[StaffText]:
        return [self.area, self.annual_goal, self.unit, self.narrative]


def report_words(reports: Sequence[ProgressReport], language: str) -> dict[int, GoalWords]:
    """Each report's staff texts in `language`, by report pk (reports come with `goal`
    selected, in the copy's order). Queries: 2 (goal translations, narrative translations),
    however many reports; none for English."""
    from progress.models import GoalTranslation, NarrativeTranslation

    goal_rows: dict[tuple[int, str], tuple[str | None, str | None]] = {}
    narratives: dict[int, tuple[str | None, str | None]] = {}
    if reports and language != "en":
        for goal_pk, name, said, source in GoalTranslation.objects.filter(
            goal__in={r.goal_id for r in reports}, language=language
        ).values_list("goal_id", "part", "text", "translated_from"):
            goal_rows[(goal_pk, name)] = (said, source)
        for report_pk, said, source in NarrativeTranslation.objects.filter(
            report__in=[r.pk for r in reports], language=language
        ).values_list("report_id", "text", "translated_from"):
            narratives[report_pk] = (said, source)
    def part(goal_pk: int, name: str, label: str, english: str) -> StaffText:
        text, source = goal_rows.get((goal_pk, name), (None, None))
        return staff_text(label, english, language, text, source)

    words = {}
    for n, report in enumerate(reports, start=1):
        goal = report.goal
        label = f"Goal {n} ({goal.area})"
        told, told_from = narratives.get(report.pk, (None, None))
        words[report.pk] = GoalWords(
            area=part(goal.pk, "area", f"{label}: area", goal.area),
            annual_goal=part(goal.pk, "annual_goal", f"{label}: the annual goal", goal.annual_goal),
            unit=part(goal.pk, "unit", f"{label}: unit", goal.unit),
            narrative=staff_text(f"{label}: comments", report.narrative, language, told, told_from),
        )
    return words


def untranslated(reports: Sequence[ProgressReport], language: str) -> list[StaffText]:
    """What the family copy of these reports prints in English for want of a current
    translation into `language`, in the copy's order. Queries: as `report_words`."""
    words = report_words(reports, language)
    return missing(t for r in reports for t in words[r.pk].texts)
