from __future__ import annotations

from django.urls import path

from lre import views

app_name = "lre"

urlpatterns = [
    path("", views.report, name="report"),
]
