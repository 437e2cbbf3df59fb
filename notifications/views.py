"""The notification centre: what the reminders asked of me, and my digest settings."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from iep_portal.access import require_admin
from notifications.access import own_notifications
from notifications.models import DigestPreference, Notification, NotificationSettings, OutboxMessage, SweepRun
from notifications.sweeps import sweep_names


def notification_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "unread")
    rows = own_notifications(request)
    if show == "unread":
        rows = rows.unread()
    page = Paginator(rows.order_by("-urgent", "-created_at"), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "show": show})


@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read and go where the work is done."""
    note = get_object_or_404(own_notifications(request), pk=pk)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    target = note.url if url_has_allowed_host_and_scheme(note.url, allowed_hosts=None) else "/"
    return redirect(target)


@require_POST
def notification_mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    own_notifications(request).filter(pk=pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("notifications:list")


@require_POST
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = own_notifications(request).filter(read_at__isnull=True).update(
        read_at=timezone.now()
    )
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} as read.")
    return redirect("notifications:list")


class SettingsForm(forms.Form):
    digest = forms.ChoiceField(choices=DigestPreference.choices, widget=forms.RadioSelect,
                               label="Email digest")
    muted_kinds = forms.MultipleChoiceField(
        choices=[(k.value, k.label) for k in Notification.Kind if k in Notification.MUTABLE_KINDS],
        widget=forms.CheckboxSelectMultiple, required=False, label="Mute these optional reminders",
        help_text="Reminders the law requires (minutes, deadlines, check-offs, data) cannot be muted.",
    )


def notification_settings(request: HttpRequest) -> HttpResponse:
    prefs, _ = NotificationSettings.objects.get_or_create(user=request.user)
    form = SettingsForm(request.POST or None, initial={"digest": prefs.digest,
                                                        "muted_kinds": prefs.muted_kinds})
    if request.method == "POST" and form.is_valid():
        prefs.digest = form.cleaned_data["digest"]
        prefs.muted_kinds = form.cleaned_data["muted_kinds"]
        prefs.save(update_fields=["digest", "muted_kinds"])
        messages.success(request, "Notification settings saved.")
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


def reminder_status(request: HttpRequest) -> HttpResponse:
    """For administrators: when each sweep last ran, what it found, anything stuck."""
    require_admin(request)
    latest = {
        run.name: run
        for run in SweepRun.objects.filter(
            pk__in=SweepRun.objects.values("name").annotate(last=Max("pk")).values("last")
        )
    }
    day_ago = timezone.now() - dt.timedelta(days=1)
    totals = Notification.objects.aggregate(
        created_today=Count("pk", filter=Q(created_at__gte=day_ago)),
        emailed_today=Count("pk", filter=Q(emailed_at__gte=day_ago)),
        waiting=Count("pk", filter=Q(emailed_at__isnull=True, muted=False, resolved_at__isnull=True)),
    )
    stuck = OutboxMessage.objects.filter(
        published_at__isnull=True, created_at__lt=timezone.now() - dt.timedelta(minutes=10)
    )
    return render(request, "notifications/status.html", {
        "sweeps": [(name, latest.get(name)) for name in sweep_names()],
        "totals": totals,
        "stuck_count": stuck.count(),
        "stuck": stuck.order_by("created_at")[:20],
    })
