"""A small, hand-countable school for the fidelity figures.

Period: Monday 2 November to Friday 13 November 2026, two full school weeks (10
instructional days; the calendar has no closures).

- Maya (case manager Casey): speech 60 min/week from Pat (the provider): 120 min expected;
  delivered 30 + 30 + 30 = 90, one 30-minute session missed because the provider was
  absent: 30 min owed. One accommodation in Gina's Math 6 (10 class days): 6 provided,
  2 not needed, 1 not provided, 1 not checked: 6 / (10 - 2) = 75%. Two goals: one with a
  data point on Nov 5 (current), one last measured Oct 1 (past due): 1 of 2. Both goals'
  first-quarter reports were due Nov 4 (the period ended Oct 28, plus 7 days' grace): one
  sent Nov 3 (on time), one Nov 10 (late): 1 of 2. Family contact on Oct 20: current.
  Acknowledgements: Pat acknowledged, Gina has not: 1 outstanding of 2.
- Leo (case manager Cleo): an IEP, nothing else; no family contact since the IEP began on
  Sep 8: not current. So family contacts 1 of 2 for the school.
- At Roosevelt (another school): Ravi, with a service and sessions that must never show up
  in Lincoln's figures.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from accommodations.models import Acknowledgement, ImplementationCheck
from fidelity.figures import Period
from progress.models import Goal
from services.models import ServiceSession
from tests import factories as f
from tests.accommodations.factories import SupportFactory
from tests.progress.factories import DataPointFactory, GoalFactory, ProgressReportFactory
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

PERIOD = Period("custom", dt.date(2026, 11, 2), dt.date(2026, 11, 13))
D = dt.date


@pytest.fixture
def small_school(iep, student, case_manager, provider, gen_ed_teacher, section, school,  # noqa: ANN001, ANN201, PLR0913
                 other_school, other_case_manager, outsider):
    speech = ServiceRequirementFactory(iep=iep, provider=provider, minutes=60, sessions=2)
    for day, status in [(D(2026, 11, 3), "delivered"), (D(2026, 11, 5), "delivered"),
                        (D(2026, 11, 10), "provider_absent"), (D(2026, 11, 12), "delivered")]:
        ServiceSessionFactory(requirement=speech, date=day, minutes=30, status=status,
                              reason="Provider out sick" if status == "provider_absent" else "")
    support = SupportFactory(iep=iep, text="Extended time (1.5x)")
    outcomes = ["provided"] * 6 + ["not_needed"] * 2 + ["not_provided"]
    days = [day for i in range(12) if (day := D(2026, 11, 2) + dt.timedelta(days=i)).weekday() < 5]
    for day, outcome in zip(days, outcomes, strict=False):
        ImplementationCheck.objects.create(support=support, student=student, section=section, date=day,
                                           teacher=gen_ed_teacher, outcome=outcome)
    current = GoalFactory(iep=iep, area="Reading fluency", collectors=[gen_ed_teacher])
    stale = GoalFactory(iep=iep, area="Math computation", collectors=[provider])
    Goal.objects.filter(pk__in=[current.pk, stale.pk]).update(
        created_at=dt.datetime(2026, 9, 8, 12, tzinfo=dt.UTC))
    DataPointFactory(goal=current, date=D(2026, 11, 5))
    DataPointFactory(goal=stale, date=D(2026, 10, 1))
    for goal, sent in [(current, D(2026, 11, 3)), (stale, D(2026, 11, 10))]:
        ProgressReportFactory(goal=goal, period_number=1, period_start=D(2026, 8, 17),
                              period_end=D(2026, 10, 28), sent_on=sent, sent_how="paper",
                              sent_language="en")
    f.ParentContactFactory(student=student, staff=case_manager, contacted_on=D(2026, 10, 20))
    Acknowledgement.objects.create(iep=iep, user=provider)

    leo = f.StudentFactory(school=school, first_name="Leo", last_name="Adams")
    leo_iep = f.IEPFactory(student=leo, case_manager=other_case_manager)

    f.CalendarFactory(school=other_school)
    ravi = f.StudentFactory(school=other_school, first_name="Ravi", last_name="Shah")
    other_cm = f.UserFactory(role="case_manager", schools=[other_school])
    ravi_iep = f.IEPFactory(student=ravi, case_manager=other_cm)
    far = ServiceRequirementFactory(iep=ravi_iep, minutes=100, sessions=1)
    ServiceSessionFactory(requirement=far, date=D(2026, 11, 4), minutes=100)
    ServiceSessionFactory(requirement=far, date=D(2026, 11, 11), minutes=100,
                          status="school_cancelled", reason="Assembly")
    assert ServiceSession.objects.count() == 6
    return SimpleNamespace(speech=speech, support=support, current=current, stale=stale, leo=leo,
                           leo_iep=leo_iep, ravi=ravi, ravi_iep=ravi_iep)
