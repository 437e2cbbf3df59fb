from __future__ import annotations

from django.urls import path

from schedules import views

app_name = "schedules"

urlpatterns = [
    path("", views.index, name="calendars"),
    path("school/<int:school_pk>/new/", views.calendar_new, name="calendar_new"),
    path("school/<int:school_pk>/<int:year>/", views.calendar_for_gap, name="calendar_for_year"),
    path("<int:pk>/", views.calendar, name="calendar"),
    path("<int:pk>/dates/", views.calendar_dates, name="calendar_dates"),
    path("<int:pk>/import/", views.calendar_import_view, name="import"),
    path("<int:pk>/import/confirm/", views.calendar_import_confirm, name="import_confirm"),
    path("<int:pk>/grading-periods/", views.grading_periods, name="grading_periods"),
    path("<int:pk>/grading-periods/<int:entry_pk>/remove/", views.grading_period_remove,
         name="grading_period_remove"),
    path("<int:pk>/<slug:kind>/new/", views.entry_add, name="entry_add"),
    path("<int:pk>/<slug:kind>/<int:entry_pk>/edit/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/<slug:kind>/<int:entry_pk>/remove/", views.entry_remove, name="entry_remove"),
]
