"""The team's own words on a family copy, in the family's language or marked as not.

Each family document (a progress report, a meeting notice, a prior written notice) lists its
staff texts as `StaffText`s: what the part is, the English the team wrote, and the translation
staff entered for the copy's language, if any and if it was made from the English as it now
reads. The document's app answers "what in this document is untranslated for language L"
with one function (progress.family_copy.untranslated, meetings.family_copy.untranslated,
amendments.family_copy.untranslated) built on `missing` below; the family copy, the send step
and My day call it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from iep_portal.languages import DEFAULT


@dataclass(frozen=True)
class StaffText:
    part: str  # what this text is, for the team's list of what is missing ("Goal 1: the goal")
    english: str  # as the team wrote it
    translated: str | None  # the translation for the copy's language; None: not (or no longer) translated
    source: str = "en"  # the language the team wrote it in

    @property
    def missing(self) -> bool:
        return bool(self.english.strip()) and self.translated is None

    @property
    def text(self) -> str:
        """What the family copy prints: the translation, else the English (marked as such)."""
        return self.english if self.translated is None else self.translated


def staff_text(part: str, english: str, language: str, translation: str | None,
               translated_from: str | None) -> StaffText:
    """A staff text as a copy in `language` prints it: English needs no translation; a
    translation counts only while the English it was made from is the English now."""
    if language == DEFAULT or not english.strip():
        return StaffText(part, english, english)
    if translation is None or not translation.strip() or translated_from != english:
        return StaffText(part, english, None)
    return StaffText(part, english, translation)


def missing(texts: Iterable[StaffText]) -> list[StaffText]:
    """The texts a copy prints in English because no current translation exists."""
    return [t for t in texts if t.missing]
