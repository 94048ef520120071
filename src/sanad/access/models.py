"""Break-glass grants: time-limited access to one case's identity, with the reason written down."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BreakGlassGrant(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="break_glass_grants")
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted at"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("break-glass grant")
        verbose_name_plural = _("break-glass grants")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.case_id} until {self.expires_at:%Y-%m-%d %H:%M}"
