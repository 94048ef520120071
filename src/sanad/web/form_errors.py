"""Showing a service's ValidationError on the form that fed it, next to the field it names."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm


def show_on_form(form: BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)
