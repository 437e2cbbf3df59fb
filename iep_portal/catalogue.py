"""Reading a gettext catalogue (.po) for the check that every family-facing message is
translated (tests/iep_portal/test_catalogue.py and `manage.py check_catalogue`)."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgstr: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)  # source files, without line numbers
    fuzzy: bool = False
    obsolete: bool = False

    @property
    def translated(self) -> bool:
        return not self.fuzzy and bool(self.msgstr) and all(s.strip() for s in self.msgstr)


def _string(line: str) -> str:
    return str(ast.literal_eval(line))


def read_po(path: Path) -> list[Entry]:
    """The catalogue's entries, the header left out."""
    entries: list[Entry] = []
    entry, target = Entry(), None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry.msgid or entry.msgstr:
                if entry.msgid:
                    entries.append(entry)
                entry, target = Entry(), None
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if line.startswith("#:"):
            entry.references += [ref.rsplit(":", 1)[0] for ref in line[2:].split()]
        elif line.startswith("#,"):
            entry.fuzzy = entry.fuzzy or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            entry.msgid_plural, target = _string(line[13:]), "plural"
        elif line.startswith("msgid "):
            entry.msgid, target = _string(line[6:]), "id"
        elif line.startswith("msgstr["):
            entry.msgstr.append(_string(line.split("]", 1)[1]))
            target = "str"
        elif line.startswith("msgstr "):
            entry.msgstr.append(_string(line[7:]))
            target = "str"
        elif line.startswith('"'):
            text = _string(line)
            if target == "id":
                entry.msgid += text
            elif target == "plural":
                entry.msgid_plural += text
            elif target == "str":
                entry.msgstr[-1] += text
    return [e for e in entries if not e.obsolete]


def untranslated_family_messages(path: Path, sources: tuple[str, ...]) -> list[Entry]:
    """The catalogue's entries used by a family-facing source that have no (non-fuzzy)
    translation."""
    wanted = set(sources)
    return [e for e in read_po(path) if wanted & set(e.references) and not e.translated]
