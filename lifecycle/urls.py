from __future__ import annotations

from django.urls import path

from lifecycle import views

app_name = "lifecycle"

urlpatterns = [
    path("students/<int:pk>/", views.team, name="team"),
    path("students/<int:pk>/add/", views.member_add, name="member_add"),
    path("students/<int:pk>/hand-over/", views.hand_over, name="hand_over"),
    path("students/<int:pk>/hand-over/<int:scheduled_pk>/cancel/", views.hand_over_cancel,
         name="hand_over_cancel"),
    path("students/<int:pk>/members/<int:user_pk>/remove/", views.member_remove, name="member_remove"),
    path("students/<int:pk>/lines/<int:line_pk>/provider/", views.line_provider, name="line_provider"),
    path("students/<int:pk>/goals/<int:goal_pk>/collectors/", views.goal_collectors, name="goal_collectors"),
    path("students/<int:pk>/exit/", views.iep_exit, name="exit"),
    path("caseload/", views.caseload_hand_over, name="caseload"),
]
