"""The one CSV writer: formula-starting text is quoted, numbers are not, and quoting undoes."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from iep_portal.csv_export import csv_line, safe_cell, unquote, writer

PAYLOADS = [
    '=HYPERLINK("http://evil.test","Click")', "+1", "-1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1",
    " =1+1", "\u00a0@SUM(A1)", "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "-30",
    "'=1+1", "''+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_quotes_text_a_spreadsheet_would_run(payload: str) -> None:
    written = safe_cell(payload)
    assert written == "'" + payload
    assert unquote(str(written)) == payload


@pytest.mark.parametrize("value", ["Reading", "", "2026-11-16T09:00:00-06:00", "'twas", "a=b", "x-1",
                                   "O'Brien", "'"])
def test_it_leaves_other_text_alone(value: str) -> None:
    assert safe_cell(value) == value
    assert unquote(value) == value


def test_numbers_stay_numbers() -> None:
    assert [safe_cell(v) for v in (-30, 0, -1.5, Decimal("-2.50"), None)] == [
        -30, 0, -1.5, Decimal("-2.50"), None]
    assert csv_line([-30, "-30", Decimal("-2.5"), None]) == "-30,'-30,-2.5,\r\n"


def test_any_object_is_checked_by_the_text_it_writes() -> None:
    class Named:
        def __str__(self) -> str:
            return "=cmd|' /C calc'!A0"

    assert safe_cell(Named()) == "'=cmd|' /C calc'!A0"


def test_the_file_writer_and_the_line_writer_write_the_same() -> None:
    rows = [["note", "minutes"], ["=1+1", -5], ["+1, and more", 3]]
    out = io.StringIO()
    writer(out).writerows(rows)
    assert out.getvalue() == "".join(csv_line(r) for r in rows)
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["note", "minutes"], ["'=1+1", "-5"], ["'+1, and more", "3"]]
