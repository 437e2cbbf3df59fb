from __future__ import annotations

import uuid

from django.urls import reverse

from tests.url_access import SEES_STUDENT, STAFF, Rule

URL_ACCESS: dict[str, Rule] = {}


def _meetings_world(w):  # noqa: ANN001, ANN202
    import datetime as dt

    from tests.meetings.factories import FamilyMemberFactory, FollowUpFactory, MeetingFactory

    w.meeting = MeetingFactory(iep=w.iep, invitees=[w.provider])
    FamilyMemberFactory(meeting=w.meeting)
    w.past_meeting = MeetingFactory(iep=w.iep, date=dt.date(2026, 10, 20), invitees=[w.provider])
    w.follow_up = FollowUpFactory(meeting=w.past_meeting, owner=w.provider)


MANAGES = frozenset({"case_manager", "district_admin"})
MANAGE_FORBIDDEN = SEES_STUDENT - MANAGES


def _m(name: str, *, past: bool = False, method: str = "get", data=None) -> Rule:  # noqa: ANN001
    writes = method == "post" or name in {"meeting_edit"}
    return Rule(
        url=lambda w: reverse(
            f"meetings:{name}", args=[w.student.pk, (w.past_meeting if past else w.meeting).pk]
        ),
        ok=MANAGES if writes else SEES_STUDENT,
        forbidden=MANAGE_FORBIDDEN if writes else frozenset(),
        method=method,
        data=data,
        setup=_meetings_world,
    )


URL_ACCESS.update(
    {
        "meetings:documentation": Rule(url=lambda w: reverse("meetings:documentation"), ok=STAFF),
        "meetings:meetings": Rule(
            url=lambda w: reverse("meetings:meetings", args=[w.student.pk]),
            ok=SEES_STUDENT,
            setup=_meetings_world,
        ),
        "meetings:meeting_add": Rule(
            # A keyed form: opened without its key it first redirects to get one (?k=).
            url=lambda w: reverse("meetings:meeting_add", args=[w.student.pk]) + f"?k={uuid.uuid4()}",
            ok=MANAGES,
            forbidden=MANAGE_FORBIDDEN,
        ),
        "meetings:meeting_detail": _m("meeting_detail"),
        "meetings:meeting_edit": _m("meeting_edit"),
        "meetings:meeting_notice_print": _m("meeting_notice_print"),
        "meetings:meeting_ics": _m("meeting_ics"),
        "meetings:meeting_cancel": _m("meeting_cancel", method="post"),
        "meetings:meeting_notice": _m(
            "meeting_notice",
            method="post",
            data=lambda w: {"notice-sent_on": "2026-11-18", "notice-method": "letter"},
        ),
        "meetings:meeting_attendance": _m(
            "meeting_attendance",
            past=True,
            method="post",
            data=lambda w: {
                "outcome": "no_change",
                f"u{w.case_manager.pk}_status": "attended",
                f"u{w.case_manager.pk}_role": "Case manager",
                f"u{w.provider.pk}_status": "attended",
                f"u{w.provider.pk}_role": "SLP",
            },
        ),
        "meetings:follow_up_add": _m(
            "follow_up_add",
            past=True,
            method="post",
            data=lambda w: {
                "description": "Send the signed IEP home",
                "owner": w.case_manager.pk,
                "due_on": "2026-11-30",
            },
        ),
        "meetings:follow_up_done": Rule(
            url=lambda w: reverse("meetings:follow_up_done", args=[w.student.pk, w.follow_up.pk]),
            method="post",
            setup=_meetings_world,
            ok=MANAGES | {"provider"},  # the owner, or whoever manages the IEP
            forbidden=SEES_STUDENT - MANAGES - {"provider"},
        ),
        "meetings:consent_add": Rule(
            url=lambda w: reverse("meetings:consent_add", args=[w.student.pk]),
            method="post",
            data=lambda w: {
                "consent-kind": "services",
                "consent-received_on": "2026-09-02",
                "consent-given_by": "Ana Lopez",
            },
            ok=MANAGES,
            forbidden=MANAGE_FORBIDDEN,
        ),
        "meetings:transition_plan_add": Rule(
            url=lambda w: reverse("meetings:transition_plan_add", args=[w.student.pk]),
            method="post",
            data=lambda w: {"plan-completed_on": "2026-10-01", "plan-summary": "College and work"},
            ok=MANAGES,
            forbidden=MANAGE_FORBIDDEN,
        ),
    }
)
