from __future__ import annotations

from django.urls import path

from behavior import views

app_name = "behavior"

urlpatterns = [
    path("students/<int:pk>/removals/", views.removals, name="removals"),
    path("students/<int:pk>/removals/new/", views.removal_record, name="removal_record"),
    path("students/<int:pk>/removals/pattern/", views.pattern_record, name="pattern_record"),
]
