from __future__ import annotations

from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.window_add, name="window_add"),
    path("<int:pk>/edit/", views.window_edit, name="window_edit"),
    path("<int:pk>/delete/", views.window_delete, name="window_delete"),
]
