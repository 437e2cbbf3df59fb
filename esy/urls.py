from __future__ import annotations

from django.urls import path

from esy import views

app_name = "esy"

urlpatterns = [
    path("students/<int:pk>/", views.student, name="student"),
    path("students/<int:pk>/decision/", views.decide, name="decide"),
    path("students/<int:pk>/services/add/", views.line_add, name="line_add"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/new/", views.session_new, name="session_new"),
]
