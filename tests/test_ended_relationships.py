"""A relationship that ended shows nothing of the student: every URL, every export.

Three people once worked with the world's student (tests/conftest.py) and made records about
them while they did: the gen-ed teacher, whose class the student left; the provider, removed
from the team; the case manager, replaced by another case manager. Every URL of the URLconf
(the permission matrix's rules, tests/*/url_access.py), the date-parameterised pages for a day
when the relationship still held and the exports over a range covering it are requested as
each of them: no response body, CSV or zip member names the student, their student number or
their birth date, nor links to their page.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import tests.iep_portal.test_permission_matrix as matrix
from accommodations.models import ImplementationCheck
from makeups.actions import planned_makeup_add
from notifications.models import Notification
from services.models import ServiceCoProvider, ServiceSession
from students.models import IEP, Enrollment, TeamMember
from tests import factories as f
from tests.accommodations.factories import SupportFactory, SupportReviewFactory
from tests.makeups.conftest import owe
from tests.meetings.factories import FollowUpFactory, MeetingFactory
from tests.progress.factories import DataPointFactory, DataRequestFactory, GoalFactory
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

world = matrix.world  # the permission matrix's world of personas around one student

ENDED = ("gen_ed_teacher", "provider", "case_manager")
LEFT_CLASS_ON = dt.date(2026, 11, 6)  # a Friday: the student's last day in the teacher's class
WHILE_ENROLLED = dt.date(2026, 11, 4)  # a Wednesday in the class
NUMBER = "S-7734021"  # nothing else on any page looks like it


def _records(w: SimpleNamespace) -> None:
    """What each of the three made about the student while the relationship held."""
    student, iep = w.student, w.iep
    student.student_number = NUMBER
    student.save(update_fields=["student_number"])
    support = SupportFactory(iep=iep, text="Read test questions aloud")
    ImplementationCheck.objects.create(
        support=support, student=student, section=w.section, date=WHILE_ENROLLED,
        teacher=w.gen_ed_teacher, outcome=ImplementationCheck.Outcome.PROVIDED,
    )
    SupportReviewFactory(support=support, reviewer=w.gen_ed_teacher)
    goal = GoalFactory(iep=iep, collectors=[w.gen_ed_teacher, w.provider])
    DataPointFactory(goal=goal, collected_by=w.gen_ed_teacher, date=WHILE_ENROLLED)
    DataRequestFactory(goal=goal, teacher=w.gen_ed_teacher, requested_by=w.case_manager)
    DataRequestFactory(goal=goal, teacher=w.provider, requested_by=w.case_manager)
    f.ParentContactFactory(student=student, staff=w.gen_ed_teacher)
    f.ParentContactFactory(student=student, staff=w.provider)

    speech = ServiceRequirementFactory(iep=iep, provider=w.provider)
    owe(speech, 4)
    ServiceSessionFactory(requirement=speech, date=dt.date(2026, 10, 14))
    ServiceSessionFactory(requirement=speech, date=dt.date(2026, 11, 16),
                          certified_by=None, certified_at=None)  # the provider's own, pending
    sdi = ServiceRequirementFactory(iep=iep, provider=w.case_manager, kind="sdi", area="Reading")
    ServiceCoProvider.objects.create(requirement=sdi, user=w.provider, named_by=w.case_manager)
    ServiceSessionFactory(requirement=sdi, date=dt.date(2026, 10, 15))
    ServiceSessionFactory(requirement=sdi, date=dt.date(2026, 11, 17), logged_by=w.case_manager,
                          on_behalf_of=w.provider, certified_by=None, certified_at=None)
    planned_makeup_add(requirement=speech, by=w.provider, target_date=dt.date(2026, 11, 19))

    meeting = MeetingFactory(iep=iep, kind="amendment", date=dt.date(2026, 12, 3),
                             invitees=[w.provider, w.gen_ed_teacher])
    FollowUpFactory(meeting=meeting, owner=w.provider)
    FollowUpFactory(meeting=meeting, owner=w.case_manager)

    for who in ENDED:
        user = getattr(w, who)
        for kind, url in [
            (Notification.Kind.DEADLINE, reverse("students:detail", args=[student.pk])),
            (Notification.Kind.CHECKS_MISSING, reverse("accommodations:glance", args=[student.pk])),
        ]:
            Notification.objects.create(
                user=user, kind=kind, dedupe_key=f"ended:{kind}:{user.pk}", student=student,
                title=f"{student}: something needs you", url=url,
            )


def _end_relationships(w: SimpleNamespace) -> None:
    """The class left, the team changed, the case manager replaced: the records stay."""
    users = [getattr(w, who) for who in ENDED]
    Enrollment.objects.filter(student=w.student, section__teacher=w.gen_ed_teacher).update(
        end_date=LEFT_CLASS_ON
    )
    TeamMember.objects.filter(iep__student=w.student, user__in=users).delete()
    IEP.objects.filter(student=w.student, case_manager=w.case_manager).update(
        case_manager=w.other_case_manager
    )


def _needles(w: SimpleNamespace) -> dict[str, str]:
    born = w.student.date_of_birth
    return {
        "first name": w.student.first_name,
        "last name": w.student.last_name,
        "student number": NUMBER,
        "birth date": born.isoformat(),
        "birth date (written)": f"{born:%b} {born.day}, {born.year}",
        "birth date (US)": f"{born:%m/%d/%Y}",
        "student page link": reverse("students:detail", args=[w.student.pk]),
    }


def _bodies(response: Any) -> list[tuple[str, str]]:
    """(where, text) for the response body, or for each member of a zip download."""
    raw = (b"".join(response.streaming_content) if getattr(response, "streaming", False)
           else response.content)
    if response.get("Content-Type", "").startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return [(name, archive.read(name).decode("utf-8", "replace")) for name in archive.namelist()]
    return [("body", raw.decode("utf-8", "replace"))]


def _leaks(client: Client, url: str, w: SimpleNamespace, *, method: str = "get",
           data: dict[str, Any] | None = None) -> list[str]:
    response = client.post(url, data or {}) if method == "post" else client.get(url, data or {})
    responses = [response]
    if method == "post" and response.status_code in (301, 302, 303):
        responses.append(client.get(response["Location"]))  # where a write lands
    found = []
    for got in responses:
        for where, text in _bodies(got):
            found += [f"{label} in {where} ({got.status_code})"
                      for label, needle in _needles(w).items() if needle in text]
    return found


# Pages that take a date or a range, for a day or a range when the relationship still held.
def _dated_urls(w: SimpleNamespace) -> list[str]:
    past, start, end = WHILE_ENROLLED.isoformat(), "2026-08-17", "2026-11-18"
    return [
        f"{reverse('accommodations:my_classes')}?date={past}",
        f"{reverse('accommodations:my_classes')}?date={past}&section={w.section.pk}",
        f"{reverse('services:export')}?start={start}&end={end}",
        f"{reverse('services:export')}?start={start}&end={end}&school={w.school.pk}",
        f"{reverse('services:log')}?k={uuid.uuid4()}&date={past}",
        f"{reverse('notifications:list')}?show=all",
        f"{reverse('students:list')}?q={w.student.last_name[:3]}",  # the box echoes only "Lop"
        f"{reverse('fidelity:dashboard')}?start={start}&end={end}",
        f"{reverse('fidelity:deadlines')}",
        f"{reverse('fidelity:access_log')}?student={w.student.pk}",
        f"{reverse('accommodations:student', args=[w.student.pk])}?start={start}&end={end}",
        f"{reverse('fidelity:evidence_download', args=[w.student.pk])}?start={start}&end={end}",
    ]


@pytest.mark.parametrize("name", sorted(matrix.RULES))
def test_no_url_shows_the_student_to_someone_whose_relationship_ended(
    name: str, world: SimpleNamespace
) -> None:
    rule = matrix.RULES[name]
    _records(world)
    if rule.setup:
        rule.setup(world)
    _end_relationships(world)
    url = rule.url(world)
    failures = []
    for who in ENDED:
        client = Client()
        client.force_login(getattr(world, who))
        data = rule.data(world) if rule.data else None
        failures += [f"{who}: {leak}" for leak in _leaks(client, url, world, method=rule.method, data=data)]
    assert not failures, f"{name} ({url}):\n" + "\n".join(failures)


def test_no_dated_page_or_export_shows_a_past_relationship(world: SimpleNamespace) -> None:
    _records(world)
    _end_relationships(world)
    failures = []
    for who in ENDED:
        client = Client()
        client.force_login(getattr(world, who))
        for url in _dated_urls(world):
            failures += [f"{who} at {url}: {leak}" for leak in _leaks(client, url, world)]
    assert not failures, "\n".join(failures)


def test_while_the_relationships_hold_the_same_pages_show_the_student(world: SimpleNamespace) -> None:
    """The check above can fail: before the change, these pages name the student."""
    _records(world)
    shown = {
        "gen_ed_teacher": f"{reverse('accommodations:my_classes')}?date={WHILE_ENROLLED.isoformat()}",
        "provider": f"{reverse('services:export')}?start=2026-08-17&end=2026-11-18",
        "case_manager": f"{reverse('notifications:list')}?show=all",
    }
    for who, url in shown.items():
        client = Client()
        client.force_login(getattr(world, who))
        assert _leaks(client, url, world), f"{who} should see the student at {url}"


def test_my_classes_for_a_past_day_shows_a_student_enrolled_then_and_still_taught(
    world: SimpleNamespace, school: Any, gen_ed_teacher: Any
) -> None:
    """Enrolled that day AND visible now: a student who moved to another of the teacher's
    classes is shown in the class they were in that day."""
    _records(world)
    other_class = f.SectionFactory(school=school, teacher=gen_ed_teacher, name="Science 6")
    _end_relationships(world)
    f.EnrollmentFactory(student=world.student, section=other_class,
                        start_date=LEFT_CLASS_ON + dt.timedelta(days=3))
    client = Client()
    client.force_login(gen_ed_teacher)
    past = client.get(reverse("accommodations:my_classes"), {"date": WHILE_ENROLLED.isoformat()})
    assert past.status_code == 200
    rows = [(s.section.name, [r.student.pk for r in s.students]) for s in past.context["sections"]]
    assert ("Math 6", [world.student.pk]) in rows
    assert ("Science 6", []) in rows


def test_the_sessions_a_provider_logged_leave_the_export_with_the_relationship(
    world: SimpleNamespace, provider: Any
) -> None:
    _records(world)
    mine = ServiceSession.objects.visible_to(provider)
    assert mine.filter(student=world.student).exists()
    _end_relationships(world)
    assert not ServiceSession.objects.visible_to(provider).filter(student=world.student).exists()
    assert ServiceSession.objects.filter(student=world.student, logged_by=provider).exists()  # kept


def test_a_notification_about_a_student_no_longer_seen_is_hidden(
    world: SimpleNamespace, case_manager: Any, login: Any
) -> None:
    _records(world)
    unrelated = Notification.objects.create(
        user=case_manager, kind=Notification.Kind.DEADLINE, dedupe_key="general",
        title="Review the district calendar", url="/",
    )
    _end_relationships(world)
    client = login(case_manager)
    page = client.get(reverse("notifications:list"), {"show": "all"})
    assert [n.pk for n in page.context["page"]] == [unrelated.pk]
    assert page.context["unread_notifications"] == 1
    hidden = Notification.objects.get(user=case_manager, dedupe_key__startswith="ended:deadline")
    assert client.post(reverse("notifications:open", args=[hidden.pk])).status_code == 404


def test_the_digest_leaves_out_a_student_no_longer_seen(
    world: SimpleNamespace, provider: Any, mailoutbox: Any
) -> None:
    from notifications.digest import send_digests

    _records(world)
    Notification.objects.create(user=provider, kind=Notification.Kind.DEADLINE, dedupe_key="general",
                                title="Review the district calendar", url="/")
    _end_relationships(world)
    send_digests(timezone.localdate())
    [mail] = [m for m in mailoutbox if provider.email in m.to]
    assert "district calendar" in mail.body
    assert world.student.last_name not in mail.body
    assert world.student.last_name not in mail.subject
