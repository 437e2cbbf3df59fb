from __future__ import annotations

from django.urls import reverse

from iep_portal.models import User
from students.models import TeamMember
from tests import factories as f
from tests.url_access import Rule

MANAGERS = frozenset({"case_manager", "school_admin", "district_admin"})
TEAM_NOT_MANAGING = frozenset({"gen_ed_teacher", "provider", "observer"})


def _newcomer(w):  # noqa: ANN001, ANN202
    """Staff of the school who is none of the personas: adding, removing or handing over to
    them leaves every persona's own relationship as it was."""
    w.newcomer = f.UserFactory(role=User.Role.CASE_MANAGER, schools=[w.school], first_name="Nell")


def _newcomer_on_team(w):  # noqa: ANN001, ANN202
    _newcomer(w)
    f.TeamMemberFactory(iep=w.iep, user=w.newcomer, role=TeamMember.Role.OBSERVER)


def _pending_hand_over(w):  # noqa: ANN001, ANN202
    import datetime as dt

    from lifecycle.models import ScheduledHandOver
    _newcomer(w)
    w.scheduled = ScheduledHandOver.objects.create(
        iep=w.iep, to=w.newcomer, previous=w.iep.case_manager, effective_on=dt.date(2026, 12, 1),
        reason="Caseloads rebalanced", by=w.iep.case_manager)


URL_ACCESS = {
    # The team page: everyone who sees the full record; a gen-ed teacher not on the team
    # sees the classroom view only, so no team page.
    "lifecycle:team": Rule(
        url=lambda w: reverse("lifecycle:team", args=[w.student.pk]),
        ok=frozenset({"case_manager", "provider", "observer", "school_admin", "district_admin"}),
    ),
    # Writes: the case manager and administrators; a repeat is answered "already done".
    "lifecycle:member_add": Rule(
        url=lambda w: reverse("lifecycle:member_add", args=[w.student.pk]), method="post", setup=_newcomer,
        data=lambda w: {"user": w.newcomer.pk, "role": "observer"},
        ok=MANAGERS, forbidden=TEAM_NOT_MANAGING,
    ),
    "lifecycle:hand_over": Rule(
        url=lambda w: reverse("lifecycle:hand_over", args=[w.student.pk]), method="post", setup=_newcomer,
        data=lambda w: {"to": w.newcomer.pk, "effective_on": "2026-11-18", "reason": "Caseloads rebalanced"},
        ok=MANAGERS, forbidden=TEAM_NOT_MANAGING,
    ),
    "lifecycle:hand_over_cancel": Rule(
        url=lambda w: reverse("lifecycle:hand_over_cancel", args=[w.student.pk, w.scheduled.pk]),
        method="post", setup=_pending_hand_over, ok=MANAGERS, forbidden=TEAM_NOT_MANAGING,
    ),
    "lifecycle:member_remove": Rule(
        url=lambda w: reverse("lifecycle:member_remove", args=[w.student.pk, w.newcomer.pk]),
        method="post", setup=_newcomer_on_team,
        data=lambda w: {"reason": "Left the school", "effective_on": "2026-11-18"},
        ok=MANAGERS, forbidden=TEAM_NOT_MANAGING,
    ),
    # One's own caseload (case managers) or, for administrators, one they oversee.
    "lifecycle:caseload": Rule(
        url=lambda w: reverse("lifecycle:caseload") + f"?from={w.case_manager.pk}",
        ok=frozenset({"case_manager", "other_case_manager", "school_admin", "district_admin"}),
    ),
}


def _line(w):  # noqa: ANN001, ANN202
    from tests.services.factories import ServiceRequirementFactory
    w.line = ServiceRequirementFactory(iep=w.iep, provider=w.case_manager)


def _goal(w):  # noqa: ANN001, ANN202
    from tests.progress.factories import GoalFactory
    w.goal = GoalFactory(iep=w.iep, collectors=[w.case_manager])


URL_ACCESS.update({
    # Naming the provider of a line and the collectors of a goal: the team's managers.
    "lifecycle:line_provider": Rule(
        url=lambda w: reverse("lifecycle:line_provider", args=[w.student.pk, w.line.pk]), method="post",
        setup=_line, data=lambda w: {"provider": w.provider.pk},
        ok=MANAGERS, forbidden=TEAM_NOT_MANAGING,
    ),
    "lifecycle:goal_collectors": Rule(
        url=lambda w: reverse("lifecycle:goal_collectors", args=[w.student.pk, w.goal.pk]), method="post",
        setup=_goal, data=lambda w: {"collectors": [w.case_manager.pk, w.provider.pk]},
        ok=MANAGERS, forbidden=TEAM_NOT_MANAGING,
    ),
})

URL_ACCESS["lifecycle:exit"] = Rule(
    # Ending an IEP: whoever manages it (the case manager, the district administrator).
    url=lambda w: reverse("lifecycle:exit", args=[w.student.pk]),
    ok=frozenset({"case_manager", "district_admin"}),
    forbidden=frozenset({"gen_ed_teacher", "provider", "observer", "school_admin"}),
)
