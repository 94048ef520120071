"""When a referral must be answered: a number of hours, or of working days, by urgency (settings)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings


def answer_due(sent_at: datetime, urgency: str) -> datetime:
    rule = settings.SANAD_REFERRAL_ANSWER_WITHIN[urgency]
    if rule.endswith("h"):
        return sent_at + timedelta(hours=int(rule[:-1]))
    working_days = int(rule.removesuffix("wd"))
    due = sent_at
    while working_days > 0:
        due += timedelta(days=1)
        if due.weekday() not in settings.SANAD_WEEKEND_DAYS:
            working_days -= 1
    return due
