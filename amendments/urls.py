from __future__ import annotations

from django.urls import path

from amendments import views

app_name = "amendments"

urlpatterns = [
    path("students/<int:pk>/", views.history, name="history"),
    path("students/<int:pk>/start/", views.start, name="start"),
    path("students/<int:pk>/<int:amendment_pk>/", views.amendment, name="amendment"),
    path("students/<int:pk>/<int:amendment_pk>/details/", views.details, name="details"),
    path("students/<int:pk>/<int:amendment_pk>/change/", views.change, name="change"),
    path(
        "students/<int:pk>/<int:amendment_pk>/changes/<int:change_pk>/remove/",
        views.change_remove,
        name="change_remove",
    ),
    path("students/<int:pk>/<int:amendment_pk>/notice/", views.notice, name="notice"),
    path("students/<int:pk>/<int:amendment_pk>/finalize/", views.finalize, name="finalize"),
    path("students/<int:pk>/<int:amendment_pk>/notice/print/", views.notice_print, name="notice_print"),
]
