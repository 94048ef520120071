"""The audit trail: who did or saw what, for which object, why, from where, in which request."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGOUT = "logout", _("Logout")
    FAILED_LOGIN = "failed_login", _("Failed login")
    LOCKED_OUT = "locked_out", _("Locked out")
    ACCESS_DENIED = "access_denied", _("Access denied")
    VIEW_IDENTITY = "view_identity", _("Viewed identity data")
    BREAK_GLASS = "break_glass", _("Break-glass access")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    EXPORT = "export", _("Export")
    DOWNLOAD = "download", _("Downloaded a file")
    KEY_ROTATION = "key_rotation", _("Key rotation")
    API_CALL = "api_call", _("API call")
    MFA_ENROLLED = "mfa_enrolled", _("Two-factor authentication enrolled")
    MFA_REMOVED = "mfa_removed", _("Two-factor authentication removed")
    MFA_FAILED = "mfa_failed", _("Failed two-factor code")
    REAUTHENTICATED = "reauthenticated", _("Re-authenticated")
    BACKUP = "backup", _("Backup written")
    RESTORE = "restore", _("Backup restored")
    ANONYMISE = "anonymise", _("Identity anonymised (retention)")
    SUBJECT_ACCESS = "subject_access", _("Data-subject access file produced")
    RECTIFICATION = "rectification", _("Rectification recorded")


class AuditEvent(models.Model):
    """One row per event. Rows are only ever inserted: no service updates or deletes them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=32, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True, db_index=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True, db_index=True)
    object_label = models.CharField(_("object reference"), max_length=120, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    request_id = models.CharField(_("request id"), max_length=36, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["actor", "occurred_at"], name="audit_actor_time")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"
