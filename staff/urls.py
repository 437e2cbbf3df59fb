from __future__ import annotations

from django.urls import path

from staff import views as staff_views

app_name = "staff"

urlpatterns = [
    path("invite/", staff_views.invite, name="invite"),
]
