"""E-mails about referrals, sent after the transaction commits. They carry no identity: a link, a service,
an urgency and a state."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sanad.accounts.models import User
from sanad.referrals.models import Referral

logger = logging.getLogger(__name__)


def _responders(referral: Referral) -> list[str]:
    users = User.objects.filter(
        is_active=True, membership__organisation=referral.to_organisation, membership__roles__isnull=False
    ).distinct()
    return [user.email for user in users if user.email and user.has_capability("referral.respond")]


def _send(recipients: Iterable[str], subject: str, body: str) -> None:
    recipients = sorted(set(recipients))
    if not recipients:
        return
    try:
        send_mail(subject, body, None, recipients)
    except OSError:
        # The referral is already recorded and in the inbox; a mail server outage must not undo it.
        logger.exception("referral e-mail could not be sent")


def notify_recipient(referral: Referral) -> None:
    link = settings.SANAD_SITE_URL + reverse("referrals:detail", args=[referral.pk])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New referral for %(service)s (%(urgency)s)") % {
            "service": referral.service_label,
            "urgency": referral.get_urgency_display(),
        }
        body = _("A referral awaits your answer before %(due)s: %(link)s") % {
            "due": referral.due_at.strftime("%Y-%m-%d %H:%M"),
            "link": link,
        }
    recipients = _responders(referral)
    transaction.on_commit(lambda: _send(recipients, subject, body))


def notify_sender(referral: Referral) -> None:
    if referral.sent_by is None or not referral.sent_by.email:
        return
    link = settings.SANAD_SITE_URL + reverse("cases:detail", args=[referral.case_id])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Referral %(state)s: %(service)s") % {
            "state": referral.get_state_display(),
            "service": referral.service_label,
        }
        body = _("The referral you sent is now %(state)s: %(link)s") % {
            "state": referral.get_state_display(),
            "link": link,
        }
    recipient = referral.sent_by.email
    transaction.on_commit(lambda: _send([recipient], subject, body))
