"""Decompression bombs: both importers read a drop within the import limits (entries, bytes
unpacked, packing ratio), checked on the zip's directory before anything is unpacked and on
the bytes actually read, and refuse a drop past one without reading it to its end: through
the functions, the commands and the upload page's background run."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from rostering.iep_import import IEP_FILES, run_iep_import
from rostering.models import ImportRun
from rostering.oneroster import reader
from rostering.oneroster.importer import run_import
from rostering.oneroster.reader import Limits, Problem
from rostering.runs import import_run_execute
from students.models import IEP, Student

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
LIMITS = Limits(entries=100, unpacked=1024 * MB, ratio=100)  # the defaults
IEPS_HEADER = ",".join(IEP_FILES["ieps.csv"].headers) + "\n"
ROW = "100001,active,2026-09-08,2027-08-31,2026-09-01,2027-08-31,,,casey@district.test,30\n"
REFUSED = "Nothing was imported: the upload unpacks past the import limits."


def _bomb(name: str = "ieps.csv", megabytes: int = 64, header: str = IEPS_HEADER) -> bytes:
    """A zip of one CSV file: a header, then one line repeated to `megabytes` (about 1000:1)."""
    buffer = io.BytesIO()
    chunk = (ROW * (MB // len(ROW))).encode()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, archive.open(name, "w") as out:
        out.write(header.encode())
        for _ in range(megabytes):
            out.write(chunk)
    return buffer.getvalue()


def _many(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ieps.csv", IEPS_HEADER)
        for i in range(count - 1):
            archive.writestr(f"extra-{i}.txt", "x")
    return buffer.getvalue()


def _lie_about_sizes(data: bytes, declared: int) -> bytes:
    """The same zip, its headers claiming every file unpacks to `declared` bytes."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local, directory
        at = patched.find(signature)
        while at >= 0:
            struct.pack_into("<I", patched, at + offset, declared)
            at = patched.find(signature, at + 4)
    return bytes(patched)


def _lie_about_count(data: bytes, declared: int) -> bytes:
    patched = bytearray(data)
    end = patched.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", patched, end + 8, declared, declared)
    return bytes(patched)


@pytest.fixture
def unpacked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The bytes each import actually read out of its drop."""
    read: list[int] = []
    close = reader.Drop.close

    def counting_close(self: reader.Drop) -> None:
        read.append(self.unpacked)
        close(self)

    monkeypatch.setattr(reader.Drop, "close", counting_close)
    yield read


@pytest.mark.parametrize("importer", [run_import, run_iep_import])
def test_a_zip_that_unpacks_a_thousand_times_its_size_is_refused_unread(importer, unpacked) -> None:  # noqa: ANN001
    bomb = _bomb("manifest.csv" if importer is run_import else "ieps.csv", megabytes=64)
    assert len(bomb) < MB // 4  # 64 MB of CSV in a few hundred kilobytes
    result = importer(bomb)
    name = "manifest.csv" if importer is run_import else "ieps.csv"
    assert result.problems == [Problem("", 0, "", LIMITS.too_packed(name))]
    assert result.message == REFUSED and not result.applied
    assert unpacked == [0]


def test_a_zip_larger_than_the_unpacked_limit_is_refused_unread(settings, unpacked) -> None:  # noqa: ANN001
    settings.IEP_IMPORT_MAX_UNPACKED_MB = 1
    settings.IEP_IMPORT_MAX_RATIO = 10_000
    result = run_iep_import(_bomb(megabytes=2))
    assert [p.message for p in result.problems] == [
        Limits(entries=100, unpacked=MB, ratio=10_000).too_large()]
    assert unpacked == [0]


def test_a_zip_of_many_files_is_refused_before_its_directory_is_read(unpacked) -> None:  # noqa: ANN001
    result = run_iep_import(_many(150))
    assert [p.message for p in result.problems] == [LIMITS.too_many(150)]
    assert unpacked == [0]


def test_a_zip_that_declares_fewer_files_than_it_holds_is_counted(unpacked) -> None:  # noqa: ANN001
    result = run_iep_import(_lie_about_count(_many(150), 5))
    assert [p.message for p in result.problems] == [LIMITS.too_many(150)]
    assert unpacked == [0]


def test_a_zip_whose_sizes_lie_is_never_read_past_what_it_declares(unpacked) -> None:  # noqa: ANN001
    """Declared small, packed from 64 MB: unpacking stops at the declared size."""
    result = run_iep_import(_lie_about_sizes(_bomb(megabytes=64), declared=4096))
    assert not result.applied and not IEP.objects.exists()
    assert [(p.file, p.message) for p in result.problems][:1] == [
        ("ieps.csv", "The file could not be read (the zip may be damaged or encrypted).")]
    assert unpacked[0] <= 4096


def test_bytes_read_count_whatever_the_sizes_say(settings, tmp_path: Path, unpacked) -> None:  # noqa: ANN001
    """A folder (the commands read one) declares nothing: its bytes are counted as read."""
    settings.IEP_IMPORT_MAX_UNPACKED_MB = 1
    (tmp_path / "ieps.csv").write_text(IEPS_HEADER + ROW * (3 * MB // len(ROW)), encoding="utf-8")
    result = run_iep_import(tmp_path)
    assert [p.message for p in result.problems] == [
        Limits(entries=100, unpacked=MB, ratio=100).too_large()]
    assert result.summary == {} and result.message == REFUSED
    assert MB < unpacked[0] <= MB + 64 * 1024  # stopped at the limit, not at 3 MB


@pytest.mark.parametrize(("command", "name"), [("import_iep_data", "ieps.csv"),
                                               ("import_oneroster", "manifest.csv")])
def test_the_commands_refuse_a_bomb_and_keep_a_finished_run(tmp_path: Path, command: str, name: str,
                                                            unpacked) -> None:  # noqa: ANN001
    path = tmp_path / "bomb.zip"
    path.write_bytes(_bomb(name, megabytes=64))
    with pytest.raises(CommandError, match="upload unpacks past the import limits"):
        call_command(command, str(path))
    run = ImportRun.objects.get()
    assert (run.status, run.applied, run.message) == ("done", False, REFUSED)
    assert run.problems == [Problem("", 0, "", LIMITS.too_packed(name)).as_dict()]
    assert unpacked == [0]


@pytest.mark.parametrize(("kind", "name"), [("iep", "ieps.csv"), ("oneroster", "manifest.csv")])
def test_an_uploaded_bomb_ends_as_a_finished_refused_run(login, district_admin, kind: str, name: str,  # noqa: ANN001
                                                         unpacked) -> None:  # noqa: ANN001
    client = login(district_admin)
    response = client.post(reverse("rostering:import_upload"), {
        "kind": kind, "mode": "apply_valid",
        "upload": SimpleUploadedFile("drop.zip", _bomb(name, megabytes=64)),
    })
    run = ImportRun.objects.get()
    import_run_execute(run.pk)  # what the worker does
    run.refresh_from_db()
    assert (run.status, run.applied, run.upload) == ("done", False, None)
    assert run.problems[0]["message"] == LIMITS.too_packed(name)
    page = client.get(response["Location"]).content.decode()
    assert REFUSED in page and "IEP_IMPORT_MAX_RATIO" in page and 'http-equiv="refresh"' not in page
    assert unpacked == [0] and not Student.objects.exists()
