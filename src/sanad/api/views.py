"""The administrator's pages for organisation tokens: the list, creation (the token is shown once, after
re-authentication) and revocation."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanad.access.decorators import capability_required, recent_authentication_required
from sanad.api import tokens
from sanad.api.forms import TokenForm
from sanad.api.models import ApiToken
from sanad.web.form_page import submitted_form


@require_GET
@capability_required("admin.api_tokens")
def token_list(request: HttpRequest) -> HttpResponse:
    listed = ApiToken.objects.select_related("organisation", "created_by")[:200]
    return render(request, "api/token_list.html", {"tokens": listed})


@capability_required("admin.api_tokens")
@recent_authentication_required
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    issued = submitted_form(
        request,
        form,
        lambda: tokens.issue_token(
            actor=request.user,
            organisation=form.cleaned_data["organisation"],
            name=form.cleaned_data["name"],
            roles=[form.cleaned_data["role"].code],
            scopes=form.cleaned_data["scopes"],
            days=form.cleaned_data["days"],
        ),
        done="",
    )
    if issued:
        token, secret = issued
        # Shown once, in this response only; never stored or logged in clear.
        response = render(request, "api/token_created.html", {"token": token, "secret": secret})
        response["Cache-Control"] = "no-store"
        return response
    status = 400 if form.is_bound else 200
    return render(request, "api/token_form.html", {"form": form}, status=status)


@require_POST
@capability_required("admin.api_tokens")
def token_revoke(request: HttpRequest, token_id: UUID) -> HttpResponse:
    try:
        tokens.revoke_token(actor=request.user, token_id=token_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The token is revoked: every call with it is now refused."))
    return redirect("api_tokens:list")
