"""The team's words on the family notice of a meeting, in the notice's language.

The team writes a meeting's purpose in English and the product has no translation of it yet:
`untranslated` is THE answer to "what in this notice is untranslated for language L", and in
any other language the notice prints the purpose marked as not translated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iep_portal.languages import DEFAULT
from iep_portal.translations import StaffText, missing

if TYPE_CHECKING:
    from meetings.models import Meeting


def notice_words(meeting: Meeting, language: str) -> dict[str, StaffText]:
    """The team's texts as the notice in `language` prints them. No queries."""
    return {"purpose": StaffText("Purpose of the meeting", meeting.purpose,
                                 meeting.purpose if language == DEFAULT else None)}


def untranslated(meeting: Meeting, language: str) -> list[StaffText]:
    return missing(notice_words(meeting, language).values())
