"""Section 504 plans beside IEPs: the same row with its kind, what a 504 plan carries and what
is IDEA's alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from services.models import ServiceRequirement
from students.checklist import NOT_APPLICABLE, checklist_for
from students.models import IEP
from tests import factories as f
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 18)


def plan_504(student, coordinator, **kwargs) -> IEP:  # noqa: ANN001
    values = {"kind": IEP.Kind.SECTION_504, "impairment": "ADHD, combined presentation",
              "major_life_activity": "concentrating", "start_date": dt.date(2026, 9, 8),
              "end_date": dt.date(2027, 8, 31), "meeting_date": dt.date(2026, 9, 1),
              "annual_review_due": dt.date(2027, 8, 31)}
    values.update(kwargs)
    return f.IEPFactory(student=student, case_manager=coordinator, **values)


class TestThePlan:
    def test_a_504_plan_names_itself_and_its_coordinator(self, student, case_manager) -> None:  # noqa: ANN001
        plan = plan_504(student, case_manager)
        plan.full_clean()
        assert (plan.plan_label, plan.manager_title, plan.is_504) == ("504 plan", "504 coordinator", True)
        assert str(plan).startswith("504 plan for Maya Lopez")
        iep = IEP(kind=IEP.Kind.IEP)
        assert (iep.plan_label, iep.manager_title, iep.is_504) == ("IEP", "Case manager", False)

    def test_a_504_plan_needs_its_impairment_and_the_activity_it_limits(self, student, case_manager) -> None:  # noqa: ANN001
        plan = plan_504(student, case_manager, impairment=" ", major_life_activity="")
        with pytest.raises(ValidationError) as raised:
            plan.full_clean()
        assert set(raised.value.message_dict) == {"impairment", "major_life_activity"}

    def test_a_504_plan_has_no_idea_category_or_environment(self, student, case_manager) -> None:  # noqa: ANN001
        plan = plan_504(student, case_manager, primary_disability="autism", educational_environment="regular_80")
        with pytest.raises(ValidationError) as raised:
            plan.full_clean()
        assert {"primary_disability", "educational_environment"} <= set(raised.value.message_dict)

    def test_an_iep_names_a_category_not_an_impairment(self, iep) -> None:  # noqa: ANN001
        iep.impairment = "ADHD"
        with pytest.raises(ValidationError) as raised:
            iep.full_clean()
        assert "impairment" in raised.value.message_dict

    def test_a_student_has_an_iep_or_a_504_plan_never_both_active(self, iep, case_manager) -> None:  # noqa: ANN001
        with pytest.raises(IntegrityError), transaction.atomic():
            plan_504(iep.student, case_manager)

    def test_a_504_plan_carries_related_services_but_never_sdi(self, student, case_manager) -> None:  # noqa: ANN001
        plan = plan_504(student, case_manager)
        counseling = ServiceRequirementFactory.build(iep=plan, kind=ServiceRequirement.Kind.RELATED,
                                                     area="Counseling", provider=case_manager)
        counseling.clean()
        sdi = ServiceRequirementFactory.build(iep=plan, kind=ServiceRequirement.Kind.SDI, area="Reading",
                                              provider=case_manager)
        with pytest.raises(ValidationError) as raised:
            sdi.clean()
        assert "a 504 plan carries related services" in raised.value.message_dict["kind"][0]


class TestTheChecklist:
    def test_idea_items_are_not_applicable_to_a_504_plan_and_the_shared_ones_apply(
        self, student, case_manager, other_school,  # noqa: ANN001
    ) -> None:
        plan = plan_504(student, case_manager, last_evaluation_date=dt.date(2022, 9, 1))
        iep = f.IEPFactory(student=f.StudentFactory(school=student.school, student_number="I1"))
        lines = checklist_for(list(IEP.objects.select_related("student").filter(pk__in=[plan.pk, iep.pk])), TODAY)
        by_key = {line.key: line.result for line in lines[plan.pk]}
        for key in ("consent_for_services", "progress_reports", "transition_plan"):
            if key in by_key:
                assert by_key[key].status == NOT_APPLICABLE and "504 plan" in by_key[key].note
        # Periodic reevaluation applies to both: three years after Sep 1, 2022 has passed.
        assert by_key["reevaluation"].status == "missing"
        iep_keys = {line.key: line.result.status for line in lines[iep.pk]}
        assert "consent_for_services" not in iep_keys or iep_keys["consent_for_services"] != NOT_APPLICABLE
