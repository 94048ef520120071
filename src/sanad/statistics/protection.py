"""Protection figures of the TIP submission that no national table holds: services delivered, shelter
admissions and consents to referral, each counted in the period and, with a region, for the cases of that
region (the region of the case, as everywhere in the counting module)."""

from __future__ import annotations

from django.db.models import Q

from sanad.referrals.models import Consent, ConsentDecision, ConsentPurpose, ServiceDelivery
from sanad.shelters.models import Placement
from sanad.statistics.periods import Period, day_bounds


def _region(region: str) -> Q:
    return Q(case__region=region) if region else Q()


def services_delivered(period: Period, region: str = "") -> int:
    """Services recorded as given in the period (one per service and day, as the providers record them)."""
    return ServiceDelivery.objects.filter(
        _region(region), delivered_on__gte=period.start, delivered_on__lte=period.end
    ).count()


def shelter_admissions(period: Period, region: str = "") -> int:
    start, end = day_bounds(period.start, period.end)
    return Placement.objects.filter(_region(region), admitted_at__gte=start, admitted_at__lt=end).count()


def persons_consenting_to_referral(period: Period, region: str = "") -> int:
    """Cases in which the person gave consent to a referral in the period (counted once each)."""
    return (
        Consent.objects.filter(
            _region(region),
            purpose=ConsentPurpose.REFERRAL,
            decision=ConsentDecision.GIVEN,
            given_on__gte=period.start,
            given_on__lte=period.end,
        )
        .values("case_id")
        .distinct()
        .count()
    )
