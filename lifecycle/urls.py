from __future__ import annotations

from django.urls import path

from lifecycle import views

app_name = "lifecycle"

urlpatterns = [
    path("students/<int:pk>/", views.team, name="team"),
    path("students/<int:pk>/add/", views.member_add, name="member_add"),
    path("students/<int:pk>/hand-over/", views.hand_over, name="hand_over"),
    path("students/<int:pk>/members/<int:user_pk>/remove/", views.member_remove, name="member_remove"),
    path("caseload/", views.caseload_hand_over, name="caseload"),
]
