"""The demo's billing: billable and not-billable sessions, each with its reasons."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from billing import demo
from billing.billability import Reason, assess, candidates
from billing.models import ProviderCredential, SessionCoSign
from services import demo as services_demo
from services.models import ServiceSession
from students import demo as students_demo


def test_the_demo_shows_billable_sessions_and_every_kind_of_reason(db: None) -> None:
    world = students_demo.load()
    assert world is not None
    services_demo.load(world)
    demo.load(world)
    since = world.today - dt.timedelta(days=60)
    assessed = assess(list(candidates(ServiceSession.objects.filter(date__gte=since))))
    reasons = Counter(r for a in assessed for r in a.reasons)
    billable = [a for a in assessed if a.billable]
    assert len(billable) > len(assessed) / 2
    assert {Reason.NO_CONSENT, Reason.NOTE_MISSING, Reason.LICENCE_EXPIRED, Reason.COSIGN_MISSING,
            Reason.PENDING} <= set(reasons)
    # The OT's licence lapsed three weeks ago: her sessions before then bill, after do not.
    ot = ProviderCredential.objects.get(user=world.users["provider_ot"])
    ot_rows = [a for a in assessed if a.session.certified_by_id == ot.user_id]
    assert all((Reason.LICENCE_EXPIRED in a.reasons) is (a.session.date > ot.licence_expires) for a in ot_rows)
    # The assistant's co-signed session bills; the other waits for the SLP.
    cosigned = SessionCoSign.objects.get()
    assert cosigned.cosigned_by == world.users["provider"]
    by_pk = {a.session.pk: a for a in assessed}
    assert by_pk[cosigned.session_id].reasons == []
    assert all("Activity: " in r for r in ServiceSession.objects.filter(
        pk__in=[a.session.pk for a in billable]).values_list("note", flat=True))
