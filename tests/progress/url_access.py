from __future__ import annotations

import uuid
from types import SimpleNamespace

from django.urls import reverse

from tests.accommodations.factories import SupportFactory
from tests.progress.factories import (
    DataRequestFactory,
    GoalFactory,
    ProgressReportFactory,
    ReviewRequestFactory,
)
from tests.url_access import ADMINS, SEES_STUDENT, Rule

MANAGERS = frozenset({"case_manager", "district_admin"})
NOT_MANAGERS = SEES_STUDENT - MANAGERS
RECORDERS = frozenset({"case_manager", "gen_ed_teacher", "provider"})
FULL_VIEW = frozenset({"case_manager", "provider", "observer"}) | ADMINS
PERIOD = 2  # 2026-11-18 falls in the second quarter of the test school year


def with_goal(w: SimpleNamespace) -> None:
    w.goal = GoalFactory(iep=w.iep, collectors=[w.case_manager, w.gen_ed_teacher, w.provider])


def with_request(w: SimpleNamespace) -> None:
    with_goal(w)
    w.request = DataRequestFactory(goal=w.goal, teacher=w.gen_ed_teacher)


def with_review_request(w: SimpleNamespace) -> None:
    w.support = SupportFactory(iep=w.iep)
    w.request = ReviewRequestFactory(support=w.support, teacher=w.gen_ed_teacher)


def with_report(w: SimpleNamespace) -> None:
    with_goal(w)
    ProgressReportFactory(goal=w.goal)


def student_url(name: str, *args: int) -> object:
    return lambda w: reverse(f"progress:{name}", args=[w.student.pk, *args])


URL_ACCESS = {
    # A keyed form: opened without its key it first redirects to get one (?k=).
    "progress:goal_create": Rule(
        url=lambda w: reverse("progress:goal_create", args=[w.student.pk]) + f"?k={uuid.uuid4()}",
        ok=MANAGERS,
        forbidden=NOT_MANAGERS,
    ),
    "progress:goal": Rule(
        url=lambda w: reverse("progress:goal", args=[w.goal.pk]), ok=SEES_STUDENT, setup=with_goal
    ),
    "progress:goal_edit": Rule(
        url=lambda w: reverse("progress:goal_edit", args=[w.goal.pk]),
        ok=MANAGERS,
        forbidden=NOT_MANAGERS,
        setup=with_goal,
    ),
    "progress:data_point_add": Rule(
        url=lambda w: reverse("progress:data_point_add", args=[w.goal.pk]),
        method="post",
        data=lambda w: {"date": "2026-11-17", "value": "55", "setting": "gen_ed"},
        ok=RECORDERS,
        forbidden=SEES_STUDENT - RECORDERS,
        setup=with_goal,
    ),
    "progress:decision_add": Rule(
        url=lambda w: reverse("progress:decision_add", args=[w.goal.pk]),
        method="post",
        data=lambda w: {"kind": "continue", "decided_on": "2026-11-17"},
        ok=MANAGERS,
        forbidden=NOT_MANAGERS,
        setup=with_goal,
    ),
    "progress:data_request_create": Rule(
        url=lambda w: reverse("progress:data_request_create", args=[w.goal.pk]),
        method="post",
        data=lambda w: {"teachers": [w.gen_ed_teacher.pk], "due_on": "2026-11-25"},
        ok=MANAGERS,
        forbidden=NOT_MANAGERS,
        setup=with_goal,
    ),
    "progress:data_request": Rule(
        url=lambda w: reverse("progress:data_request", args=[w.request.pk]),
        ok=frozenset({"gen_ed_teacher"}),
        forbidden=SEES_STUDENT - {"gen_ed_teacher"},
        setup=with_request,
    ),
    # A request to review a support: its page and its answer, for the teacher asked only.
    "progress:data_request_review": Rule(
        url=lambda w: reverse("progress:data_request_review", args=[w.request.pk]),
        method="post",
        data=lambda w: {"used": "mostly", "prompting": "gestural", "adjustment": "keep", "k": str(uuid.uuid4())},
        ok=frozenset({"gen_ed_teacher"}),
        forbidden=SEES_STUDENT - {"gen_ed_teacher"},
        setup=with_review_request,
    ),
    "progress:review_requests_create": Rule(
        url=student_url("review_requests_create"),
        method="post",
        data=lambda w: {"school_days": "5", "k": str(uuid.uuid4())},
        ok=MANAGERS,
        forbidden=NOT_MANAGERS,
        setup=lambda w: SupportFactory(iep=w.iep) and None,
    ),
    "progress:data_request_cancel": Rule(
        url=lambda w: reverse("progress:data_request_cancel", args=[w.request.pk]),
        method="post",
        ok=MANAGERS,
        forbidden=NOT_MANAGERS,
        setup=with_request,
    ),
    "progress:reports": Rule(
        url=student_url("reports"), ok=MANAGERS, forbidden=NOT_MANAGERS, setup=with_goal
    ),
    "progress:reports_period": Rule(
        url=student_url("reports_period", PERIOD), ok=MANAGERS, forbidden=NOT_MANAGERS, setup=with_report
    ),
    "progress:schedule_set": Rule(
        url=student_url("schedule_set"),
        method="post",
        data=lambda w: {"reports_per_year": "4"},
        ok=MANAGERS,
        forbidden=NOT_MANAGERS,
    ),
    "progress:report_save": Rule(
        url=student_url("report_save", PERIOD),
        method="post",
        data=lambda w: {f"g{w.goal.pk}-code": "sufficient", f"g{w.goal.pk}-narrative": "Steady."},
        ok=MANAGERS,
        forbidden=NOT_MANAGERS,
        setup=with_goal,
    ),
    "progress:report_sent": Rule(
        url=student_url("report_sent", PERIOD),
        method="post",
        data=lambda w: {"sent_on": "2026-11-17", "how": "paper", "language": "en"},
        ok=MANAGERS,
        forbidden=NOT_MANAGERS,
        setup=with_report,
    ),
    # Gen-ed teachers outside the full-view team do not see whole reports (404).
    "progress:family_report": Rule(url=student_url("family_report", PERIOD), ok=FULL_VIEW, setup=with_report),
    # A keyed form: opened without its key it first redirects to get one (?k=).
    "progress:translations": Rule(
        url=lambda w: reverse("progress:translations", args=[w.student.pk, PERIOD])
        + f"?lang=es&k={uuid.uuid4()}",
        ok=MANAGERS,
        forbidden=NOT_MANAGERS,
        setup=with_report,
    ),
}
