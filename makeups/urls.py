from __future__ import annotations

from django.urls import path

from makeups import views

app_name = "makeups"

urlpatterns = [
    path("line/<int:pk>/", views.line, name="line"),
    path("line/<int:pk>/plan/", views.plan_add, name="plan_add"),
    path("<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
]
