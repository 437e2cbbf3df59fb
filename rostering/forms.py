from __future__ import annotations

from django import forms
from django.conf import settings

from rostering.models import ImportRun


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label="What is in the file", choices=ImportRun.Kind.choices,
                             widget=forms.RadioSelect, initial=ImportRun.Kind.ONEROSTER)
    upload = forms.FileField(label="Zip file",
                             help_text="A OneRoster 1.1 or 1.2 CSV export (with manifest.csv), or "
                                       "the IEP data template files, zipped.")
    mode = forms.ChoiceField(label="If some rows have problems", choices=ImportRun.Mode.choices,
                             widget=forms.RadioSelect, initial=ImportRun.Mode.ALL_OR_NOTHING)
    dry_run = forms.BooleanField(label="Check only: report what would change, save nothing",
                                 required=False)

    def clean_upload(self) -> object:
        upload = self.cleaned_data["upload"]
        limit = settings.IEP_IMPORT_MAX_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is larger than {settings.IEP_IMPORT_MAX_UPLOAD_MB} MB.")
        head = upload.read(4)
        upload.seek(0)
        if head[:2] != b"PK":
            raise forms.ValidationError("Upload a .zip file (the CSV files zipped together).")
        return upload
