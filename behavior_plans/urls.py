from __future__ import annotations

from django.urls import path

from behavior_plans import views

app_name = "behavior_plans"

urlpatterns = [
    path("students/<int:pk>/", views.plan, name="plan"),
    path("students/<int:pk>/write/", views.write, name="write"),
    path("students/<int:pk>/record/", views.record, name="record"),
    path("students/<int:pk>/record/save/", views.save, name="save"),
    path("students/<int:pk>/strategies/add/", views.strategy_add, name="strategy_add"),
    path("students/<int:pk>/targets/add/", views.target_add, name="target_add"),
    path("students/<int:pk>/history/", views.history, name="history"),
    path("students/<int:pk>/revise/", views.revise, name="revise"),
]
