"""One CSV writer for every export: no cell is ever read by a spreadsheet as a formula.

A note, a summary or a name is typed by staff or carried in by an import; written as it is,
`=HYPERLINK(...)` or `@SUM(...)` runs when an administrator opens the file (OWASP's "CSV
injection"). Every export writes through `writer()` (to a file) or `csv_line()` (one line of
a streaming response), which follow OWASP's rule: a text cell that begins with `=`, `+`, `-`
or `@` (or their full-width forms, which some spreadsheets read the same), also after leading
whitespace, or that begins with a tab or a carriage return, is written with a single quote
before it, so the spreadsheet shows it as text.

Numbers are numbers: an int, a float or a Decimal (a minute balance of -30) is written as it
is, so a spreadsheet still sums it; only text is quoted, even text that looks like a number
("-1" typed in a note becomes "'-1"). A cell that already begins with quotes before such a
character gets one more, so `unquote()` gives back exactly what was exported: the IEP-data
import reads its own export through it.

`defusedcsv` (the package) was not used: it leaves tab and carriage return as they are,
ignores leading whitespace and full-width forms, and rewrites `|` inside the cell, which
the IEP-data import could not undo.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

# = + - @ and their full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20).
FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
CONTROL_STARTS = ("\t", "\r")


def _starts_formula(text: str) -> bool:
    return text.startswith(CONTROL_STARTS) or text.lstrip()[:1] in FORMULA_STARTS


def needs_quote(text: str) -> bool:
    """Whether a text cell is written with a quote before it (quotes already before a
    formula character count, so that quoting can always be undone)."""
    return _starts_formula(text.lstrip("'"))


def safe_cell(value: object) -> object:
    """The value as the CSV writes it: numbers and empty cells as they are, text quoted
    when a spreadsheet would read it as a formula."""
    if value is None or isinstance(value, int | float | Decimal):
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if needs_quote(text) else text


def unquote(cell: str) -> str:
    """What was exported, from a cell as `safe_cell` wrote it (for an import that reads
    its own export back). A cell the export did not quote is returned as it is."""
    return cell[1:] if cell.startswith("'") and needs_quote(cell[1:]) else cell


class SafeWriter:
    """csv.writer, with every cell through `safe_cell`."""

    def __init__(self, out: SupportsWrite[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: SupportsWrite[str], **options: Any) -> SafeWriter:
    """A CSV writer for a file (a StringIO, an HttpResponse): `csv.writer`'s options."""
    return SafeWriter(out, **options)


class _Echo:
    def write(self, value: str) -> str:
        return value


_LINES = SafeWriter(_Echo())


def csv_line(row: Iterable[object]) -> str:
    """One line of CSV text (with its line ending), for a StreamingHttpResponse."""
    line: str = _LINES.writerow(row)
    return line
