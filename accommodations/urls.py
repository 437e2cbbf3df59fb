from __future__ import annotations

from django.urls import path

from accommodations import testing_views, views

app_name = "accommodations"

urlpatterns = [
    path("my-classes/", views.my_classes, name="my_classes"),
    path("acknowledgements/", views.acknowledgements, name="acknowledgements"),
    path("classes/<int:pk>/check/", views.section_check, name="section_check"),
    path("students/<int:pk>/", views.student_supports, name="student"),
    path("students/<int:pk>/glance/", views.glance, name="glance"),
    path("students/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("students/<int:pk>/supports/new/", views.support_add, name="support_add"),
    path("supports/<int:pk>/edit/", views.support_edit, name="support_edit"),
    path("supports/<int:pk>/end/", views.support_end, name="support_end"),
    path("supports/<int:pk>/review/", views.review_add, name="review_add"),
    path("reviews/<int:pk>/resolve/", views.review_resolve, name="review_resolve"),
    path("testing/<int:pk>/roster/", testing_views.testing_roster, name="testing_roster"),
    path("testing/<int:pk>/roster/print/", testing_views.testing_roster_print, name="testing_roster_print"),
]
