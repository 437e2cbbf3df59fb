from __future__ import annotations

from django.urls import path

from progress import views

app_name = "progress"

urlpatterns = [
    path("students/<int:student_pk>/goals/new/", views.goal_create, name="goal_create"),
    path("goals/<int:pk>/", views.goal_detail, name="goal"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("goals/<int:pk>/data/", views.data_point_add, name="data_point_add"),
    path("goals/<int:pk>/requests/", views.data_request_create, name="data_request_create"),
    path("requests/<int:pk>/", views.data_request_detail, name="data_request"),
    path("requests/<int:pk>/review/", views.data_request_review, name="data_request_review"),
    path("requests/<int:pk>/cancel/", views.data_request_cancel, name="data_request_cancel"),
    path("students/<int:student_pk>/reports/", views.reports, name="reports"),
    path("students/<int:student_pk>/reports/reviews/", views.review_requests_create,
         name="review_requests_create"),
    path("students/<int:student_pk>/reports/schedule/", views.schedule_set, name="schedule_set"),
    path("students/<int:student_pk>/reports/<int:number>/", views.reports, name="reports_period"),
    path("students/<int:student_pk>/reports/<int:number>/save/", views.report_save, name="report_save"),
    path("students/<int:student_pk>/reports/<int:number>/sent/", views.report_sent, name="report_sent"),
    path("students/<int:student_pk>/reports/<int:number>/family/", views.family_report,
         name="family_report"),
    path("students/<int:student_pk>/reports/<int:number>/translations/", views.translations,
         name="translations"),
]
