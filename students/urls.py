from __future__ import annotations

from django.urls import path

from students import views

app_name = "students"

urlpatterns = [
    path("", views.student_list, name="list"),
    path("<int:pk>/", views.student_detail, name="detail"),
    path("<int:pk>/family-contacts/", views.family_contact_add, name="family_contact_add"),
]
