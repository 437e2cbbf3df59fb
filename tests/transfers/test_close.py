"""Comparable services on the interim IEP, the evaluation decision, and closing a transfer."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from notifications.models import Notification
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement
from students.models import IEP
from tests import factories as f
from tests.transfers.conftest import TODAY, D
from transfers.actions import transfer_close, transfer_evaluation_decide, transfer_line_add
from transfers.models import TransferIn
from transfers.reminders import transfer_sweep


def _reading(transfer: TransferIn, by, **kw) -> ServiceRequirement:  # noqa: ANN001
    values = {"kind": "sdi", "area": "Reading", "minutes": 225, "sessions": 5, "period": "week",
              "setting": "special_ed", "provider": transfer.interim_iep.case_manager,
              "start_date": D(2026, 11, 9), "end_date": transfer.interim_iep.end_date}
    values.update(kw)
    return transfer_line_add(transfer=transfer, by=by, **values)


def test_comparable_services_are_lines_of_the_interim_iep_and_count_in_the_ledger(record, case_manager) -> None:  # noqa: ANN001
    transfer = record()
    line = _reading(transfer, case_manager)
    assert line.iep == transfer.interim_iep
    ledger = ledgers_for(ServiceRequirement.objects.filter(pk=line.pk), TODAY)[line.pk].ledger
    # Nov 9 to Nov 18, eight school days at 45 minutes a day.
    assert ledger.expected == 8 * 45 and ledger.delivered == 0


def test_comparable_services_start_no_earlier_than_enrollment(record, case_manager) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match="enrolled"):
        _reading(record(), case_manager, start_date=D(2026, 11, 2))


class TestAdopting:
    def test_it_stops_the_clock_and_keeps_the_interim_lines(self, record, case_manager) -> None:  # noqa: ANN001
        transfer = record()
        line = _reading(transfer, case_manager)
        closed = transfer_close(transfer=transfer, by=case_manager, outcome="adopted", closed_on=TODAY,
                                note="Adopted with the parent's agreement", today=TODAY)
        assert (closed.outcome, closed.closed_by, closed.closed_on) == ("adopted", case_manager, TODAY)
        assert closed.closed_at is not None
        line.refresh_from_db()
        assert line.end_date == transfer.interim_iep.end_date
        assert IEP.objects.get(pk=transfer.interim_iep_id).status == IEP.Status.ACTIVE
        assert transfer_sweep(D(2026, 12, 8)) == []

    def test_a_second_close_is_a_no_op_and_a_different_one_is_refused(self, record, case_manager) -> None:  # noqa: ANN001
        transfer = record()
        first = transfer_close(transfer=transfer, by=case_manager, outcome="adopted", closed_on=TODAY, today=TODAY)
        again = transfer_close(transfer=transfer, by=case_manager, outcome="adopted", closed_on=TODAY, today=TODAY)
        assert again.closed_at == first.closed_at
        with pytest.raises(ValidationError, match="already closed"):
            transfer_close(transfer=transfer, by=case_manager, outcome="new_iep", closed_on=TODAY, today=TODAY)

    def test_it_settles_the_transfer_reminders(self, record, case_manager) -> None:  # noqa: ANN001
        from notifications.notify import remind_many
        transfer = record()
        remind_many(transfer_sweep(D(2026, 12, 1)))
        assert Notification.objects.filter(resolved_at__isnull=True).count() == 1
        transfer_close(transfer=transfer, by=case_manager, outcome="adopted", closed_on=TODAY, today=TODAY)
        assert Notification.objects.filter(resolved_at__isnull=True).count() == 0


class TestANewIEP:
    def test_the_new_iep_takes_over_and_the_interim_lines_end_the_day_before(self, record, case_manager) -> None:  # noqa: ANN001
        transfer = record()
        line = _reading(transfer, case_manager)
        new = f.IEPFactory(student=transfer.student, case_manager=case_manager, status=IEP.Status.DRAFT,
                           meeting_date=D(2026, 11, 16), start_date=D(2026, 11, 17), end_date=D(2027, 11, 15),
                           annual_review_due=D(2027, 11, 15))
        transfer_close(transfer=transfer, by=case_manager, outcome="new_iep", new_iep=new, closed_on=D(2026, 11, 16),
                       today=TODAY)
        line.refresh_from_db()
        new.refresh_from_db()
        interim = IEP.objects.get(pk=transfer.interim_iep_id)
        assert line.end_date == D(2026, 11, 16)
        assert new.status == IEP.Status.ACTIVE and interim.status == IEP.Status.ENDED
        assert interim.end_date == D(2026, 11, 16)
        # What the comparable services asked while they ran (Nov 9 to 16: six days) stays on the line.
        ledger = ledgers_for(ServiceRequirement.objects.filter(pk=line.pk), TODAY)[line.pk].ledger
        assert ledger.expected == 6 * 45

    def test_it_needs_the_new_iep(self, record, case_manager) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError) as e:
            transfer_close(transfer=record(), by=case_manager, outcome="new_iep", closed_on=TODAY, today=TODAY)
        assert "new_iep" in e.value.message_dict


class TestFromAnotherState:
    def test_it_cannot_close_without_an_evaluation_decision(self, record, case_manager) -> None:  # noqa: ANN001
        transfer = record(in_state=False, sending_state="WI", sending_district="Beloit School District")
        new = f.IEPFactory(student=transfer.student, case_manager=case_manager, status=IEP.Status.DRAFT,
                           meeting_date=D(2026, 11, 16), start_date=D(2026, 11, 17), end_date=D(2027, 11, 15),
                           annual_review_due=D(2027, 11, 15))
        with pytest.raises(ValidationError, match="evaluation decision first"):
            transfer_close(transfer=transfer, by=case_manager, outcome="new_iep", new_iep=new, closed_on=TODAY,
                           today=TODAY)
        with pytest.raises(ValidationError, match="not adopted"):
            transfer_close(transfer=transfer, by=case_manager, outcome="adopted", closed_on=TODAY, today=TODAY)
        transfer_evaluation_decide(transfer=transfer, by=case_manager, evaluation="not_needed",
                                   decided_on=D(2026, 11, 12), basis="The Wisconsin evaluation of May 2026 "
                                   "covers every area of need.", today=TODAY)
        closed = transfer_close(transfer=transfer, by=case_manager, outcome="new_iep", new_iep=new,
                                closed_on=TODAY, today=TODAY)
        assert (closed.outcome, closed.evaluation, closed.evaluation_by) == ("new_iep", "not_needed", case_manager)

    def test_the_decision_needs_its_basis_and_is_recorded_once(self, record, case_manager) -> None:  # noqa: ANN001
        transfer = record(in_state=False, sending_state="WI")
        with pytest.raises(ValidationError) as e:
            transfer_evaluation_decide(transfer=transfer, by=case_manager, evaluation="evaluate",
                                       decided_on=TODAY, basis=" ", today=TODAY)
        assert "basis" in e.value.message_dict
        transfer_evaluation_decide(transfer=transfer, by=case_manager, evaluation="evaluate", decided_on=TODAY,
                                   basis="New concerns about attention", today=TODAY)
        transfer_evaluation_decide(transfer=transfer, by=case_manager, evaluation="evaluate", decided_on=TODAY,
                                   basis="New concerns about attention", today=TODAY)
        with pytest.raises(ValidationError, match="already recorded"):
            transfer_evaluation_decide(transfer=transfer, by=case_manager, evaluation="not_needed",
                                       decided_on=TODAY, basis="x", today=TODAY)

    def test_a_transfer_within_the_state_needs_no_decision(self, record, case_manager) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError, match="no evaluation decision"):
            transfer_evaluation_decide(transfer=record(), by=case_manager, evaluation="evaluate",
                                       decided_on=TODAY, basis="x", today=TODAY)


def test_a_closed_transfer_takes_no_more_comparable_services(record, case_manager) -> None:  # noqa: ANN001
    transfer = record()
    transfer_close(transfer=transfer, by=case_manager, outcome="adopted", closed_on=TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="closed"):
        _reading(transfer, case_manager)
