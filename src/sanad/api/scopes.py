"""What an organisation token may do, on top of what its organisation's role allows: a token is never
wider than the staff it stands for, and may be narrower."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SCOPES = {
    "contacts:read": _("Read the contacts of one's hotline"),
    "contacts:write": _("Record contacts received by one's hotline"),
    "cases:read": _(
        "List and read the cases one's organisation may see, with identity where its staff would"
    ),
    "cases:write": _("Register persons and open their cases in one's organisation"),
    "criminal_cases:read": _("Read the facts of the criminal cases one's organisation works on"),
    "criminal_cases:write": _("Open criminal cases and record their referral to prosecution and court"),
    "referrals:read": _("List the referrals sent to one's organisation"),
    "referrals:write": _("Accept or decline the referrals sent to one's organisation"),
    "statistics:read": _("Read the national tables after disclosure control"),
    "tip:read": _("Read the TIP tier history of every country"),
}
