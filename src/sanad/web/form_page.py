"""The one page for a single form: a title, the form, one button; 400 when invalid. ``form_view`` runs the
whole life of such a page, so views only say which form, which service and where to go next."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sanad.web.form_errors import show_on_form


def render_form_page(
    request: HttpRequest, form: Any, *, title: str, submit: str, case: Any = None, intro: str = ""
) -> HttpResponse:
    context = {"form": form, "title": title, "submit_label": submit, "case": case, "intro": intro}
    return render(
        request, "web/form_page.html", context, status=400 if form.is_bound and form.errors else 200
    )


Done = str | Callable[[Any], str]


def submitted_form(request: HttpRequest, form: Any, save: Callable[[], Any], *, done: Done) -> Any:
    """Run the service on a valid POST: its result, or None with its errors shown on the form. ``done`` is
    the confirmation, or a function of the result that gives it."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save()
    except ValidationError as error:
        show_on_form(form, error)
        return None
    if done:
        messages.success(request, done(result) if callable(done) else done)
    return result if result is not None else True


def form_view(
    request: HttpRequest, form: Any, save: Callable[[], Any], *, done: Done, success: Callable[[Any], str],
    title: str, submit: str, intro: str = "",
) -> HttpResponse:  # fmt: skip
    """GET shows the form; a valid POST runs ``save`` and redirects to ``success(result)``; an invalid one
    shows the form again with its errors (400)."""
    result = submitted_form(request, form, save, done=done)
    if result:
        return redirect(success(result))
    return render_form_page(request, form, title=title, submit=submit, intro=intro)
