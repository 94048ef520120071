"""The cast's campaigns and trainings: the ministry runs both, the IOM partners the campaign."""

from __future__ import annotations

from datetime import date
from typing import Any

from sanad.prevention.services import record_campaign, record_training

CAMPAIGN_TITLE = "Know your rights before you leave"
TRAINING_TITLE = "Identifying victims at the border"


def build_prevention(cast: Any) -> None:
    orgs = cast.organisations
    cast.campaign = record_campaign(
        actor=cast.focal, title=CAMPAIGN_TITLE, type="social_media", organiser=orgs["ministry"],
        partners=[orgs["iom"]], starts_on=date(2025, 5, 1), ends_on=date(2025, 6, 30),
        regions=["MA-04", "MA-06"], languages=["darija", "french"],
        audience="Young women looking for work abroad", audience_reached=120000,
        reach_method="social_media_analytics", budget_minor=4500000,
    )  # fmt: skip
    cast.training = record_training(
        actor=cast.focal, title=TRAINING_TITLE, audience_sector="police", organiser=orgs["ministry"],
        held_on=date(2025, 4, 10), region="MA-04", hours=6, participants_female=9, participants_male=14,
        covers_identification_guide=True,
    )  # fmt: skip
