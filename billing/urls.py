from __future__ import annotations

from django.urls import path

from billing import views

app_name = "billing"

urlpatterns = [
    path("", views.report, name="report"),
    path("claims/", views.export, name="export"),
    path("credentials/", views.credentials, name="credentials"),
    path("credentials/<int:pk>/", views.credential_edit, name="credential_edit"),
    path("codes/", views.codes, name="codes"),
    path("codes/add/", views.code_add, name="code_add"),
    path("codes/<int:pk>/", views.code_edit, name="code_edit"),
    path("layouts/", views.profiles, name="profiles"),
    path("layouts/add/", views.profile_add, name="profile_add"),
    path("layouts/<int:pk>/", views.profile_edit, name="profile_edit"),
    path("notes/", views.note_rules, name="note_rules"),
    path("notes/add/", views.note_rule_add, name="note_rule_add"),
    path("notes/<int:pk>/", views.note_rule_edit, name="note_rule_edit"),
    path("student/<int:pk>/", views.student, name="student"),
    path("student/<int:pk>/medicaid-id/", views.medicaid_id, name="medicaid_id"),
    path("student/<int:pk>/consent/", views.consent_add, name="consent_add"),
    path("student/<int:pk>/notice/", views.notice_add, name="notice_add"),
    path("student/<int:pk>/diagnosis/", views.diagnosis_add, name="diagnosis_add"),
    path("consent/<int:pk>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("line/<int:pk>/", views.line_coding, name="line_coding"),
    path("co-sign/", views.cosigns, name="cosigns"),
    path("co-sign/<int:pk>/", views.cosign, name="cosign"),
]
