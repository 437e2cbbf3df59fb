from __future__ import annotations

from django.urls import include, path

from families import views

app_name = "families"

# The staff's pages live under /families/; the family portal under /family/ (the only prefix
# a guardian's account reaches: iep_portal.middleware.GuardianPortalOnlyMiddleware).
staff_urlpatterns = [
    path("students/<int:student_pk>/", views.guardians, name="guardians"),
    path("students/<int:student_pk>/add/", views.guardian_add, name="guardian_add"),
    path("students/<int:student_pk>/contacts/new/", views.contact_add, name="contact_add"),
    path("<int:pk>/edit/", views.guardian_edit, name="guardian_edit"),
    path("<int:pk>/invite/", views.guardian_invite, name="guardian_invite"),
]

portal_urlpatterns = [
    path("", views.home, name="portal"),
    path("<int:student_pk>/", views.child, name="child"),
    path("<int:student_pk>/reports/<int:number>/", views.report, name="report"),
    path("<int:student_pk>/meetings/<int:meeting_pk>.ics", views.meeting_ics, name="meeting_ics"),
    path("<int:student_pk>/message/", views.message, name="message"),
]

urlpatterns = [
    path("families/", include(staff_urlpatterns)),
    path("family/", include(portal_urlpatterns)),
]
