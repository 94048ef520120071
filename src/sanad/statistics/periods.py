"""Reporting periods (DESIGN §4): the calendar year by default, the TIP reporting period (1 April to
31 March) as the second option. A TIP period is named by the year in which it ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _


class PeriodKind:
    CALENDAR = "calendar"
    TIP = "tip"


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    start: date
    end: date  # inclusive

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.TIP:
            return _("TIP period %(start)s to %(end)s") % {
                "start": self.start.isoformat(),
                "end": self.end.isoformat(),
            }
        return _("Calendar year %(year)s") % {"year": self.year}


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start of ``start``, start of the day after ``end``) in the local time zone: the instants of the
    days from ``start`` to ``end`` inclusive."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def calendar_year(year: int) -> Period:
    return Period(PeriodKind.CALENDAR, year, date(year, 1, 1), date(year, 12, 31))


def tip_period(ending_year: int) -> Period:
    return Period(PeriodKind.TIP, ending_year, date(ending_year - 1, 4, 1), date(ending_year, 3, 31))


def period(kind: str, year: int) -> Period:
    return tip_period(year) if kind == PeriodKind.TIP else calendar_year(year)


def previous_period(of: Period) -> Period:
    """The period of the same kind a year earlier: the TIP set shows it beside the period."""
    return period(of.kind, of.year - 1)
