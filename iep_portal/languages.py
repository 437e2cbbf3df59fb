"""The languages families read: the one list every language choice follows.

`LANGUAGES` here is what `settings.LANGUAGES` is, and every field, form and page that asks
for a family's language takes its choices from `family_languages` (a callable, so a model's
migration names the function, not the list: adding a language is adding a catalogue and a
line here, with no migration). A language is complete when its catalogue,
`locale/<code>/LC_MESSAGES/django.po`, translates every family-facing message
(tests/iep_portal/test_catalogue.py checks it).
"""

from __future__ import annotations

# Code and the language's name in itself, as the family reads it in a language switch.
LANGUAGES: list[tuple[str, str]] = [
    ("en", "English"),
    ("es", "Español"),
]

DEFAULT = "en"

# The source files whose messages a family reads: the family copies and what they call. Their
# messages must all be translated in every catalogue.
FAMILY_SOURCES: tuple[str, ...] = (
    "templates/progress/family_report.html",
    "templates/progress/_graph.html",
    "templates/amendments/notice_print.html",
    "templates/meetings/notice_print.html",
    "templates/_untranslated.html",
    "progress/graph.py",
    "progress/decisions.py",
    "progress/trend.py",
    "progress/models.py",
    "amendments/describe.py",
    "meetings/notice_text.py",
)


def family_languages() -> list[tuple[str, str]]:
    """The choices of every family-language field and form."""
    return list(LANGUAGES)


def codes() -> list[str]:
    return [code for code, _name in LANGUAGES]


def name_of(code: str) -> str:
    return dict(LANGUAGES).get(code, code)


def chosen(asked: str | None, default: str) -> str:
    """The language a family copy is rendered in: the one asked for (a query parameter, the
    family portal's guardian) when the product has it, else `default` (the student's family
    language), else English."""
    if asked is not None and asked in codes():
        return asked
    return default if default in codes() else DEFAULT
