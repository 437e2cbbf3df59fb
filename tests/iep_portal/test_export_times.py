"""Every time in every export is written with its offset in the district's time zone.

Each export a district hands to a hearing officer or a billing office is fetched over one
small world, and every cell that holds a time is checked: a date and time with the
district's offset ('2026-11-16T09:00:00-06:00'), never a bare '09:00' nor UTC.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from students.models import Student
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}")
WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
BARE_TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?( ?[AP]M)?$", re.IGNORECASE)


def _cells(text: str) -> list[tuple[str, str]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    return [(header[i] if i < len(header) else str(i), cell) for row in reader for i, cell in enumerate(row)]


def _check(name: str, text: str) -> list[str]:
    zone = ZoneInfo(settings.TIME_ZONE)
    faults = []
    for column, cell in _cells(text):
        if BARE_TIME.match(cell):
            faults.append(f"{name}: {column}={cell!r} is a time with no date or offset")
        elif DATETIME.match(cell):
            if not WITH_OFFSET.match(cell):
                faults.append(f"{name}: {column}={cell!r} has no offset")
                continue
            when = dt.datetime.fromisoformat(cell)
            if when.utcoffset() != when.astimezone(zone).utcoffset():
                faults.append(f"{name}: {column}={cell!r} is not in {settings.TIME_ZONE}")
    return faults


@pytest.fixture
def world(iep, provider, login):  # noqa: ANN001, ANN201
    speech = ServiceRequirementFactory(iep=iep, provider=provider)
    ServiceSessionFactory(requirement=speech, date=dt.date(2026, 11, 16), start_time=dt.time(9, 0))
    login(provider).get(reverse("students:detail", args=[iep.student.pk]))
    return iep


def every_export(client: Client, student: Student) -> dict[str, str]:
    """Every CSV export an administrator can download, fetched over the world: name -> text."""
    exports: dict[str, str] = {}
    sessions = client.get(reverse("services:export"), {"start": "2026-11-01", "end": "2026-11-18"})
    exports["sessions"] = b"".join(sessions.streaming_content).decode()
    log = client.get(reverse("fidelity:access_log"), {"format": "csv"})
    exports["access log"] = b"".join(log.streaming_content).decode()
    deadlines = client.get(reverse("fidelity:deadlines"), {"format": "csv"})
    exports["deadlines"] = deadlines.content.decode()
    packet = client.get(reverse("fidelity:evidence_download", args=[student.pk]))
    with zipfile.ZipFile(io.BytesIO(packet.content)) as archive:
        for name in archive.namelist():
            if name.endswith(".csv"):
                exports[f"evidence {name}"] = archive.read(name).decode("utf-8-sig")
    roster = client.get(reverse("rostering:iep_export"))
    with zipfile.ZipFile(io.BytesIO(roster.content)) as archive:
        for name in archive.namelist():
            if name.endswith(".csv"):
                exports[f"iep data {name}"] = archive.read(name).decode("utf-8-sig")
    assert len(exports) >= 6, sorted(exports)
    return exports


def test_every_export_writes_times_with_the_district_offset(world, login, district_admin) -> None:  # noqa: ANN001
    exports = every_export(login(district_admin), world.student)
    # The world has times to check: the session's start and its recording, the log's read.
    assert sum(1 for t in exports.values() for _c, cell in _cells(t) if DATETIME.match(cell)) >= 3
    faults = [fault for name, text in exports.items() for fault in _check(name, text)]
    assert not faults, "\n".join(faults)
