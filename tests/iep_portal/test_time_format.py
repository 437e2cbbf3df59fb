"""Times of day read one way across the product: "3:30 PM", in the district's time zone.

The formats are defined once (iep_portal/formats/en/formats.py, Spanish keeps Django's);
these tests read real pages, emails and files at 3:30 PM Chicago time (21:30 UTC), and scan
the templates and the Python code so that a hand-written time format cannot come back.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from accommodations.models import Acknowledgement
from iep_portal.models import AccessLog
from iep_portal.timefmt import format_datetime, format_time, iso_datetime
from meetings.actions import meeting_invitations_send
from meetings.reminders import invitation_notices
from notifications.digest import send_digests
from notifications.models import Notification
from students.models import IEP
from tests.meetings.factories import MeetingFactory

AFTERNOON = dt.datetime(2026, 11, 18, 15, 30, tzinfo=ZoneInfo("America/Chicago"))
# The ways the product used to write 3:30 PM, and the same moment in UTC.
OTHER_WAYS = ("15:30", "21:30", "3:30 p.m.", "3:30 pm", "3:30 P.M.")


@pytest.fixture
def afternoon() -> Iterator[None]:
    with time_machine.travel(AFTERNOON, tick=False):
        yield


def assert_written_one_way(body: str, *expected: str) -> None:
    for text in expected:
        assert text in body
    for other in OTHER_WAYS:
        assert other not in body, f"{other!r} on the page"


# --- the one definition ------------------------------------------------------------------------

def test_python_text_writes_a_time_as_3_30_pm_in_the_district_time_zone() -> None:
    utc = AFTERNOON.astimezone(dt.UTC)
    assert format_time(dt.time(15, 30)) == "3:30 PM"
    assert format_time(dt.time(13, 8)) == "1:08 PM"
    assert format_time(dt.time(9, 5)) == "9:05 AM"
    assert format_time(utc) == "3:30 PM"
    assert format_datetime(utc) == "Nov 18, 2026, 3:30 PM"
    assert format_datetime(utc, year=False) == "Nov 18, 3:30 PM"


def test_templates_write_a_time_the_same_way_bare_or_filtered() -> None:
    template = Template('{{ t|time }} / {{ moment }} / {{ moment|date:"DATETIME_FORMAT" }} / '
                        '{{ moment|date:"SHORT_DATETIME_FORMAT" }} / {{ t }}')
    context = Context({"t": dt.time(15, 30), "moment": AFTERNOON.astimezone(dt.UTC)})
    assert template.render(context) == (
        "3:30 PM / Nov 18, 2026, 3:30 PM / Nov 18, 2026, 3:30 PM / Nov 18, 3:30 PM / 3:30 PM"
    )


def test_spanish_text_keeps_the_spanish_convention() -> None:
    with translation.override("es"):
        assert format_time(dt.time(15, 30)) == "15:30"
        assert Template("{{ t|time }}").render(Context({"t": dt.time(15, 30)})) == "15:30"


def test_csv_files_write_a_moment_in_iso_8601_in_the_district_time_zone() -> None:
    assert iso_datetime(AFTERNOON.astimezone(dt.UTC)) == "2026-11-18T15:30:00-06:00"


# --- pages -------------------------------------------------------------------------------------

def test_a_meeting_time_reads_3_30_pm_wherever_it_is_shown(login, iep: IEP, provider) -> None:  # noqa: ANN001
    meeting = MeetingFactory(iep=iep, date=dt.date(2026, 12, 10), start_time=dt.time(15, 30),
                             invitees=[provider])
    client = login(iep.case_manager)
    detail = client.get(reverse("meetings:meeting_detail", args=[iep.student_id, meeting.pk]))
    assert_written_one_way(detail.content.decode(), "Thursday, December 10, 2026, 3:30 PM")
    listing = client.get(reverse("meetings:meetings", args=[iep.student_id]))
    assert_written_one_way(listing.content.decode(), "Thu Dec 10, 2026 3:30 PM")
    my_day = login(provider).get(reverse("home"))
    assert_written_one_way(my_day.content.decode(), "Thu Dec 10, 3:30 PM")


def test_the_access_log_shows_the_district_time(login, afternoon, case_manager, school_admin,  # noqa: ANN001, PLR0913
                                                district_admin, iep: IEP) -> None:
    login(case_manager).get(reverse("students:detail", args=[iep.student_id]))
    log = login(district_admin).get(reverse("fidelity:access_log"))
    assert_written_one_way(log.content.decode(), "Nov 18, 2026, 3:30 PM")
    # The student page lists who opened the record, for those who audit it.
    student_page = login(school_admin).get(reverse("students:detail", args=[iep.student_id]))
    assert_written_one_way(student_page.content.decode(), "Nov 18, 3:30 PM")
    row = AccessLog.objects.filter(user=case_manager).get()
    assert str(row).endswith("at Nov 18, 2026, 3:30 PM")  # as the Django admin lists it


def test_the_access_log_export_writes_iso_8601(login, afternoon, case_manager, district_admin,  # noqa: ANN001
                                               iep: IEP) -> None:
    login(case_manager).get(reverse("students:detail", args=[iep.student_id]))
    response = login(district_admin).get(reverse("fidelity:access_log"),
                                         {"format": "csv", "user": case_manager.email})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][0] == "2026-11-18T15:30:00-06:00"


def test_the_notification_centre_says_when_each_item_came(login, afternoon, case_manager) -> None:  # noqa: ANN001
    Notification.objects.create(user=case_manager, kind=Notification.Kind.DEADLINE,
                                dedupe_key="deadline:test", title="Annual review due", url="/")
    page = login(case_manager).get(reverse("notifications:list"))
    assert_written_one_way(page.content.decode(), "Nov 18, 3:30 PM")


def test_the_fidelity_page_says_when_its_figures_were_computed(login, afternoon, school_admin,  # noqa: ANN001
                                                               iep: IEP) -> None:
    page = login(school_admin).get(reverse("fidelity:dashboard"))
    assert page.status_code == 200
    assert_written_one_way(page.content.decode(), "(Nov 18, 3:30 PM)")


def test_the_evidence_packet_writes_times_for_people_in_its_summary_and_iso_in_its_files(  # noqa: PLR0913
    login, afternoon, case_manager, provider, district_admin, iep: IEP,  # noqa: ANN001
) -> None:
    Acknowledgement.objects.create(iep=iep, user=provider)
    login(case_manager).get(reverse("students:detail", args=[iep.student_id]))
    client = login(district_admin)
    dates = {"start": "2026-09-08", "end": "2026-11-18"}
    summary = client.get(reverse("fidelity:evidence_summary", args=[iep.student_id]), dates)
    body = summary.content.decode()
    assert_written_one_way(body, "Generated Nov 18, 2026, 3:30 PM", "<td>Nov 18, 2026, 3:30 PM</td>")
    archive = zipfile.ZipFile(io.BytesIO(
        client.get(reverse("fidelity:evidence_download", args=[iep.student_id]), dates).content
    ))
    for name in ("access_log.csv", "acknowledgements.csv"):
        rows = list(csv.reader(io.StringIO(archive.read(name).decode())))
        assert "2026-11-18T15:30:00-06:00" in {cell for row in rows[1:] for cell in row}, name
    assert_written_one_way(archive.read("summary.html").decode(), "Generated Nov 18, 2026, 3:30 PM")


# --- emails and notices ------------------------------------------------------------------------

def test_the_invitation_email_and_the_digest_write_the_meeting_time_as_3_30_pm(iep: IEP, provider) -> None:  # noqa: ANN001
    meeting = MeetingFactory(iep=iep, date=dt.date(2026, 12, 10), start_time=dt.time(15, 30),
                             invitees=[provider])
    assert meeting_invitations_send(meeting_pk=meeting.pk) == 1
    assert_written_one_way(mail.outbox[0].body, "Thursday, December 10, 2026 at 3:30 PM")
    invitation_notices(meeting=meeting, user_pks=[provider.pk])
    mail.outbox.clear()
    assert send_digests(dt.date(2026, 11, 18)) == 1
    assert_written_one_way(mail.outbox[0].body, "Thu Dec 10 at 3:30 PM")


def test_the_family_notice_writes_the_time_in_the_family_language(login, iep: IEP) -> None:  # noqa: ANN001
    meeting = MeetingFactory(iep=iep, date=dt.date(2026, 12, 10), start_time=dt.time(15, 30))
    url = reverse("meetings:meeting_notice_print", args=[iep.student_id, meeting.pk])
    client = login(iep.case_manager)
    english = client.get(url, {"lang": "en"}).content.decode()
    assert_written_one_way(english, "Thursday, December 10, 2026, at 3:30 PM")
    spanish = client.get(url, {"lang": "es"}).content.decode()
    assert "jueves, 10 de diciembre de 2026, a las 15:30" in spanish
    assert "3:30" not in spanish


# --- nothing bypasses the definition -----------------------------------------------------------

# Django date-format characters that write part of a time (or a zone, or a whole timestamp);
# a backslash makes the next character literal.
TIME_CHARACTERS = set("aAfgGhHiPsuBeIOTZcrU")
FILTER_FORMAT = re.compile(r"""\|\s*(date|time)\s*:\s*(?:"([^"]*)"|'([^']*)'|([^\s|}%]+))""")
NOW_FORMAT = re.compile(r"""\{%\s*now\s+(?:"([^"]*)"|'([^']*)')""")
NAMED_FORMAT = re.compile(r"[A-Z_]+_FORMAT")


def has_time(fmt: str) -> bool:
    return bool(TIME_CHARACTERS & set(re.sub(r"\\.", "", fmt)))


def template_bypasses(text: str) -> list[str]:
    """Each |date, |time or {% now %} in `text` that writes a time without naming a format."""
    found = []
    for match in FILTER_FORMAT.finditer(text):
        name, fmt, variable = match[1], match[2] if match[2] is not None else match[3], match[4]
        # A format taken from the context cannot be checked, so it is not allowed either.
        unchecked = variable is not None
        if unchecked or (not NAMED_FORMAT.fullmatch(fmt) and (name == "time" or has_time(fmt))):
            found.append(match[0])
    found += [m[0] for m in NOW_FORMAT.finditer(text) if has_time(m[1] or m[2] or "")]
    return found


def product_paths(pattern: str) -> Iterator[Path]:
    """The product's own files (not the tests', not installed packages'), by app."""
    base = Path(settings.BASE_DIR)
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    roots += [Path(a.path) for a in apps.get_app_configs()
              if Path(a.path).is_relative_to(base) and "site-packages" not in Path(a.path).parts]
    for root in roots:
        yield from (p for p in root.rglob(pattern) if "migrations" not in p.parts)


def test_the_template_scan_catches_the_formats_that_used_to_be_written() -> None:
    old = ('{{ a|date:"M j, g:i a" }} {{ b|time:"g:i A" }} {{ c|date:"H:i" }} {{ d|date:\'Y-m-d H:i\' }} '
           '{% now "P" %} {{ e|date:fmt }}')
    assert len(template_bypasses(old)) == 6
    fine = ('{{ a|date:"M j, Y" }} {{ a|date:"l, F j" }} {{ b|time }} {{ c|date:"DATETIME_FORMAT" }} '
            '{% now "M j, Y" %} {{ d|date:"SHORT_DATETIME_FORMAT" }} {{ e|date:"Y-m-d" }} {{ f|date }}')
    assert template_bypasses(fine) == []


def test_no_template_writes_a_time_in_its_own_format() -> None:
    templates = [p for suffix in ("*.html", "*.txt") for p in product_paths(suffix)]
    assert len(templates) > 50  # the scan reads the product's templates
    found = {str(p.relative_to(settings.BASE_DIR)): bad for p in templates
             if (bad := template_bypasses(p.read_text(encoding="utf-8")))}
    assert found == {}, "use |time, |date:\"DATETIME_FORMAT\" or |date:\"SHORT_DATETIME_FORMAT\""


# strftime codes that write part of a time. A value machines read may use them: the line is
# listed here with the reason.
STRFTIME_TIME = re.compile(r"%-?[HIMpSX]")
MACHINE_READ = {
    "urgent-{now:%Y-%m-%dT%H:%M}": "the urgent digest's claim key, never shown",
    'strftime("%H:%M")': "times of day in the service export, a CSV file (ISO 8601)",
    '"datefmt": "[%Y-%m-%d %H:%M:%S %z]"': "log lines for operators, one format in every process",
}
DJANGO_FORMAT_CALLS = {"date_format", "time_format"}


def _format_literals(node: ast.Call) -> list[ast.expr]:
    """The format argument of a date_format/time_format call, or both sides of a choice."""
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    if name not in DJANGO_FORMAT_CALLS or len(node.args) < 2:
        return []
    fmt = node.args[1]
    return [fmt.body, fmt.orelse] if isinstance(fmt, ast.IfExp) else [fmt]


def python_bypasses(source: str) -> list[str]:
    """Lines of Python that write a time by hand: strftime codes (in strftime() or an f-string)
    and Django format strings given to date_format or time_format."""
    lines = source.splitlines()
    found: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and STRFTIME_TIME.search(node.value):
            found.add(node.lineno)
        elif isinstance(node, ast.Call):
            found.update(f.lineno for f in _format_literals(node)
                         if isinstance(f, ast.Constant) and isinstance(f.value, str)
                         and not NAMED_FORMAT.fullmatch(f.value) and has_time(f.value))
    return [lines[n - 1].strip() for n in sorted(found)
            if not any(allowed in lines[n - 1] for allowed in MACHINE_READ)]


def test_the_python_scan_catches_the_formats_that_used_to_be_written() -> None:
    old = ('when = f"{d:%a %b %-d} at {t:%-I:%M %p}"\n'
           'x = a.strftime("%Y-%m-%d %H:%M")\n'
           'y = formats.time_format(t, "H:i" if es else "g:i A")\n'
           'z = date_format(d, "M j, H:i")\n')
    assert len(python_bypasses(old)) == 4
    fine = ('a = f"{d:%b %-d, %Y}"\nb = date_format(d, "l, F j")\nc = time_format(t, "TIME_FORMAT")\n'
            'd = f"{day:%A}"\n')
    assert python_bypasses(fine) == []


def test_no_python_text_writes_a_time_in_its_own_format() -> None:
    sources = [p for p in product_paths("*.py") if "tests" not in p.parts]
    assert len(sources) > 50
    found = {str(p.relative_to(settings.BASE_DIR)): bad for p in sources
             if (bad := python_bypasses(p.read_text(encoding="utf-8")))}
    assert found == {}, "use iep_portal.timefmt (or iso_datetime for a CSV file)"
