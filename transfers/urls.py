from __future__ import annotations

from django.urls import path

from transfers import views

app_name = "transfers"

urlpatterns = [
    path("", views.open_transfers, name="list"),
    path("record/", views.record, name="record"),
    path("students/<int:pk>/", views.detail, name="detail"),
    path("students/<int:pk>/services/add/", views.line_add, name="line_add"),
    path("students/<int:pk>/evaluation/", views.evaluation, name="evaluation"),
    path("students/<int:pk>/close/", views.close, name="close"),
]
