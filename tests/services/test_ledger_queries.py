"""ledgers_for: many requirements, real rows, a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import uuid

from services.actions import service_sessions_log
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement
from students.actions import iep_activate
from students.models import IEP, TeamMember
from tests.factories import ClosureFactory, IEPFactory, TeamMemberFactory
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

D = dt.date
TODAY = D(2026, 11, 18)


def test_it_computes_each_requirement_from_its_school_calendar(speech, reading, calendar) -> None:  # noqa: ANN001
    ClosureFactory(calendar=calendar, date=D(2026, 11, 11))
    ServiceSessionFactory(requirement=speech, date=D(2026, 11, 16), minutes=30)
    ServiceSessionFactory(requirement=speech, date=D(2026, 11, 17), minutes=30, status="school_cancelled",
                          reason="Assembly")
    result = ledgers_for(ServiceRequirement.objects.all(), TODAY)
    # IEP from Tue Sep 8: Sep 8-11 (4) + Sep 14-Oct 30 (35) + Nov 2-13 (10) + Nov 16-18 (3)
    # = 52 weekdays, less Veterans Day = 51 school days. Speech 60 x 51/5; reading 30 x 51.
    assert result[speech.pk].ledger.expected == 612
    assert result[reading.pk].ledger.expected == 1530
    assert (result[speech.pk].ledger.delivered, result[speech.pk].ledger.owed) == (30, 30)


def test_a_new_iep_superseding_the_old_mid_year_splits_the_minutes(student, case_manager, provider) -> None:  # noqa: ANN001, E501
    old = IEPFactory(student=student, case_manager=case_manager)
    TeamMemberFactory(iep=old, user=provider, role=TeamMember.Role.PROVIDER)
    old_speech = ServiceRequirementFactory(iep=old, provider=provider)  # 60/week from Tue Sep 8
    ServiceSessionFactory(requirement=old_speech, date=D(2026, 11, 2), minutes=30)
    new = IEPFactory.build(student=student, case_manager=case_manager, status=IEP.Status.DRAFT,
                           meeting_date=D(2026, 11, 5), start_date=D(2026, 11, 9),
                           end_date=D(2027, 11, 8), annual_review_due=D(2027, 11, 4))
    new.save()
    iep_activate(iep=new, by=case_manager)
    TeamMemberFactory(iep=new, user=provider, role=TeamMember.Role.PROVIDER)
    new_speech = ServiceRequirementFactory(iep=new, provider=provider, minutes=90, sessions=3)
    result = ledgers_for(ServiceRequirement.objects.all(), TODAY)
    # Old IEP ends Sun Nov 8: Sep 8-Nov 6 is 44 school days; 60 x 44/5 = 528, frozen there.
    assert result[old_speech.pk].ledger.expected == 528
    assert result[old_speech.pk].ledger.delivered == 30
    # New IEP from Mon Nov 9: 8 school days to Nov 18; 90 x 8/5 = 144.
    assert result[new_speech.pk].ledger.expected == 144
    assert result[new_speech.pk].ledger.delivered == 0


def test_a_group_session_counts_its_full_minutes_for_each_student(speech, provider, another_speech_student) -> None:  # noqa: ANN001, E501
    other = another_speech_student()
    service_sessions_log(requirements=[speech, other], by=provider, date=D(2026, 11, 17), minutes=30,
                         status="delivered", idempotency_key=uuid.uuid4(), certify=True, group_size=3)
    result = ledgers_for(ServiceRequirement.objects.all(), TODAY)
    assert result[speech.pk].ledger.delivered == result[other.pk].ledger.delivered == 30


def test_sessions_after_the_day_asked_about_do_not_count(speech) -> None:  # noqa: ANN001
    ServiceSessionFactory(requirement=speech, date=D(2026, 11, 17))
    assert ledgers_for([speech], D(2026, 11, 16))[speech.pk].ledger.delivered == 0


def test_it_runs_four_queries_however_many_requirements_and_sessions(
    speech, provider, another_speech_student, django_assert_num_queries,  # noqa: ANN001
) -> None:
    def count() -> None:
        # requirements (1), calendars (1), closures (1), session minutes by status (1)
        with django_assert_num_queries(4):
            ledgers_for(ServiceRequirement.objects.all(), TODAY)

    count()
    for i in range(5):
        r = another_speech_student(f"S{i}")
        for day in (2, 3, 4, 9, 10):
            ServiceSessionFactory(requirement=r, date=D(2026, 11, day))
    count()


def test_nothing_to_compute_costs_one_query(django_assert_num_queries, db) -> None:  # noqa: ANN001
    with django_assert_num_queries(1):
        assert ledgers_for(ServiceRequirement.objects.all(), TODAY) == {}
