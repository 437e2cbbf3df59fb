from __future__ import annotations

from django.urls import path

from rostering import views as roster_views

app_name = "rostering"

urlpatterns = [
    path("imports/", roster_views.import_list, name="imports"),
    path("imports/upload/", roster_views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", roster_views.import_detail, name="import_detail"),
    path("imports/calendars/", roster_views.calendar_proposals_page, name="calendar_proposals"),
    path("imports/calendars/confirm/", roster_views.calendar_confirm, name="calendar_confirm"),
    path("imports/iep-export.zip", roster_views.iep_export, name="iep_export"),
]
