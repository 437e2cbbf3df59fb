from __future__ import annotations

from django.urls import path

from fidelity import views as fidelity_views

app_name = "fidelity"

# Mounted at the root: the dashboards under /fidelity/, audit search where it has always been.
urlpatterns = [
    path("fidelity/", fidelity_views.dashboard, name="dashboard"),
    path("fidelity/students/", fidelity_views.students, name="students"),
    path("fidelity/deadlines/", fidelity_views.deadlines, name="deadlines"),
    path("fidelity/evidence/<int:pk>/", fidelity_views.evidence_packet, name="evidence"),
    path("fidelity/evidence/<int:pk>/packet.zip", fidelity_views.evidence_download, name="evidence_download"),
    path("fidelity/evidence/<int:pk>/summary/", fidelity_views.evidence_summary, name="evidence_summary"),
    path("staff/access-log/", fidelity_views.access_log, name="access_log"),
]
