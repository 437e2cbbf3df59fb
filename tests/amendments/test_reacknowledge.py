"""Who is asked to read and acknowledge the IEP again after an amendment: exactly the people
whose part changed (34 CFR 300.323(d)), never the whole team."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from accommodations.acknowledgements import ASKED_AGAIN, outstanding_acknowledgements
from accommodations.models import Acknowledgement
from amendments import actions
from amendments.models import Reacknowledgement
from iep_portal.models import User
from students.models import TeamMember
from tests import factories as f
from tests.accommodations.factories import SupportFactory
from tests.amendments.helpers import draft, line_becomes, notice
from tests.progress.factories import GoalFactory
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(iep, school, provider, gen_ed_teacher, observer):  # noqa: ANN001, ANN201
    """Pat delivers speech, Otto OT; Gina teaches Maya math, Sofia science; Olive observes.
    A math-only support and one for every class; Gina and Otto collect the math goal's data.
    Everyone has acknowledged the IEP as it stands."""
    otto = f.UserFactory(role=User.Role.PROVIDER, schools=[school], first_name="Otto", last_name="Ames")
    f.TeamMemberFactory(iep=iep, user=otto, role=TeamMember.Role.PROVIDER)
    sofia = f.UserFactory(role=User.Role.GEN_ED_TEACHER, schools=[school], first_name="Sofia", last_name="Diaz")
    f.EnrollmentFactory(student=iep.student, section=f.SectionFactory(school=school, teacher=sofia,
                                                                       name="Science 6", subject="Science"))
    world = {
        "iep": iep, "pat": provider, "otto": otto, "gina": gen_ed_teacher, "sofia": sofia, "olive": observer,
        "speech": ServiceRequirementFactory(iep=iep, provider=provider),
        "ot": ServiceRequirementFactory(iep=iep, provider=otto, area="Occupational therapy", minutes=30),
        "calculator": SupportFactory(iep=iep, text="Calculator", scope="subjects", subjects=["Math"]),
        "seating": SupportFactory(iep=iep, text="Preferential seating"),
        "goal": GoalFactory(iep=iep, collectors=[gen_ed_teacher, otto]),
    }
    for person in (provider, otto, gen_ed_teacher, sofia, observer):
        Acknowledgement.objects.create(iep=iep, user=person, acknowledged_at=timezone.now())
    assert not outstanding_acknowledgements([iep])
    return world


def _asked(iep) -> set[str]:  # noqa: ANN001
    return {d.user.first_name for d in outstanding_acknowledgements([iep])}


def _finalize(iep, case_manager, **change) -> None:  # noqa: ANN001
    amendment = draft(iep, case_manager)
    actions.amendment_change_put(amendment=amendment, by=case_manager, **change)
    notice(amendment, case_manager)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        actions.amendment_finalize(amendment=amendment, by=case_manager)


def test_a_changed_service_line_asks_only_its_provider(team, case_manager) -> None:  # noqa: ANN001
    line = team["speech"]
    _finalize(team["iep"], case_manager, kind="change", target="service", service_line=line,
              becomes=line_becomes(line, minutes=90, sessions=3))
    assert _asked(team["iep"]) == {"Pat"}
    due = outstanding_acknowledgements([team["iep"]])[0]
    assert due.reason == ASKED_AGAIN
    assert [(r.user.first_name, r.why) for r in Reacknowledgement.objects.all()] == [("Pat", "delivers Speech-language")]


def test_a_line_handed_to_another_provider_asks_both(team, case_manager) -> None:  # noqa: ANN001
    line = team["speech"]
    _finalize(team["iep"], case_manager, kind="change", target="service", service_line=line,
              becomes=line_becomes(line, provider=team["otto"].pk))
    assert _asked(team["iep"]) == {"Pat", "Otto"}


def test_a_changed_goal_asks_only_its_collectors(team, case_manager) -> None:  # noqa: ANN001
    goal = team["goal"]
    _finalize(team["iep"], case_manager, kind="end", target="goal", goal=goal)
    assert _asked(team["iep"]) == {"Gina", "Otto"}


def test_a_math_only_support_asks_its_implementers_not_the_science_teacher(team, case_manager) -> None:  # noqa: ANN001
    support = team["calculator"]
    _finalize(team["iep"], case_manager, kind="change", target="support", support=support,
              becomes={"kind": "accommodation", "category": "response", "text": "Calculator and multiplication chart",
                       "frequency": "every_class"})
    asked = _asked(team["iep"])
    # The math teacher and the providers who carry supports out; not Sofia (science), not
    # Olive (observes), not the case manager (who wrote it).
    assert asked == {"Gina", "Pat", "Otto"}
    assert set(Reacknowledgement.objects.values_list("user__first_name", flat=True)) == asked


def test_acknowledging_again_settles_the_request(team, case_manager) -> None:  # noqa: ANN001
    line = team["speech"]
    _finalize(team["iep"], case_manager, kind="end", target="service", service_line=line)
    assert _asked(team["iep"]) == {"Pat"}
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10)):
        Acknowledgement.objects.create(iep=team["iep"], user=team["pat"], acknowledged_at=timezone.now())
        assert _asked(team["iep"]) == set()
