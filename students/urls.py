from __future__ import annotations

from django.urls import include, path

from students import meeting_urls, views

app_name = "students"

urlpatterns = [
    path("", views.student_list, name="list"),
    path("<int:pk>/", views.student_detail, name="detail"),
    path("<int:pk>/family-contacts/", views.family_contact_add, name="family_contact_add"),
    *meeting_urls.urlpatterns,
    path("roster/", include("students.roster_urls")),
]
