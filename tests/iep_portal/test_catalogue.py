"""Every language the product offers has a catalogue that translates every family-facing
message, and the compiled catalogue is the one its source gives."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from iep_portal.catalogue import read_po, untranslated_family_messages
from iep_portal.languages import DEFAULT, FAMILY_SOURCES, LANGUAGES, family_languages

LOCALE = Path(settings.BASE_DIR) / "locale"
OTHERS = [code for code, _name in LANGUAGES if code != DEFAULT]


def test_the_languages_follow_from_one_list() -> None:
    assert settings.LANGUAGES == family_languages() == LANGUAGES
    from students.models import Student

    assert Student._meta.get_field("family_language").choices == LANGUAGES


def test_every_family_source_is_in_the_catalogues() -> None:
    for code in OTHERS:
        referenced = {ref for e in read_po(LOCALE / code / "LC_MESSAGES" / "django.po") for ref in e.references}
        # The meeting notice's fixed text is its own table (meetings.notice_text), checked below.
        assert set(FAMILY_SOURCES) - {"meetings/notice_text.py", "templates/meetings/notice_print.html"} \
            <= referenced, code


def test_the_meeting_notice_has_every_sentence_in_every_language() -> None:
    from meetings import notice_text

    for code in OTHERS:
        assert set(notice_text.TEXT[code]) == set(notice_text.TEXT[DEFAULT]), code
        assert all(text.strip() for text in notice_text.TEXT[code].values())


@pytest.mark.parametrize("code", OTHERS)
def test_every_family_facing_message_is_translated(code: str) -> None:
    missing = untranslated_family_messages(LOCALE / code / "LC_MESSAGES" / "django.po", FAMILY_SOURCES)
    assert [e.msgid for e in missing] == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("code", OTHERS)
def test_the_compiled_catalogue_is_current(code: str, tmp_path: Path) -> None:
    po = LOCALE / code / "LC_MESSAGES" / "django.po"
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(po)], check=True)  # noqa: S603, S607
    with compiled.open("rb") as fresh, (po.with_suffix(".mo")).open("rb") as kept:
        assert gettext.GNUTranslations(fresh)._catalog == gettext.GNUTranslations(kept)._catalog  # type: ignore[attr-defined]
