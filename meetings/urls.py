"""Meeting and documentation URLs, mounted under /students/ beside the student pages."""

from __future__ import annotations

from django.urls import path

from meetings import views

M = "<int:pk>/meetings/<int:meeting_pk>"

app_name = "meetings"

urlpatterns = [
    path("documentation/", views.documentation, name="documentation"),
    path("<int:pk>/meetings/", views.student_meetings, name="meetings"),
    path("<int:pk>/meetings/new/", views.meeting_add, name="meeting_add"),
    path(f"{M}/", views.meeting_detail, name="meeting_detail"),
    path(f"{M}/edit/", views.meeting_edit, name="meeting_edit"),
    path(f"{M}/cancel/", views.meeting_cancel_view, name="meeting_cancel"),
    path(f"{M}/notice/", views.meeting_notice, name="meeting_notice"),
    path(f"{M}/notice/print/", views.meeting_notice_print, name="meeting_notice_print"),
    path(f"{M}/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path(f"{M}/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path(f"{M}/follow-ups/", views.follow_up_add_view, name="follow_up_add"),
    path("<int:pk>/follow-ups/<int:follow_up_pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("<int:pk>/consent/", views.consent_add, name="consent_add"),
    path("<int:pk>/transition-plan/", views.transition_plan_add, name="transition_plan_add"),
]
