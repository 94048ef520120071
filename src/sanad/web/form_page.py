"""The one page for a single form about a case: a title, the form, one button; 400 when invalid."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_form_page(
    request: HttpRequest, form: Any, *, title: str, submit: str, case: Any = None, intro: str = ""
) -> HttpResponse:
    context = {"form": form, "title": title, "submit_label": submit, "case": case, "intro": intro}
    return render(
        request, "web/form_page.html", context, status=400 if form.is_bound and form.errors else 200
    )
