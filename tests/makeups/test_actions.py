"""Planning, rescheduling and cancelling makeups; done and overdue read from the session log."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from makeups import status
from makeups.actions import planned_makeup_add, planned_makeup_cancel, planned_makeup_reschedule
from makeups.models import MakeupChange, PlannedMakeup
from services.actions import service_session_void, service_sessions_log
from services.backlog_queries import outlooks_for
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement, ServiceSession
from tests.makeups.conftest import TODAY, owe

D = dt.date
THU, FRI, MON = D(2026, 11, 19), D(2026, 11, 20), D(2026, 11, 23)


def plan(line: ServiceRequirement, by, day: dt.date = THU, **kw) -> PlannedMakeup:  # noqa: ANN001
    return planned_makeup_add(requirement=line, by=by, target_date=day, **kw)


def tracked(makeup: PlannedMakeup, today: dt.date = TODAY) -> status.Tracked:
    plans = list(PlannedMakeup.objects.filter(requirement=makeup.requirement_id))
    return status.track(plans, today)[makeup.pk]


def outlook(line: ServiceRequirement, today: dt.date = TODAY):  # noqa: ANN201
    return outlooks_for(ledgers_for([line], today), today)[line.pk]


class TestPlan:
    def test_the_provider_plans_a_makeup_of_the_lines_session_length(self, owing, provider) -> None:  # noqa: ANN001
        makeup = plan(owing, provider)
        assert (makeup.minutes, makeup.target_date, makeup.planned_by) == (30, THU, provider)
        assert makeup.planned_at is not None
        assert tracked(makeup).state == "planned"
        assert outlook(owing).owed_text == "owed: 4 makeup sessions of 30 min (120 min), 1 planned"

    def test_the_case_manager_may_plan_too(self, owing, case_manager) -> None:  # noqa: ANN001
        assert plan(owing, case_manager).planned_by == case_manager

    def test_someone_else_may_not(self, owing, observer) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError, match="Only the provider or the case manager"):
            plan(owing, observer)

    @pytest.mark.parametrize(
        ("day", "message"),
        [
            (D(2026, 11, 17), "Nov 17, 2026 has passed; plan a makeup for today or a later school day."),
            (D(2026, 11, 21), "Nov 21, 2026 is not a school day on Lincoln Middle School's calendar."),
            (
                D(2027, 9, 1),
                "Sep 1, 2027 is outside Maya Lopez's Speech-language service (Sep 8, 2026 to Aug 31, 2027).",
            ),
        ],
    )
    def test_it_refuses_a_day_it_cannot_be_made_up(self, owing, provider, day, message) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError) as refused:
            plan(owing, provider, day)
        assert refused.value.message_dict == {"target_date": [message]}
        assert not PlannedMakeup.objects.exists()

    def test_today_is_fine(self, owing, provider) -> None:  # noqa: ANN001
        assert plan(owing, provider, TODAY).target_date == TODAY

    def test_a_line_that_owes_nothing_has_nothing_to_plan(self, speech, provider) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError, match="owes no minutes"):
            plan(speech, provider)

    def test_it_plans_no_more_makeups_than_sessions_owed(self, speech, provider) -> None:  # noqa: ANN001
        owe(speech, 2)
        plan(speech, provider, THU)
        plan(speech, provider, FRI)
        with pytest.raises(ValidationError, match=r"already has a makeup planned \(2 planned\)"):
            plan(speech, provider, MON)

    def test_the_database_refuses_a_cancellation_without_who_and_why(self, owing, provider) -> None:  # noqa: ANN001
        makeup = plan(owing, provider)
        with pytest.raises(IntegrityError), transaction.atomic():
            PlannedMakeup.objects.filter(pk=makeup.pk).update(cancel_reason="no reason given")


class TestDone:
    def log_makeup(self, line, by, day: dt.date = TODAY, certify: bool = True) -> ServiceSession:  # noqa: ANN001
        missed = ServiceSession.objects.filter(requirement=line, status="provider_absent").order_by("date")
        (row,) = service_sessions_log(
            requirements=[line],
            by=by,
            date=day,
            minutes=30,
            status="makeup",
            idempotency_key=uuid.uuid4(),
            certify=certify,
            makes_up=[missed.first()],
        )
        return row

    def test_a_logged_makeup_session_of_the_line_makes_the_plan_done(self, owing, provider) -> None:  # noqa: ANN001
        makeup = plan(owing, provider, FRI)
        session = self.log_makeup(owing, provider)
        found = tracked(makeup)
        assert (found.state, found.done_by) == ("done", session)
        # The ledger and the plan agree: 90 min owed now, nothing planned.
        assert outlook(owing).owed_text == "owed: 3 makeup sessions of 30 min (90 min), 0 planned"

    def test_a_pending_makeup_does_not_count_until_certified(self, owing, provider) -> None:  # noqa: ANN001
        makeup = plan(owing, provider, FRI)
        self.log_makeup(owing, provider, certify=False)
        assert tracked(makeup).state == "planned"

    def test_voiding_the_makeup_session_reopens_the_plan(self, owing, provider) -> None:  # noqa: ANN001
        makeup = plan(owing, provider, TODAY)
        session = self.log_makeup(owing, provider)
        service_session_void(session=session, by=provider, reason="Logged for the wrong student.")
        assert tracked(makeup, THU).state == "overdue"

    def test_a_plan_whose_day_passed_without_a_makeup_is_overdue(self, owing, provider) -> None:  # noqa: ANN001
        makeup = plan(owing, provider, THU)
        assert tracked(makeup, FRI).state == "overdue"
        assert tracked(makeup, THU).state == "planned"

    def test_a_done_makeup_can_be_neither_moved_nor_cancelled(self, owing, provider) -> None:  # noqa: ANN001
        makeup = plan(owing, provider, FRI)
        self.log_makeup(owing, provider)
        with pytest.raises(ValidationError, match="This makeup is done"):
            planned_makeup_cancel(makeup=makeup, by=provider, reason="Not needed")


class TestRescheduleAndCancel:
    def test_rescheduling_keeps_the_earlier_date_with_who_when_and_why(self, owing, provider) -> None:  # noqa: ANN001
        makeup = plan(owing, provider, THU)
        change = planned_makeup_reschedule(
            makeup=makeup, by=provider, target_date=MON, reason="Field trip on Thursday"
        )
        makeup.refresh_from_db()
        assert makeup.target_date == MON
        assert (change.kind, change.from_date, change.to_date, change.by, change.reason) == (
            "rescheduled",
            THU,
            MON,
            provider,
            "Field trip on Thursday",
        )
        assert change.at is not None

    def test_rescheduling_needs_a_reason_and_a_school_day(self, owing, provider) -> None:  # noqa: ANN001
        makeup = plan(owing, provider, THU)
        with pytest.raises(ValidationError, match="Say why"):
            planned_makeup_reschedule(makeup=makeup, by=provider, target_date=MON, reason=" ")
        with pytest.raises(ValidationError, match="not a school day"):
            planned_makeup_reschedule(makeup=makeup, by=provider, target_date=D(2026, 11, 22), reason="Moved")
        with pytest.raises(ValidationError, match="already planned for Nov 19"):
            planned_makeup_reschedule(makeup=makeup, by=provider, target_date=THU, reason="Moved")
        assert not MakeupChange.objects.exists()

    def test_cancelling_keeps_who_when_and_why_and_the_minutes_stay_owed(self, owing, provider) -> None:  # noqa: ANN001
        makeup = plan(owing, provider, THU)
        planned_makeup_cancel(makeup=makeup, by=provider, reason="Covered by the new IEP's services")
        makeup.refresh_from_db()
        assert (makeup.cancelled_by, makeup.cancel_reason) == (provider, "Covered by the new IEP's services")
        assert makeup.cancelled_at is not None
        assert MakeupChange.objects.get().kind == "cancelled"
        assert tracked(makeup).state == "cancelled"
        assert outlook(owing).owed_text == "owed: 4 makeup sessions of 30 min (120 min), 0 planned"
        with pytest.raises(ValidationError, match="already cancelled"):
            planned_makeup_cancel(makeup=makeup, by=provider, reason="Again")
