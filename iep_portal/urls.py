from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from iep_portal import account_views, views

# The Django admin uses the product's sign-in, including its rate limits and MFA.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "IEP Portal administration"

urlpatterns = [
    path("", include("home.urls")),
    path("healthz", views.healthz, name="healthz"),
    # Two of allauth's account pages ask more of the person (iep_portal/account_views.py).
    path("accounts/email/", account_views.email, name="account_email"),
    path("accounts/password/change/", account_views.password_change_reauthenticated,
         name="account_change_password"),
    path("accounts/", include("allauth.urls")),
    path("staff/", include("staff.urls")),
    path("approvals/", include("approvals.urls")),
    path("", include("fidelity.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
    path("students/", include("students.urls")),
    path("students/", include("meetings.urls")),
    path("students/roster/", include("rostering.urls")),
    path("services/", include("services.urls")),
    path("makeups/", include("makeups.urls")),
    path("schedule/", include("provider_schedules.urls")),
    path("accommodations/", include("accommodations.urls")),
    path("testing/", include("assessments.urls")),
    path("calendars/", include("schedules.urls")),
    path("team/", include("lifecycle.urls")),
    path("amendments/", include("amendments.urls")),
    path("transfers/", include("transfers.urls")),
    path("esy/", include("esy.urls")),
    path("environments/", include("lre.urls")),
    path("behavior/", include("behavior.urls")),
    path("progress/", include("progress.urls")),
    path("behavior-plans/", include("behavior_plans.urls")),
    # The staff's guardian pages (families/) and the family portal (family/).
    path("", include("families.urls")),
    path("billing/", include("billing.urls")),
]
