"""Administration pages: organisations, users and memberships. No case content is reachable from here."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sanad.access.decorators import capability_required, recent_authentication_required_to_change
from sanad.accounts import selectors, services
from sanad.accounts.forms import OrganisationForm, UserForm
from sanad.accounts.models import Organisation, User

PAGE_SIZE = 50


def _apply_errors(form: OrganisationForm | UserForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@capability_required("admin.organisations")
def organisation_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.organisation_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/organisation_list.html", {"page": page})


@capability_required("admin.organisations")
def organisation_edit(request: HttpRequest, organisation_id: UUID | None = None) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=organisation_id) if organisation_id else None
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_organisation(actor=request.user, organisation=organisation, data=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Organisation saved."))
            return redirect("accounts:organisation_list")
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": organisation})


@capability_required("admin.users")
def user_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.user_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page})


@capability_required("admin.users")
@recent_authentication_required_to_change
def user_edit(request: HttpRequest, user_id: UUID | None = None) -> HttpResponse:
    edited = get_object_or_404(User, pk=user_id) if user_id else None
    form = UserForm(request.POST or None, instance=edited)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_user(
                actor=request.user,
                user=edited,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                is_active=data["is_active"],
                organisation=data["organisation"],
                roles=data["roles"],
                password=data["password"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("User saved."))
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "edited": edited})
