"""The one page for a single form about a case: a title, the form, one button; 400 when invalid."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sanad.web.form_errors import show_on_form


def render_form_page(
    request: HttpRequest, form: Any, *, title: str, submit: str, case: Any = None, intro: str = ""
) -> HttpResponse:
    context = {"form": form, "title": title, "submit_label": submit, "case": case, "intro": intro}
    return render(
        request, "web/form_page.html", context, status=400 if form.is_bound and form.errors else 200
    )


def submitted_form(request: HttpRequest, form: Any, save: Callable[[], Any], *, done: str) -> Any:
    """Run the service on a valid POST: its result, or None with its errors shown on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save()
    except ValidationError as error:
        show_on_form(form, error)
        return None
    if done:
        messages.success(request, done)
    return result if result is not None else True
