"""Reads for administration pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from sanad.access import policy
from sanad.accounts.models import Organisation, Role, User


def organisation_list(*, user: Any) -> QuerySet[Organisation]:
    policy.require(user, "admin.organisations")
    return Organisation.objects.annotate(member_count=Count("memberships")).order_by("name")


def user_list(*, user: Any) -> QuerySet[User]:
    policy.require(user, "admin.users")
    return (
        User.objects.select_related("membership__organisation")
        .prefetch_related("membership__roles")
        .order_by("username")
    )


def role_list() -> QuerySet[Role]:
    return Role.objects.order_by("code")


def administration_counts(*, user: Any) -> dict[str, int]:
    policy.require(user, "home.administration")
    return {
        "organisations": Organisation.objects.filter(is_active=True).count(),
        "users": User.objects.filter(is_active=True).count(),
        "disabled_users": User.objects.filter(is_active=False).count(),
    }
