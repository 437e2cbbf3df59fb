"""One saved record per filled-in form: the key in the address, claimed with the record."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from iep_portal.models import Submission, User
from iep_portal.submissions import AlreadySaved, keyed_form, once
from students.models import Student

pytestmark = pytest.mark.django_db

calls: list[str] = []


@keyed_form
def make_note(request: HttpRequest) -> HttpResponse:
    """A create view: saves one contact note per submission (any model with a pk will do)."""
    calls.append(request.method or "")
    if request.method == "POST":
        with once(request) as claim:
            if request.POST.get("bad"):
                raise ValidationError("bad input")
            student = Student.objects.first()
            assert student is not None
            claim.saved(student, url=f"/students/{student.pk}/", summary=f"note on {student}")
        return HttpResponse("saved")
    return HttpResponse(f"form {request.form_key}")  # type: ignore[attr-defined]


def _request(method: str, path: str, user: User | AnonymousUser, data: dict[str, str] | None = None) -> HttpRequest:
    factory = RequestFactory()
    request = factory.post(path, data or {}) if method == "POST" else factory.get(path, data or {})
    request.user = user
    request.session = {}  # type: ignore[assignment]
    return request


def test_it_gives_a_new_form_its_key_in_the_address(case_manager: User) -> None:
    response = make_note(_request("GET", "/notes/new/", case_manager, {"student": "4"}))
    assert response.status_code == 302
    assert response["Location"].startswith("/notes/new/?student=4&k=")
    key = response["Location"].rsplit("k=", 1)[1]
    assert uuid.UUID(key)


def test_it_saves_once_and_answers_a_repeat_with_already_saved(case_manager: User, student: Student) -> None:
    key = str(uuid.uuid4())
    first = make_note(_request("POST", f"/notes/new/?k={key}", case_manager))
    assert first.content == b"saved"
    again = make_note(_request("POST", f"/notes/new/?k={key}", case_manager))
    assert b"Already saved" in again.content
    assert f"/students/{student.pk}/".encode() in again.content
    # Back to the form page with the same key (a reload, Back, a duplicated tab) says so too.
    back = make_note(_request("GET", f"/notes/new/?k={key}", case_manager))
    assert b"Already saved" in back.content
    assert Submission.objects.filter(key=key).count() == 1


def test_it_takes_the_posted_key_before_the_address(case_manager: User, student: Student) -> None:
    key = str(uuid.uuid4())
    make_note(_request("POST", "/notes/new/", case_manager, {"k": key}))
    assert Submission.objects.get().key == uuid.UUID(key)


def test_a_refused_save_releases_the_key(case_manager: User, student: Student) -> None:
    key = str(uuid.uuid4())
    with pytest.raises(ValidationError):
        make_note(_request("POST", f"/notes/new/?k={key}", case_manager, {"bad": "1"}))
    assert not Submission.objects.exists()
    assert make_note(_request("POST", f"/notes/new/?k={key}", case_manager)).content == b"saved"


def test_a_race_on_one_key_raises_already_saved(case_manager: User, student: Student) -> None:
    key = uuid.uuid4()
    Submission.objects.create(key=key, user=case_manager, summary="the first", url="/x/",
                              object_id=str(student.pk), content_type=ContentType.objects.get_for_model(Student))
    request = _request("POST", "/notes/new/", case_manager)
    request.form_key = key  # type: ignore[attr-defined]
    with pytest.raises(AlreadySaved) as raised, once(request) as claim:
        claim.saved(student, url="/y/", summary="the second")
    assert raised.value.submission.summary == "the first"


def test_a_key_outlives_nothing_a_deleted_record_frees_it(case_manager: User, student: Student) -> None:
    key = uuid.uuid4()
    Submission.objects.create(key=key, user=case_manager, summary="gone", url="/x/", object_id="999999",
                              content_type=ContentType.objects.get_for_model(Student))
    response = make_note(_request("POST", f"/notes/new/?k={key}", case_manager))
    assert response.content == b"saved"


def test_each_part_of_one_form_is_saved_once(case_manager: User, student: Student) -> None:
    """One form with several buttons (a class's check-offs): each part has its own key."""
    request = _request("POST", "/checks/", case_manager)
    request.form_key = uuid.uuid4()  # type: ignore[attr-defined]
    for part in ("provided", "absent"):
        with once(request, part=part) as claim:
            claim.saved(student, url="/x/", summary=part)
    with pytest.raises(AlreadySaved) as repeated, once(request, part="absent") as claim:
        claim.saved(student, url="/x/", summary="again")
    assert repeated.value.submission.summary == "absent"
    assert Submission.objects.count() == 2
