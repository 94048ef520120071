"""Administration of organisations, users and memberships; every change audited in its transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.accounts.models import Membership, Organisation, Role, User
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.catalogs import loader

ORGANISATION_FIELDS = (
    "name", "name_ar", "short_code", "type", "region", "is_active",
    "services", "regions_served", "languages", "accepting_referrals",
)  # fmt: skip


def _check_organisation_codes(*, type: str, region: str) -> None:
    if type not in loader.organisation_types().by_code():
        raise ValidationError({"type": _("Unknown organisation type %(code)s.") % {"code": type}})
    if region and region not in loader.regions().by_code():
        raise ValidationError({"region": _("Unknown region code %(code)s.") % {"code": region}})


def save_organisation(*, actor: Any, organisation: Organisation | None, data: dict[str, Any]) -> Organisation:
    """Create (``organisation`` None) or update an organisation."""
    policy.require(actor, "admin.organisations")
    _check_organisation_codes(type=data["type"], region=data.get("region", ""))
    with transaction.atomic():
        if organisation is None:
            organisation = Organisation.objects.create(
                **{k: data[k] for k in ORGANISATION_FIELDS if k in data}
            )
            record_event(action=AuditAction.CREATE, actor=actor, target=organisation)
            return organisation
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        changed = [k for k in ORGANISATION_FIELDS if k in data and getattr(locked, k) != data[k]]
        for key in changed:
            setattr(locked, key, data[key])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
            record_event(action=AuditAction.UPDATE, actor=actor, target=locked, detail={"fields": changed})
        return locked


def save_user(
    *,
    actor: Any,
    user: User | None,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    is_active: bool,
    organisation: Organisation | None,
    roles: Iterable[Role],
    password: str = "",
) -> User:
    """Create or update a user together with her membership (one organisation, one or more roles)."""
    policy.require(actor, "admin.users")
    roles = list(roles)
    if organisation is not None and not roles:
        raise ValidationError({"roles": _("Give at least one role with the organisation.")})
    if roles and organisation is None:
        raise ValidationError({"organisation": _("Roles need an organisation.")})
    if user is not None and user.pk == actor.pk and not is_active:
        raise ValidationError({"is_active": _("You cannot disable your own account.")})
    with transaction.atomic():
        created = user is None
        if user is None:
            user = User(username=username)
            if not password:
                raise ValidationError({"password": _("A new user needs a password.")})
        else:
            user = User.objects.select_for_update().get(pk=user.pk)
        before = {
            "is_active": user.is_active,
            "roles": user.role_codes() if not created else [],
            "organisation": str(user.organisation.pk) if not created and user.organisation else "",
        }
        user.username = username
        user.first_name = first_name
        user.last_name = last_name
        user.email = email
        user.is_active = is_active
        if password:
            user.set_password(password)
        user.save()
        if organisation is None:
            Membership.objects.filter(user=user).delete()
        else:
            membership, _created = Membership.objects.update_or_create(
                user=user, defaults={"organisation": organisation}
            )
            membership.roles.set(roles)
        after = {
            "is_active": is_active,
            "roles": sorted(role.code for role in roles),
            "organisation": str(organisation.pk) if organisation else "",
        }
        changes = {key: after[key] for key in after if before.get(key) != after[key]}
        if password and not created:
            changes["password"] = "reset"  # noqa: S105 - a fact, not a password
        record_event(
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            actor=actor,
            target=user,
            target_label=user.username,
            detail=changes,
        )
    return user


def sync_default_roles(*, role_model: Any = Role) -> int:
    """Create any default role of the catalogue that is missing (never alters an existing role).

    ``role_model`` lets the data migration pass its historical model.
    """
    created = 0
    for entry in loader.roles().entries:
        _role, was_created = role_model.objects.get_or_create(
            code=entry.code,
            defaults={
                "label_fr": entry.fr,
                "label_ar": entry.ar,
                "label_en": entry.en,
                "capabilities": list(entry.capabilities),
                "sees_identity": entry.sees_identity,
            },
        )
        created += int(was_created)
    return created
