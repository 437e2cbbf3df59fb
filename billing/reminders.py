"""Reminder sweep: a provider's licence expiring (see notifications.sweeps).

BILLING_CREDENTIAL_WARN_DAYS before the expiry the provider and the district administrators
are reminded, once for each expiry date (the key names it, so a renewal to a new date
reminds again next time); on expiry, again (urgent). A renewal settles the open ones.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse

from billing.models import ProviderCredential
from iep_portal.models import User
from notifications.models import Notification
from notifications.notify import Reminder, resolve_settled

PREFIX = "licence"


def licence_sweep(today: dt.date) -> list[Reminder]:
    """Queries (3, however many providers): credentials expiring within the warning window of
    active providers (1), the district administrators (1), settling renewed ones (1)."""
    horizon = today + dt.timedelta(days=settings.BILLING_CREDENTIAL_WARN_DAYS)
    rows = list(ProviderCredential.objects.expiring_by(horizon).filter(user__is_active=True)
                .select_related("user"))
    admins = list(User.objects.filter(role=User.Role.DISTRICT_ADMIN, is_active=True)
                  .values_list("pk", flat=True)) if rows else []
    reminders = []
    for c in rows:
        expired = c.licence_expires < today
        stage = "expired" if expired else "soon"
        when = f"{c.licence_expires:%b %-d, %Y}"
        title = (f"{c.user}'s {c.licence_state} licence expired {when}: their sessions since are not "
                 "billable" if expired else
                 f"{c.user}'s {c.licence_state} licence expires {when}: record the renewal")
        for user_id in dict.fromkeys([c.user_id, *admins]):
            url = (reverse("billing:credential_edit", args=[c.user_id]) if user_id in admins
                   else reverse("home"))
            reminders.append(Reminder(user_id, Notification.Kind.DEADLINE,
                                      f"{PREFIX}:{c.user_id}:{c.licence_expires.isoformat()}:{stage}:{user_id}",
                                      title, url, urgent=expired))
    resolve_settled(Notification.Kind.DEADLINE, PREFIX, reminders)
    return reminders
