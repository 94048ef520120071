from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from sanad.accounts.models import Organisation, Role, User
from sanad.catalogs import loader


class OrganisationForm(forms.ModelForm):
    type = forms.ChoiceField(label=_("Type"), choices=lambda: loader.organisation_types().choices())
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=lambda: [("", _("National")), *loader.regions().choices()]
    )

    services = forms.MultipleChoiceField(
        label=_("Services offered"),
        required=False,
        choices=lambda: loader.services().choices(),
        widget=forms.CheckboxSelectMultiple,
    )
    regions_served = forms.MultipleChoiceField(
        label=_("Regions served"),
        required=False,
        choices=lambda: loader.regions().choices(),
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), required=False, choices=lambda: loader.languages().choices()
    )

    class Meta:
        model = Organisation
        fields = [
            "name", "name_ar", "short_code", "type", "region", "is_active",
            "services", "regions_served", "languages", "accepting_referrals",
        ]  # fmt: skip


class UserForm(forms.Form):
    username = forms.RegexField(label=_("Username"), max_length=150, regex=r"^[\w.@+-]+$")
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(is_active=True), required=False
    )
    roles = forms.ModelMultipleChoiceField(
        label=_("Roles"), queryset=Role.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    password = forms.CharField(
        label=_("Password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Required for a new user; leave empty to keep the current password."),
    )

    def __init__(self, *args: Any, instance: User | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            membership = instance.active_membership
            kwargs["initial"] = {
                "username": instance.username,
                "first_name": instance.first_name,
                "last_name": instance.last_name,
                "email": instance.email,
                "is_active": instance.is_active,
                "organisation": membership.organisation if membership else None,
                "roles": list(membership.roles.all()) if membership else [],
            }
        super().__init__(*args, **kwargs)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        clash = User.objects.filter(username__iexact=username)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This username is already taken."))
        return username

    def clean_password(self) -> str:
        password: str = self.cleaned_data.get("password", "")
        if self.instance is None and not password:
            raise forms.ValidationError(_("A new user needs a password."))
        if password:
            validate_password(password, user=self.instance)
        return password
