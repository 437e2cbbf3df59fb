"""Open a OneRoster drop (zip or folder), read its manifest, stream its CSV files.

Nothing here touches the database. Every problem found becomes a Problem with file, line,
column and a plain message; nothing raises on bad input, except `ArchiveTooLarge`: a drop
that unpacks past the import limits stops the whole import (the importers catch it).

The limits (`IEP_IMPORT_MAX_ENTRIES`, `IEP_IMPORT_MAX_UNPACKED_MB`, `IEP_IMPORT_MAX_RATIO`)
are checked on the zip's directory before anything is unpacked, and again on the bytes
actually read, since the sizes a zip declares can lie: a 2.5 MB zip that unpacks to 2.6 GB
is refused, never read to its end.
"""

from __future__ import annotations

import csv
import io
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

from django.conf import settings

from rostering.oneroster import formats, spec

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
        return f"{where}: {self.message}" if where else self.message


class ArchiveTooLarge(Exception):
    """Reading the drop went past an import limit: nothing of it may be imported."""


REFUSED = "Nothing was imported: the upload unpacks past the import limits."


# A file must unpack to more than this before its ratio counts: a small file of repeated
# lines packs tightly and is harmless; a bomb has to be large to do harm.
RATIO_FLOOR = 1024 * 1024
# The zip directory's entry for one file: 46 bytes and its name (and extras); more than this
# per allowed file is not a directory of CSV files.
DIRECTORY_BYTES_PER_ENTRY = 4096


@dataclass(frozen=True)
class Limits:
    """What an import reads out of one drop."""

    entries: int
    unpacked: int  # bytes, all files together
    ratio: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(entries=settings.IEP_IMPORT_MAX_ENTRIES,
                   unpacked=settings.IEP_IMPORT_MAX_UNPACKED_MB * 1024 * 1024,
                   ratio=settings.IEP_IMPORT_MAX_RATIO)

    def too_many(self, count: int | None = None) -> str:
        held = f"{count:,} files" if count is not None else "more files"
        return (f"The upload holds {held}; an import reads at most {self.entries:,} "
                "(IEP_IMPORT_MAX_ENTRIES). Zip only the CSV files. Nothing was read.")

    def too_large(self) -> str:
        return (f"The upload unpacks to more than {self.unpacked // (1024 * 1024):,} MB "
                "(IEP_IMPORT_MAX_UNPACKED_MB), so it was not read to its end and nothing was "
                "imported. Split the drop, or ask for a higher limit.")

    def too_packed(self, name: str) -> str:
        return (f"{name} unpacks to more than {self.ratio:,} times its packed size "
                "(IEP_IMPORT_MAX_RATIO), which no CSV export does: the zip looks built to fill "
                "the server's memory, so it was not read and nothing was imported.")


class _Counted(io.BufferedIOBase):
    """A file of the drop, counting the bytes actually read (not the sizes declared) against
    the drop's total and, for a zipped file, its packed size times the ratio."""

    def __init__(self, raw: IO[bytes], drop: Drop, name: str, packed: int | None) -> None:
        super().__init__()
        self._raw, self._drop, self._name = raw, drop, name
        self._ratio_limit = (max(RATIO_FLOOR, packed * drop.limits.ratio) if packed is not None
                             else None)
        self._read = 0

    def readable(self) -> bool:
        return True

    def _count(self, data: bytes) -> bytes:
        self._read += len(data)
        self._drop.unpacked += len(data)
        if self._drop.unpacked > self._drop.limits.unpacked:
            raise ArchiveTooLarge(self._drop.limits.too_large())
        if self._ratio_limit is not None and self._read > self._ratio_limit:
            raise ArchiveTooLarge(self._drop.limits.too_packed(self._name))
        return data

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:  # never one unbounded read: a chunk at a time, counted
            return b"".join(iter(lambda: self.read1(64 * 1024), b""))
        return self._count(self._raw.read(size))

    def read1(self, size: int = -1) -> bytes:
        return self._count(self._raw.read(size if size >= 0 else 64 * 1024))

    def close(self) -> None:
        self._raw.close()
        super().close()


def _directory_problem(source: IO[bytes], limits: Limits) -> str:
    """Check the zip's end record before its directory is parsed: the number of files it
    declares and the directory's size (a directory of millions of entries fills memory)."""
    source.seek(0, io.SEEK_END)
    size = source.tell()
    source.seek(max(0, size - (22 + 65535)))  # the end record, and a comment at most this long
    tail = source.read()
    source.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return ""  # not a zip: ZipFile says so
    entries, directory = struct.unpack_from("<HI", tail, at + 10)
    if entries > limits.entries:
        return limits.too_many(entries)
    if directory > limits.entries * DIRECTORY_BYTES_PER_ENTRY:
        return limits.too_many()
    return ""


class Drop:
    """The files of one drop, from a zip (flat files at its root) or a folder, read within
    the import limits."""

    def __init__(self, source: str | Path | bytes, limits: Limits | None = None) -> None:
        self._zip: zipfile.ZipFile | None = None
        self._file: IO[bytes] | None = None
        self._folder: Path | None = None
        self.limits = limits or Limits.from_settings()
        self.unpacked = 0  # bytes read out of the drop so far
        self.problem: str = ""
        self.over_limits = False  # the problem is an import limit (see ArchiveTooLarge)
        if isinstance(source, bytes):
            self._open_zip(io.BytesIO(source))
            return
        path = Path(source)
        if path.is_dir():
            self._folder = path
        elif path.is_file():
            self._file = path.open("rb")
            self._open_zip(self._file)
        else:
            self.problem = f"There is no file or folder at {path}."

    def _open_zip(self, source: IO[bytes]) -> None:
        try:
            self.problem = _directory_problem(source, self.limits)
            if not self.problem:
                self._zip = zipfile.ZipFile(source)
                self.problem = self._sizes_problem(self._zip.infolist())
        except (zipfile.BadZipFile, OSError, ValueError, struct.error):
            self.problem = "The upload is not a zip file (or it is damaged)."
            return
        self.over_limits = bool(self.problem)

    def _sizes_problem(self, entries: list[zipfile.ZipInfo]) -> str:
        """The declared sizes, before anything is unpacked (reading counts again)."""
        if len(entries) > self.limits.entries:
            return self.limits.too_many(len(entries))
        if sum(e.file_size for e in entries) > self.limits.unpacked:
            return self.limits.too_large()
        for e in entries:
            if e.file_size > max(RATIO_FLOOR, e.compress_size * self.limits.ratio):
                return self.limits.too_packed(e.filename)
        return ""

    def names(self) -> set[str]:
        if self._zip is not None:
            return {n for n in self._zip.namelist() if "/" not in n.rstrip("/")}
        if self._folder is not None:
            return {p.name for p in self._folder.iterdir() if p.is_file()}
        return set()

    def open_binary(self, name: str) -> IO[bytes]:
        """One file, its bytes counted against the limits as they are read."""
        if self._zip is not None:
            info = self._zip.getinfo(name)
            counted = _Counted(self._zip.open(info), self, name, info.compress_size)
        else:
            assert self._folder is not None
            counted = _Counted((self._folder / name).open("rb"), self, name, None)
        return cast(IO[bytes], counted)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
        if self._file is not None:
            self._file.close()


@dataclass
class Manifest:
    version: str = ""
    # file name without .csv -> "bulk" | "delta" | "absent"
    files: dict[str, str] = field(default_factory=dict)

    def mode(self, name: str) -> str:
        return self.files.get(name, "absent")


def read_manifest(drop: Drop, problems: list[Problem],
                  warnings: list[Problem] | None = None) -> Manifest | None:
    """The manifest, or None (with problems) when the drop cannot be imported at all.

    A drop that is not OneRoster 1.1 or 1.2 is named for what it is (OneRoster 1.0, a
    Microsoft School Data Sync drop, a Clever export) with what to do instead. Files the
    importer does not read are each named in a warning, never passed over in silence."""
    warnings = warnings if warnings is not None else []
    if drop.problem:
        problems.append(Problem("", 0, "", drop.problem))
        return None
    names = drop.names()
    if "manifest.csv" not in names:
        problems.append(Problem("manifest.csv", 0, "", formats.without_manifest(drop, names)))
        return None
    manifest = Manifest()
    values: dict[str, str] = {}
    rows = iter_csv(drop, "manifest.csv", problems)
    header = next(rows, None)
    if header is None:
        problems.append(Problem("manifest.csv", 1, "", "manifest.csv is empty."))
        return None
    if [h.strip() for h in header[1]][:2] != ["propertyName", "value"]:
        problems.append(Problem("manifest.csv", 1, "", 'The first line must be "propertyName,value".'))
        return None
    for line, cells in rows:
        if len(cells) < 2:
            problems.append(Problem("manifest.csv", line, "value", "This line has no value."))
            continue
        values[cells[0].strip()] = cells[1].strip()
    version = values.get("oneroster.version", "")
    if version not in spec.VERSIONS:
        problems.append(Problem("manifest.csv", 0, "oneroster.version",
                                formats.unknown_version(version)))
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
        if mode != "absent" and f"{name}.csv" not in names:
            problems.append(Problem(f"{name}.csv", 0, "", f"The manifest lists {name}.csv as "
                                    f"{mode}, but the drop has no such file."))
            mode = "absent"
        if mode == "absent" and f"{name}.csv" in names:
            warnings.append(Problem(f"{name}.csv", 0, "", (
                f"The drop holds {name}.csv, but the manifest does not list it (file.{name} "
                "is absent or missing), so it was not read.")))
        manifest.files[name] = mode
    warnings.extend(formats.unread_files(version, names, values, drop))
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


@dataclass
class Layout:
    """Where each standard column sits in a file's header, and what the header's reading
    found: a problem that stops the file, or warnings (what was allowed, and how)."""

    columns: list[str] = field(default_factory=list)  # per cell: standard name, or "" ignored
    width: int = 0  # cells in the header as written
    named: int = 0  # cells up to the last named one (a trailing comma adds blank cells)
    problem: Problem | None = None
    warnings: list[Problem] = field(default_factory=list)

    def cells(self, cells: list[str]) -> dict[str, str] | None:
        """The row's cells by column name, or None when the row's width fits neither the
        header as written nor the header without its blank trailing cells."""
        if len(cells) not in {self.width, self.named}:
            return None
        return {name: cell for name, cell in zip(self.columns, cells, strict=False) if name}


def read_header(filename: str, raw: list[str], version: str, name: str) -> Layout:
    """Read a header the way the standard allows: optional columns may be left out (a
    warning says which), blank trailing cells are ignored (a warning), metadata.* columns
    follow the standard ones. A required column missing, a column out of order, a blank or
    unknown name, or a name given twice stops the file, with the column named."""
    expected = spec.HEADERS[version][name]
    required = spec.required_columns(version, name)
    header = [h.strip() for h in raw]
    layout = Layout(width=len(header))
    while header and not header[-1]:
        header.pop()
    layout.named = len(header)
    stop = " Nothing in this file was read."

    def refuse(column: str, message: str) -> Layout:
        layout.problem = Problem(filename, 1, column, message + stop)
        return layout

    if layout.named < layout.width:
        blanks = layout.width - layout.named
        layout.warnings.append(Problem(filename, 1, "", (
            f"The header ends with {blanks} blank column name(s) (a trailing comma); "
            "they were ignored.")))
    if "" in header:
        at = header.index("") + 1
        return refuse("", f"Column {at} of the header has no name.")
    seen: set[str] = set()
    for h in header:
        if h in seen:
            return refuse(h, f"The column {h} appears twice in the header.")
        seen.add(h)
    missing = [c for c in required if c not in seen]
    if missing:
        lowered = {h.lower(): h for h in header}
        near = [f"{lowered[c.lower()]} for {c}" for c in missing if c.lower() in lowered]
        hint = f"; the header has {', '.join(near)}" if near else ""
        return refuse(missing[0], (
            f"{filename} is missing the required column(s) {', '.join(missing)} (names are "
            f"case-sensitive{hint}). Expected: {','.join(expected)}"))
    stray = [h for h in header if h not in expected and not h.startswith("metadata.")]
    if stray:
        return refuse(stray[0], (
            f"Extra column(s) {', '.join(stray)}: only metadata.* columns may follow the "
            f"standard ones. Expected: {','.join(expected)}"))
    standard = [h for h in header if h in expected]
    in_order = [c for c in expected if c in seen]
    last_standard = max(header.index(h) for h in standard)
    early_metadata = [h for h in header[:last_standard] if h.startswith("metadata.")]
    if standard != in_order or early_metadata:
        column = next((h for h, e in zip(standard, in_order, strict=False) if h != e),
                      early_metadata[0] if early_metadata else "")
        return refuse(column, f"The columns are not in the standard order. Expected: "
                              f"{','.join(expected)}")
    left_out = [c for c in expected if c not in seen]
    if left_out:
        layout.warnings.append(Problem(filename, 1, left_out[0], (
            f"The header has no column(s) {', '.join(left_out)}. They are optional in "
            f"OneRoster {version}, so every row was read with them empty.")))
    layout.columns = [h if h in expected else "" for h in header]
    layout.columns += [""] * (layout.width - layout.named)
    return layout
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
