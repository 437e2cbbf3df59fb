"""A write's ValidationError shown on the form that asked for it, so nothing typed is lost."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def add_errors(
    form: forms.BaseForm, exc: ValidationError, *, rename: Mapping[str, str] | None = None
) -> None:
    """Put each message beside its field (a model field named differently on the form is
    mapped by `rename`); messages for fields the form does not have go on top of it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        field = (rename or {}).get(name, name)
        form.add_error(field if field in form.fields else None, errors)
