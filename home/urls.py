from __future__ import annotations

from django.urls import path

from home import views

urlpatterns = [
    path("", views.home, name="home"),
    path("my-students/", views.caseload, name="caseload"),
]
