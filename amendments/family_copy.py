"""The team's words on the family copy of a prior written notice, in the copy's language.

The team writes the notice in one language (`PriorWrittenNotice.language`, the family's when
it was written). `untranslated` is THE answer to "what in this notice is untranslated for
language L": printed in another language, the team's words are marked as not translated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iep_portal.translations import StaffText, missing

if TYPE_CHECKING:
    from amendments.models import PriorWrittenNotice

PARTS = (
    ("action", "What the school proposes or refuses"),
    ("reasons", "Why"),
    ("options_considered", "Other options considered"),
    ("data_used", "Evaluations, records and data used"),
    ("other_factors", "Other factors"),
)


def notice_words(notice: PriorWrittenNotice, language: str) -> dict[str, StaffText]:
    """Each of the team's texts as the copy in `language` prints it. No queries."""
    return {
        name: StaffText(label, getattr(notice, name),
                        getattr(notice, name) if language == notice.language else None, notice.language)
        for name, label in PARTS
    }


def untranslated(notice: PriorWrittenNotice, language: str) -> list[StaffText]:
    return missing(notice_words(notice, language).values())
