"""The meeting pages: schedule, record the notice, print it, record attendance."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from iep_portal.models import User
from meetings.models import Meeting, MeetingAttendance
from students.models import IEP
from tests.meetings.factories import FamilyMemberFactory, FollowUpFactory, MeetingFactory


def schedule_data(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "annual_review", "date": "2026-12-15", "start_time": "15:30",
        "duration_minutes": "60", "location": "Room 114", "video_link": "",
        "purpose": "Review the IEP", "interpreter_needed": "on", "interpreter_language": "Spanish",
        "family-TOTAL_FORMS": "2", "family-INITIAL_FORMS": "0",
        "family-0-name": "Ana Lopez", "family-0-relationship": "Mother",
        "family-0-preferred_language": "es", "family-0-contact": "555-0100",
        "family-1-name": "", "family-1-relationship": "", "family-1-preferred_language": "en",
        "family-1-contact": "",
    }
    data.update(extra)
    return data


def test_it_schedules_a_meeting_with_family_and_invites_the_team(
    iep: IEP, provider: User, login, django_capture_on_commit_callbacks,  # noqa: ANN001
) -> None:
    client = login(iep.case_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/students/{iep.student_id}/meetings/new/",
                               schedule_data(invitees=[provider.pk]))
    meeting = Meeting.objects.get(iep=iep)
    assert response.status_code == 302
    assert response["Location"] == f"/students/{iep.student_id}/meetings/{meeting.pk}/"
    assert [(m.name, m.preferred_language) for m in meeting.family_members.all()] == [("Ana Lopez", "es")]
    assert list(meeting.invitees.all()) == [provider]
    assert [m.to for m in mail.outbox] == [[provider.email]]


def test_scheduling_past_the_deadline_saves_and_warns(iep: IEP, login) -> None:  # noqa: ANN001
    client = login(iep.case_manager)
    response = client.post(f"/students/{iep.student_id}/meetings/new/",
                           schedule_data(date="2027-09-02"), follow=True)
    assert "after the annual review deadline" in response.content.decode()


def test_it_refuses_a_meeting_with_nowhere_to_meet(iep: IEP, login) -> None:  # noqa: ANN001
    response = login(iep.case_manager).post(f"/students/{iep.student_id}/meetings/new/",
                                            schedule_data(location=""))
    assert response.status_code == 200
    assert "Give a place or a video link" in response.content.decode()
    assert not Meeting.objects.exists()


def test_it_refuses_to_invite_someone_off_the_team(iep: IEP, colleague: User, login) -> None:  # noqa: ANN001
    response = login(iep.case_manager).post(f"/students/{iep.student_id}/meetings/new/",
                                            schedule_data(invitees=[colleague.pk]))
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_recording_a_late_notice_warns(meeting: Meeting, login) -> None:  # noqa: ANN001
    Meeting.objects.filter(pk=meeting.pk).update(date=dt.date(2026, 11, 24))
    url = f"/students/{meeting.iep.student_id}/meetings/{meeting.pk}/notice/"
    response = login(meeting.iep.case_manager).post(
        url, {"notice-sent_on": "2026-11-18", "notice-method": "letter"}, follow=True)
    meeting.refresh_from_db()
    assert (meeting.notice_sent_on, meeting.notice_method) == (dt.date(2026, 11, 18), "letter")
    assert "went out 6 days before the meeting" in response.content.decode()


@pytest.mark.parametrize(("lang", "expected"), [
    ("es", "Aviso de una reunión del IEP"), ("en", "Notice of an IEP meeting"),
])
def test_the_notice_prints_in_english_and_spanish(meeting: Meeting, login, lang: str, expected: str) -> None:  # noqa: ANN001
    url = f"/students/{meeting.iep.student_id}/meetings/{meeting.pk}/notice/print/?lang={lang}"
    page = login(meeting.iep.case_manager).get(url).content.decode()
    assert expected in page
    if lang == "es":
        assert "jueves, 10 de diciembre de 2026" in page
        assert "Revisión anual del IEP" in page


def test_the_purpose_in_spanish_says_it_is_not_translated(meeting: Meeting, login) -> None:  # noqa: ANN001
    url = f"/students/{meeting.iep.student_id}/meetings/{meeting.pk}/notice/print/"
    spanish = login(meeting.iep.case_manager).get(url + "?lang=es").content.decode()
    assert "Partes de este aviso aún no se han traducido" in spanish
    assert "Esta parte aún no se ha traducido. En inglés:" in spanish
    english = login(meeting.iep.case_manager).get(url + "?lang=en").content.decode()
    assert "not been translated" not in english


def test_the_notice_defaults_to_the_familys_language(meeting: Meeting, login) -> None:  # noqa: ANN001
    FamilyMemberFactory(meeting=meeting, preferred_language="es")
    url = f"/students/{meeting.iep.student_id}/meetings/{meeting.pk}/notice/print/"
    assert "Estimado(a) Ana Lopez:" in login(meeting.iep.case_manager).get(url).content.decode()


def test_it_records_attendance_and_outcome(past_meeting: Meeting, provider: User, login) -> None:  # noqa: ANN001
    family = FamilyMemberFactory(meeting=past_meeting)
    cm = past_meeting.iep.case_manager
    url = f"/students/{past_meeting.iep.student_id}/meetings/{past_meeting.pk}/attendance/"
    response = login(cm).post(url, {
        "outcome": "amendment",
        f"u{cm.pk}_status": "attended", f"u{cm.pk}_role": "Case manager",
        f"u{provider.pk}_status": "excused", f"u{provider.pk}_role": "Speech-language pathologist",
        f"f{family.pk}_status": "attended", f"f{family.pk}_role": "Mother",
    })
    assert response.status_code == 302
    past_meeting.refresh_from_db()
    assert (past_meeting.status, past_meeting.outcome) == ("held", "amendment")
    rows = {(a.name, a.status) for a in MeetingAttendance.objects.filter(meeting=past_meeting)}
    assert rows == {(str(cm), "attended"), (str(provider), "excused"), ("Ana Lopez", "attended")}


def test_the_student_page_shows_meetings_and_the_checklist(meeting: Meeting, login) -> None:  # noqa: ANN001
    page = login(meeting.iep.case_manager).get(f"/students/{meeting.iep.student_id}/").content.decode()
    assert "Meetings and documentation" in page
    assert "Documentation checklist" in page
    assert "Notice not sent" in page


def test_a_classroom_teacher_sees_meetings_but_not_the_checklist(
    meeting: Meeting, gen_ed_teacher: User, login,  # noqa: ANN001
) -> None:
    page = login(gen_ed_teacher).get(f"/students/{meeting.iep.student_id}/").content.decode()
    assert "Annual review" in page
    assert "Documentation checklist" not in page


@pytest.mark.parametrize("n", [1, 6])
def test_the_student_panel_runs_a_fixed_number_of_queries(
    n: int, iep: IEP, provider: User, rf, django_assert_num_queries,  # noqa: ANN001
) -> None:
    from meetings.views import student_panel
    from students.access import get_student_for_user

    for i in range(n):
        m = MeetingFactory(iep=iep, date=dt.date(2026, 10, 1 + i))
        FollowUpFactory(meeting=m)
        MeetingFactory(iep=iep, date=dt.date(2026, 12, 1 + i))
    request = rf.get("/")
    request.user = iep.case_manager
    access = get_student_for_user(request, iep.student_id)
    # meetings (1), open follow-ups with owners (1), checklist: consent, latest meeting,
    # latest past meeting, transition plans (4; none needed for a 12-year-old: 3), progress
    # reports (4: schedules, calendars, goals, sent reports), acknowledgements (4: IEPs,
    # supports, team members, enrollments; no supports, so no acknowledgements query).
    with django_assert_num_queries(13):
        panel = student_panel(request, access)
    assert panel is not None and panel["lines"]


def test_a_half_filled_family_row_is_refused(iep: IEP, login) -> None:  # noqa: ANN001
    response = login(iep.case_manager).post(
        f"/students/{iep.student_id}/meetings/new/",
        schedule_data(**{"family-1-contact": "555-0199"}),
    )
    assert response.status_code == 200
    assert "Give the family member&#x27;s name." in response.content.decode()
    assert not Meeting.objects.exists()
