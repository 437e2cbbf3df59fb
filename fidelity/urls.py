from __future__ import annotations

from django.urls import path

from fidelity import views as fidelity_views

app_name = "fidelity"

urlpatterns = [
    path("", fidelity_views.dashboard, name="dashboard"),
    path("students/", fidelity_views.students, name="students"),
    path("deadlines/", fidelity_views.deadlines, name="deadlines"),
    path("evidence/<int:pk>/", fidelity_views.evidence_packet, name="evidence"),
    path("evidence/<int:pk>/packet.zip", fidelity_views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/summary/", fidelity_views.evidence_summary, name="evidence_summary"),
]
