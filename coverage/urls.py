from __future__ import annotations

from django.urls import path

from coverage import views

app_name = "coverage"

urlpatterns = [
    path("", views.index, name="index"),
    path("paraprofessionals/assign/", views.assign, name="assign"),
    path("substitutes/grant/", views.grant, name="grant"),
    path("students/<int:pk>/", views.para_student, name="para_student"),
    path("students/<int:pk>/check/", views.para_check, name="para_check"),
    path("students/<int:pk>/data/", views.para_data, name="para_data"),
    path("students/<int:pk>/review/", views.para_review, name="para_review"),
    path("students/<int:pk>/minutes/", views.para_minutes, name="para_minutes"),
    path("classes/<int:pk>/packet/", views.packet, name="packet"),
    path("classes/<int:pk>/check/", views.packet_check, name="packet_check"),
]
