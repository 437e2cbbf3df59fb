from __future__ import annotations

from django.urls import path

from provider_schedules import views

app_name = "provider_schedules"

urlpatterns = [
    path("", views.week, name="week"),
    path("plans/new/", views.plan_add, name="plan_add"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/end/", views.plan_end, name="plan_end"),
    path("plans/<int:pk>/<str:day>/log/", views.session_log, name="log"),
]
