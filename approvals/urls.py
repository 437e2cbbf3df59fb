from __future__ import annotations

from django.urls import path

from approvals import views

app_name = "approvals"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:kind>/<int:pk>/approve/", views.approve, name="approve"),
    path("<str:kind>/<int:pk>/reject/", views.reject, name="reject"),
]
