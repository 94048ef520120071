"""What an organisation token may do, on top of what its organisation's role allows: a token is never
wider than the staff it stands for, and may be narrower."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SCOPES = {
    "contacts:read": _("Read the contacts of one's hotline"),
    "contacts:write": _("Record contacts received by one's hotline"),
    "referrals:read": _("List the referrals sent to one's organisation"),
    "referrals:write": _("Accept or decline the referrals sent to one's organisation"),
    "statistics:read": _("Read the national tables after disclosure control"),
    "tip:read": _("Read the TIP tier history of every country"),
}
