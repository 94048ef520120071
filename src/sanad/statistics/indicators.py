"""National figures a plan indicator can take its value from, computed live by the counting module.

An indicator that names one of these codes shows, for any period, exactly the number the statistics pages
show for that period: there is one source of truth. Every figure here is national (it is a plan's
indicator, not one organisation's), exact, and never disclosed outside the commission's views.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanad.hotline.models import Contact
from sanad.referrals.models import Referral
from sanad.statistics import prevention
from sanad.statistics.disclosure import DEFAULT_THRESHOLD, shown_count
from sanad.statistics.hotline import received_between
from sanad.statistics.justice import JusticeFigures, memoized_figures
from sanad.statistics.periods import Period, day_bounds
from sanad.statistics.referrals import answered_and_accepted_in_time
from sanad.statistics.victims import victims_identified

# A page that shows many indicators over several years passes one memo to every call, so that each
# figure (and each underlying computation, such as the justice figures of a period) is computed once.
Memo = dict[Any, Any]


@dataclass(frozen=True)
class NationalStatistic:
    code: str
    label: Promise
    unit: Promise
    compute: Callable[[Period, Memo], Decimal | None]
    is_count: bool = True  # a count of persons or events (disclosure control applies), not a share


def _whole(value: int) -> Decimal:
    return Decimal(value)


def _justice(period: Period, memo: Memo) -> JusticeFigures:
    return memoized_figures(period, "", memo)


def _persons_at_stage(stage: str) -> Callable[[Period, Memo], Decimal]:
    return lambda period, memo: _whole(_justice(period, memo).persons[stage])


def referrals_accepted_in_time_share(period: Period, _memo: Memo) -> Decimal | None:
    """Of the referrals sent in the period that were answered, the percentage accepted before their due
    time (one decimal). Under ``MIN_DENOMINATOR`` answers there is no figure: a share of two referrals is
    noise, and would let a reader recompute small counts."""
    start, end = day_bounds(period.start, period.end)
    answered, in_time = answered_and_accepted_in_time(
        Referral.objects.filter(sent_at__gte=start, sent_at__lt=end)
    )
    if answered < MIN_DENOMINATOR:
        return None
    return (Decimal(100 * in_time) / answered).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def contacts_received(period: Period, _memo: Memo) -> Decimal:
    return _whole(received_between(Contact.objects.all(), period.start, period.end).count())


MIN_DENOMINATOR = DEFAULT_THRESHOLD

STATISTICS: dict[str, NationalStatistic] = {
    statistic.code: statistic
    for statistic in (
        NationalStatistic(
            "victims_identified",
            _("Victims identified (persons, first presumed or identified status in the period)"),
            _("persons"),
            lambda period, _memo: _whole(victims_identified(period)),
        ),
        NationalStatistic(
            "persons_investigated", _("Persons investigated"), _("persons"), _persons_at_stage("investigated")
        ),
        NationalStatistic(
            "persons_prosecuted", _("Persons prosecuted"), _("persons"), _persons_at_stage("prosecuted")
        ),
        NationalStatistic(
            "persons_convicted", _("Persons convicted"), _("persons"), _persons_at_stage("convicted")
        ),
        NationalStatistic(
            "referrals_accepted_in_time",
            _("Referrals accepted within the due time (share of those answered)"),
            _("percent"),
            referrals_accepted_in_time_share,
            is_count=False,
        ),
        NationalStatistic(
            "hotline_contacts", _("Hotline contacts received"), _("contacts"), contacts_received
        ),
        NationalStatistic(
            "persons_trained",
            _("Officials and professionals trained (participants)"),
            _("participants"),
            lambda period, _memo: _whole(prevention.persons_trained(start=period.start, end=period.end)),
        ),
        NationalStatistic(
            "campaigns_run",
            _("Awareness campaigns run"),
            _("campaigns"),
            lambda period, _memo: _whole(prevention.campaigns_run(start=period.start, end=period.end)),
        ),
    )
}


def statistic_choices() -> list[tuple[str, str]]:
    return [(code, str(statistic.label)) for code, statistic in STATISTICS.items()]


def national_value(code: str, period: Period, memo: Memo | None = None) -> Decimal | None:
    """The national figure ``code`` for ``period`` (None when there is no figure); with a ``memo``, each is
    computed once per page."""
    if memo is None:
        return STATISTICS[code].compute(period, {})
    key = (code, period)
    if key not in memo:
        memo[key] = STATISTICS[code].compute(period, memo)
    value: Decimal | None = memo[key]
    return value


def shown_value(code: str, value: Decimal | None, *, exact: bool) -> str:
    """A computed figure as a reader may see it: counts under disclosure control unless ``exact``."""
    if value is None:
        return "—"
    if STATISTICS[code].is_count:
        return shown_count(int(value), exact=exact)
    return plain_number(value)


def plain_number(value: Decimal) -> str:
    """12.50 -> "12.5", 40.00 -> "40": the figure without trailing zeros."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
