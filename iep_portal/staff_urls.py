from __future__ import annotations

from django.urls import path

from iep_portal import staff_views

app_name = "staff"

urlpatterns = [
    path("invite/", staff_views.invite, name="invite"),
]
