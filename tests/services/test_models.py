"""Requirements validate in plain words; certified sessions cannot be rewritten, even in SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, ProgrammingError, transaction
from django.utils import timezone

from services.actions import service_requirement_add
from services.models import ServiceRequirement, ServiceSession
from tests.factories import UserFactory
from tests.services.factories import ServiceSessionFactory

D = dt.date


def requirement_kwargs(iep, provider, **over):  # noqa: ANN001, ANN003, ANN201
    kwargs = {"iep": iep, "by": iep.case_manager, "kind": "related", "area": "Speech-language",
              "minutes": 60, "sessions": 2, "period": "week", "setting": "special_ed",
              "provider": provider, "start_date": iep.start_date, "end_date": iep.end_date}
    kwargs.update(over)
    return kwargs


class TestRequirement:
    def test_it_adds_a_service_line_for_a_team_provider(self, iep, provider) -> None:  # noqa: ANN001
        r = service_requirement_add(**requirement_kwargs(iep, provider))
        assert r.summary == "60 min per week (2 sessions)"
        assert r.session_length == 30

    def test_it_keeps_the_history_of_every_change(self, iep, provider) -> None:  # noqa: ANN001
        r = service_requirement_add(**requirement_kwargs(iep, provider))
        ServiceRequirement.objects.filter(pk=r.pk).update(minutes=90)
        assert list(r.events.order_by("pgh_id").values_list("pgh_label", "minutes")) == [
            ("insert", 60), ("update", 90)]

    def test_it_refuses_dates_outside_the_iep(self, iep, provider) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError) as err:
            service_requirement_add(**requirement_kwargs(iep, provider, start_date=D(2026, 9, 1),
                                                         end_date=D(2027, 9, 30)))
        assert "while the IEP is in effect" in str(err.value.message_dict["start_date"])
        assert "by the end of the IEP" in str(err.value.message_dict["end_date"])

    def test_it_refuses_a_provider_who_is_not_on_the_team(self, iep, school) -> None:  # noqa: ANN001
        stranger = UserFactory(role="provider", schools=[school])
        with pytest.raises(ValidationError) as err:
            service_requirement_add(**requirement_kwargs(iep, stranger))
        assert "Add them to the team first" in str(err.value)

    def test_the_case_manager_may_provide_a_service(self, iep) -> None:  # noqa: ANN001
        assert service_requirement_add(**requirement_kwargs(iep, iep.case_manager, kind="sdi"))

    def test_an_observer_may_not_provide_a_service(self, iep, observer) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError):
            service_requirement_add(**requirement_kwargs(iep, observer))

    def test_it_refuses_fewer_minutes_than_sessions_and_days_longer_than_school(self, iep, provider) -> None:  # noqa: ANN001
        with pytest.raises(ValidationError, match="at least one minute"):
            service_requirement_add(**requirement_kwargs(iep, provider, minutes=1, sessions=2))
        with pytest.raises(ValidationError, match="longer than the school day"):
            service_requirement_add(**requirement_kwargs(iep, provider, minutes=500, period="day"))

    def test_the_database_refuses_zero_minutes(self, speech) -> None:  # noqa: ANN001
        with pytest.raises(IntegrityError), transaction.atomic():
            ServiceRequirement.objects.filter(pk=speech.pk).update(minutes=0)


class TestCertifiedSessionsAreImmutable:
    def test_a_raw_update_of_a_certified_row_fails(self, speech) -> None:  # noqa: ANN001
        session = ServiceSessionFactory(requirement=speech)
        with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
            ServiceSession.objects.filter(pk=session.pk).update(minutes=45)
        session.refresh_from_db()
        assert session.minutes == 30

    def test_a_raw_delete_of_a_certified_row_fails(self, speech) -> None:  # noqa: ANN001
        session = ServiceSessionFactory(requirement=speech)
        with pytest.raises(ProgrammingError), transaction.atomic():
            ServiceSession.objects.filter(pk=session.pk).delete()
        assert ServiceSession.objects.filter(pk=session.pk).exists()

    def test_an_uncertified_row_can_still_be_certified(self, speech) -> None:  # noqa: ANN001
        session = ServiceSessionFactory(requirement=speech, certified_by=None, certified_at=None)
        ServiceSession.objects.filter(pk=session.pk).update(
            certified_at=timezone.now(), certified_by=speech.provider)
        with pytest.raises(ProgrammingError), transaction.atomic():
            ServiceSession.objects.filter(pk=session.pk).update(certified_at=None, certified_by=None)

    def test_an_amendment_row_needs_the_original_and_a_reason(self, speech) -> None:  # noqa: ANN001
        with pytest.raises(IntegrityError), transaction.atomic():
            ServiceSessionFactory(requirement=speech, entry="amend")

    def test_a_certification_names_who_certified(self, speech) -> None:  # noqa: ANN001
        with pytest.raises(IntegrityError), transaction.atomic():
            ServiceSessionFactory(requirement=speech, certified_by=None)
