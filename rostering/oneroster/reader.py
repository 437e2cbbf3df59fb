"""Open a OneRoster drop (zip or folder), read its manifest, stream its CSV files.

Nothing here touches the database. Every problem found becomes a Problem with file, line,
column and a plain message; nothing raises on bad input.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from rostering.oneroster import spec

# A single cell larger than this is not roster data.
csv.field_size_limit(1_000_000)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column,
                "message": self.message}

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class Drop:
    """The files of one drop, from a zip (flat files at its root) or a folder."""

    def __init__(self, source: str | Path | bytes) -> None:
        self._zip: zipfile.ZipFile | None = None
        self._folder: Path | None = None
        self.problem: str = ""
        if isinstance(source, bytes):
            self._open_zip(io.BytesIO(source))
            return
        path = Path(source)
        if path.is_dir():
            self._folder = path
        elif path.is_file():
            self._open_zip(path)
        else:
            self.problem = f"There is no file or folder at {path}."

    def _open_zip(self, source: Path | IO[bytes]) -> None:
        try:
            self._zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, ValueError):
            self.problem = "The upload is not a zip file (or it is damaged)."

    def names(self) -> set[str]:
        if self._zip is not None:
            return {n for n in self._zip.namelist() if "/" not in n.rstrip("/")}
        if self._folder is not None:
            return {p.name for p in self._folder.iterdir() if p.is_file()}
        return set()

    def open_binary(self, name: str) -> IO[bytes]:
        if self._zip is not None:
            return self._zip.open(name)
        assert self._folder is not None
        return (self._folder / name).open("rb")

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


@dataclass
class Manifest:
    version: str = ""
    # file name without .csv -> "bulk" | "delta" | "absent"
    files: dict[str, str] = field(default_factory=dict)

    def mode(self, name: str) -> str:
        return self.files.get(name, "absent")


def read_manifest(drop: Drop, problems: list[Problem]) -> Manifest | None:
    """The manifest, or None (with problems) when the drop cannot be imported at all."""
    if drop.problem:
        problems.append(Problem("", 0, "", drop.problem))
        return None
    if "manifest.csv" not in drop.names():
        problems.append(Problem("manifest.csv", 0, "", "The drop has no manifest.csv, so its "
                                "OneRoster version and files are unknown. Nothing was read."))
        return None
    manifest = Manifest()
    values: dict[str, str] = {}
    rows = iter_csv(drop, "manifest.csv", problems)
    header = next(rows, None)
    if header is None:
        problems.append(Problem("manifest.csv", 1, "", "manifest.csv is empty."))
        return None
    if header[1] != ["propertyName", "value"]:
        problems.append(Problem("manifest.csv", 1, "", 'The first line must be "propertyName,value".'))
        return None
    for line, cells in rows:
        if len(cells) < 2:
            problems.append(Problem("manifest.csv", line, "value", "This line has no value."))
            continue
        values[cells[0].strip()] = cells[1].strip()
    version = values.get("oneroster.version", "")
    if version not in spec.VERSIONS:
        shown = f'"{version}"' if version else "missing"
        problems.append(Problem(
            "manifest.csv", 0, "oneroster.version",
            f"OneRoster version {shown} is not one this importer reads (1.1 or 1.2).",
        ))
        return None
    manifest.version = version
    for name in spec.FILES:
        if name not in spec.HEADERS[version]:
            continue
        mode = values.get(f"file.{name}", "absent").strip().lower()
        if mode not in {"bulk", "delta", "absent"}:
            problems.append(Problem("manifest.csv", 0, f"file.{name}",
                                    f'"{mode}" must be bulk, delta or absent.'))
            mode = "absent"
        if mode != "absent" and f"{name}.csv" not in drop.names():
            problems.append(Problem(f"{name}.csv", 0, "", f"The manifest lists {name}.csv as "
                                    f"{mode}, but the drop has no such file."))
            mode = "absent"
        manifest.files[name] = mode
    return manifest


def iter_csv(drop: Drop, filename: str, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    """(line number where the record starts, cells) for each record; UTF-8, BOM or not.

    A decoding or CSV syntax error ends the file with one problem at the line it was found.
    """
    line = 0
    try:
        with drop.open_binary(filename) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            reader = csv.reader(text, strict=True)
            for cells in reader:
                start = line + 1
                line = reader.line_num
                if not cells:
                    continue
                if any("\x00" in cell for cell in cells):
                    # PostgreSQL text cannot hold NUL: such a file is not the CSV text it claims.
                    problems.append(Problem(filename, start, "", "This line contains a NUL "
                                            "character: the file is not plain text. Export it "
                                            "again as UTF-8 CSV."))
                    return
                yield start, cells
    except UnicodeDecodeError:
        problems.append(Problem(filename, line + 1, "", "The file is not UTF-8 text from this "
                                "line on; save it as UTF-8 and try again."))
    except csv.Error as exc:
        problems.append(Problem(filename, line + 1, "", f"The file is not valid CSV here ({exc})."))
    except (OSError, zipfile.BadZipFile, EOFError, RuntimeError):
        problems.append(Problem(filename, line + 1, "", "The file could not be read (the zip "
                                "may be damaged or encrypted)."))


def check_header(filename: str, header: list[str], expected: tuple[str, ...]) -> str:
    """An empty string when the header is right, else a plain message."""
    extra = header[len(expected):]
    if list(header[: len(expected)]) == list(expected) and all(
        h.startswith("metadata.") for h in extra
    ):
        return ""
    missing = [h for h in expected if h not in header]
    if missing:
        return (f"{filename} is missing the column(s) {', '.join(missing)} (names are "
                f"case-sensitive). Expected: {','.join(expected)}")
    stray = [h for h in extra if not h.startswith("metadata.")]
    if list(header[: len(expected)]) == list(expected) and stray:
        return (f"Extra column(s) {', '.join(stray)}: only metadata.* columns may follow the "
                f"standard ones.")
    return f"The columns are not in the standard order. Expected: {','.join(expected)}"
