from __future__ import annotations

from django.urls import path

from students import roster_views

# Included from students/urls.py, so these names live in the "students" namespace.
urlpatterns = [
    path("imports/", roster_views.import_list, name="roster_imports"),
    path("imports/upload/", roster_views.import_upload, name="roster_import_upload"),
    path("imports/<int:pk>/", roster_views.import_detail, name="roster_import_detail"),
    path("imports/iep-export.zip", roster_views.iep_export, name="iep_export"),
]
