"""What a session note should say, from the apps above the log.

The log form's note is the provider's own words. An app that reads notes for a purpose of
its own (billing asks for the activity, the student's response and progress toward goals)
registers a guide here, and the form shows it beside the note and starts an empty note from
its outline, so the note is written at logging time in the same form. Services never knows
which app registered it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NoteGuide:
    help_text: str  # shown under the note field
    outline: str  # an empty note starts from it ("Activity: \nResponse: \n...")


_GUIDES: list[NoteGuide] = []


def register_note_guide(guide: NoteGuide) -> None:
    if guide not in _GUIDES:
        _GUIDES.append(guide)


def note_guide() -> NoteGuide | None:
    """The guide the log form shows (the first registered), or None."""
    return _GUIDES[0] if _GUIDES else None
