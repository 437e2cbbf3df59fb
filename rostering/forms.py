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


class CalendarConfirmForm(forms.Form):
    """One proposed school year: its dates as the district confirms them, and its schools."""

    session = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label="Name", max_length=60, help_text="e.g. 2026-27")
    start_date = forms.DateField(label="First day of instruction",
                                 widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label="Last day of instruction",
                               widget=forms.DateInput(attrs={"type": "date"}))
    schools = forms.TypedMultipleChoiceField(
        label="Schools", coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one school."},
        help_text="Only schools with no calendar for these dates are listed.")

    def __init__(self, *args: object, school_choices: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["schools"].choices = school_choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", "The last day must be after the first day.")
        return data
