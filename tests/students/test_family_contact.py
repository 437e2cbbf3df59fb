from __future__ import annotations

import uuid

from django.urls import reverse

from students.models import IEP, ParentContact


def test_a_teacher_logs_a_family_contact(login, gen_ed_teacher, iep: IEP) -> None:  # noqa: ANN001
    response = login(gen_ed_teacher).post(
        reverse("students:family_contact_add", args=[iep.student.pk]),
        {
            "contacted_on": "2026-11-17",
            "channel": "email",
            "family_member": "Father",
            "summary": "Sent the week's homework plan.",
        },
    )
    assert response.status_code == 302
    contact = ParentContact.objects.get()
    assert (contact.staff, contact.channel, contact.student) == (gen_ed_teacher, "email", iep.student)


def test_a_contact_in_the_future_is_refused_and_nothing_is_saved(login, case_manager, iep: IEP) -> None:  # noqa: ANN001
    response = login(case_manager).post(
        reverse("students:family_contact_add", args=[iep.student.pk]),
        {"contacted_on": "2026-12-01", "channel": "phone", "family_member": "Mother", "summary": "x"},
    )
    assert response.status_code == 400
    assert "A contact cannot be logged in the future." in response.content.decode()
    assert not ParentContact.objects.exists()


def test_a_missing_summary_is_explained_next_to_the_field(login, case_manager, iep: IEP) -> None:  # noqa: ANN001
    response = login(case_manager).post(
        reverse("students:family_contact_add", args=[iep.student.pk]),
        {"contacted_on": "2026-11-17", "channel": "phone", "family_member": "Mother", "summary": ""},
    )
    page = response.content.decode()
    assert 'id="id_summary_error"' in page
    assert 'aria-invalid="true"' in page
    assert "Please fix 1 problem" in page


def test_the_student_page_shows_named_people_for_each_responsibility(
    login,
    case_manager,
    gen_ed_teacher,
    provider,
    iep: IEP,  # noqa: ANN001
) -> None:
    page = login(case_manager).get(reverse("students:detail", args=[iep.student.pk])).content.decode()
    assert str(gen_ed_teacher) in page and str(provider) in page
    assert "Implement accommodations in class" in page


def test_a_gen_ed_teacher_sees_only_their_own_column_and_no_evaluation_dates(
    login,
    gen_ed_teacher,
    provider,
    iep: IEP,  # noqa: ANN001
) -> None:
    page = login(gen_ed_teacher).get(reverse("students:detail", args=[iep.student.pk])).content.decode()
    assert "Reevaluation due" not in page
    assert str(provider) not in page


def test_a_contact_saved_twice_from_one_form_is_logged_once(iep, login) -> None:  # noqa: ANN001
    client = login(iep.case_manager)
    detail = client.get(reverse("students:detail", args=[iep.student.pk])).content.decode()
    assert 'name="k"' in detail
    data = {
        "k": str(uuid.uuid4()),
        "contacted_on": "2026-11-17",
        "channel": "phone",
        "family_member": "Mother",
        "summary": "Talked about the new reading group.",
    }
    url = reverse("students:family_contact_add", args=[iep.student.pk])
    assert client.post(url, data).status_code == 302
    again = client.post(url, data).content.decode()
    assert "Already saved" in again and f"/students/{iep.student.pk}/#contacts-heading" in again
    assert ParentContact.objects.filter(student=iep.student).count() == 1
