"""The family portal: a guardian reads their own child, writes to the case manager, and sees
no other student."""

from __future__ import annotations

import uuid

from django.urls import reverse

from families.models import Guardian, GuardianContact, PortalMessage
from iep_portal.models import AccessLog
from notifications.models import Notification
from students.models import ParentContact
from tests import factories as f
from tests.conftest import signed_in


def test_it_shows_the_child_in_the_guardians_language_and_logs_the_read(client, guardian, iep, student) -> None:  # noqa: ANN001
    signed_in(client, guardian)
    response = client.get(reverse("families:child", args=[student.pk]))
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    assert AccessLog.objects.filter(user=guardian, student=student).exists()


def test_it_answers_404_for_another_student_and_every_staff_page(client, guardian, iep, school) -> None:  # noqa: ANN001
    other = f.StudentFactory(school=school)
    signed_in(client, guardian)
    assert client.get(reverse("families:child", args=[other.pk])).status_code == 404
    assert client.get(reverse("students:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("home")).status_code == 404


def test_a_message_reaches_the_case_managers_notifications_and_the_contact_log(client, guardian, iep, student) -> None:  # noqa: ANN001
    signed_in(client, guardian)
    url = reverse("families:message", args=[student.pk])
    data = {"k": str(uuid.uuid4()), "subject": "Tarea", "body": "¿Hay tarea de matemáticas?"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 200  # the same form again: "already sent"
    message = PortalMessage.objects.get()
    assert message.to == iep.case_manager
    note = Notification.objects.get(user=iep.case_manager, kind="family_message")
    assert "Tarea" in note.title
    contact = ParentContact.objects.get(student=student)
    assert contact.channel == "portal" and contact.staff == iep.case_manager
    assert GuardianContact.objects.get(contact=contact).guardian == Guardian.objects.get(user=guardian)
