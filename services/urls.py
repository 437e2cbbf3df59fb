from __future__ import annotations

from django.urls import path

from services import views

app_name = "services"

urlpatterns = [
    path("log/", views.session_log, name="log"),
    path("student/<int:pk>/", views.student_services, name="student"),
    path("session/<int:pk>/amend/", views.session_amend, name="session_amend"),
    path("session/<int:pk>/void/", views.session_void, name="session_void"),
    path("session/<int:pk>/certify/", views.session_certify, name="session_certify"),
    path("session/<int:pk>/", views.session_detail, name="session"),
    path("sessions/", views.my_sessions, name="mine"),
    path("requirement/<int:pk>/co-providers/", views.co_providers, name="co_providers"),
    path("export/", views.export, name="export"),
    path("student/<int:pk>/services/add/", views.requirement_add, name="requirement_add"),
    path("requirement/<int:pk>/end/", views.requirement_end, name="requirement_end"),
]
