"""``sanad expire-referrals``: expire referrals unanswered past their due time (run every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sanad.referrals.services import expire_overdue


class Command(BaseCommand):
    help = "Expire referrals left unanswered after their due time and tell their senders."

    def handle(self, *args: Any, **options: Any) -> None:
        count = expire_overdue()
        self.stdout.write(f"{count} referral(s) expired.")
