"""Justice, referral and hotline tables: the counting rules stay in ``justice``, ``referrals`` and
``hotline``;
this module lays their figures out as national tables with their additive structure."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from sanad.catalogs import loader
from sanad.hotline.models import Channel, Contact, ContactType
from sanad.referrals.models import Referral, ReferralState
from sanad.statistics.hotline import hotline_figures
from sanad.statistics.justice import (
    NATIONAL,
    STAGES,
    PersonRecord,
    memoized_figures,
    memoized_persons,
    stage_label,
)
from sanad.statistics.periods import Period, day_bounds
from sanad.statistics.referrals import answered_and_accepted_in_time
from sanad.statistics.table import Column, ColumnKind, Row, StatTable, Sum
from sanad.statistics.victim_tables import sex_labels
from sanad.statistics.victims import SEXES

JUSTICE_ROWS = (*STAGES, "prosecuted_under_law", "convicted_under_law")


def with_margins(rows: list[Row], *, width: int, total_label: str) -> tuple[list[Row], list[Sum]]:
    """A two-way table whose rows end with their total: adds the total row, and says that each row's last
    cell and each cell of the total row are sums, so disclosure control protects both margins."""
    totals = [sum(int(row.cells[index] or 0) for row in rows) for index in range(width)]
    rows = [*rows, Row("total", total_label, totals)]
    last_row, last_column = len(rows) - 1, width - 1
    sums = [
        Sum((index, last_column), tuple((index, column) for column in range(last_column)))
        for index in range(len(rows))
    ]
    sums += [
        Sum((last_row, column), tuple((index, column) for index in range(last_row)))
        for column in range(width)
    ]
    return rows, sums


def _first_under_law(person: PersonRecord, row: str) -> Any:
    if row == "prosecuted_under_law":
        return person.first_trafficking_charge
    if row == "convicted_under_law":
        return person.first_trafficking_conviction
    return person.stage_date(row)


def _citizenship(person: PersonRecord) -> str:
    if not person.nationality:
        return "unknown"
    return "national" if person.nationality == NATIONAL else "foreign"


def justice_persons_table(*, period: Period, region: str, memo: dict[Any, Any]) -> StatTable:
    """Persons (defendants in a criminal case) investigated, prosecuted and convicted in the period, by sex
    and by citizenship; the two splits each add up to the total."""
    persons = memoized_persons(period, region, memo)
    sexes = sex_labels()
    citizenships = ("national", "foreign", "unknown")
    columns = [
        *(Column(f"sex:{sex}", sexes[sex]) for sex in SEXES),
        Column("citizenship:national", _("Nationals")),
        Column("citizenship:foreign", _("Foreign nationals")),
        Column("citizenship:unknown", _("Citizenship unknown")),
        Column("total", _("Total")),
    ]
    labels = {
        **{stage: stage_label(stage) for stage in STAGES},
        "prosecuted_under_law": _("Prosecuted under the anti-trafficking law"),
        "convicted_under_law": _("Convicted under the anti-trafficking law"),
    }
    rows = []
    for key in JUSTICE_ROWS:
        counted = [person for person in persons.values() if _first_under_law(person, key) in period]
        by_sex = Counter(person.sex for person in counted)
        by_citizenship = Counter(_citizenship(person) for person in counted)
        cells: list[int | None] = [
            *(by_sex[sex] for sex in SEXES),
            *(by_citizenship[citizenship] for citizenship in citizenships),
            len(counted),
        ]
        rows.append(Row(key, labels[key], cells, level=1 if key.endswith("_under_law") else 0))
    total = len(columns) - 1
    sums = []
    for index in range(len(rows)):
        sums.append(Sum((index, total), tuple((index, column) for column in range(len(SEXES)))))
        sums.append(Sum((index, total), tuple((index, column) for column in range(len(SEXES), total))))
    return StatTable(
        code="justice_persons",
        title=_("Persons investigated, prosecuted and convicted, by sex and citizenship"),
        unit=_("persons (defendants in a criminal case)"),
        period=period,
        region=region,
        row_header=_("Stage"),
        columns=columns,
        rows=rows,
        sums=sums,
        notes=[
            _(
                "Unit: persons. A defendant counts at the date of her first such event in her criminal case; "
                "the same human in two criminal cases counts twice. Criminal cases are counted apart."
            ),
            _("The anti-trafficking law rows count persons at their first charge or conviction under it."),
        ],
    )


def justice_cases_table(*, period: Period, region: str, memo: dict[Any, Any]) -> StatTable:
    figures = memoized_figures(period, region, memo)
    rows = [Row(stage, stage_label(stage), [figures.cases[stage]]) for stage in STAGES]
    return StatTable(
        code="justice_cases",
        title=_("Criminal cases investigated, prosecuted and convicted"),
        unit=_("criminal cases"),
        period=period,
        region=region,
        row_header=_("Stage"),
        columns=[Column("cases", _("Criminal cases"))],
        rows=rows,
        notes=[
            _(
                "Unit: criminal cases, never added to persons. A case counts when opened, at its first "
                "charge and at its first conviction."
            )
        ],
    )


REFERRAL_OUTCOMES = (
    ("accepted", (ReferralState.ACCEPTED, ReferralState.IN_PROGRESS, ReferralState.COMPLETED)),
    ("declined", (ReferralState.DECLINED,)),
    ("expired", (ReferralState.EXPIRED,)),
    ("withdrawn", (ReferralState.WITHDRAWN,)),
    ("pending", (ReferralState.SENT,)),
)


def _tally(rows: QuerySet[Any], *fields: str) -> Counter[tuple[Any, ...]]:
    """How many rows hold each combination of the fields' values, counted by the database."""
    grouped = rows.order_by().values_list(*fields).annotate(rows=Count("pk"))
    return Counter({tuple(values): count for *values, count in grouped})


def referrals_table(*, period: Period, region: str, memo: dict[Any, Any]) -> StatTable:
    """Referrals sent in the period, by service and outcome: each row's outcomes add up to its total and
    each column adds up over the services."""
    low, high = day_bounds(period.start, period.end)
    sent = Referral.objects.filter(sent_at__gte=low, sent_at__lt=high)
    if region:
        sent = sent.filter(case__region=region)
    tally = _tally(sent, "service_type", "state")
    outcome_of: dict[str, str] = {state: outcome for outcome, states in REFERRAL_OUTCOMES for state in states}
    outcome_labels = {
        "accepted": _("Accepted"),
        "declined": _("Declined"),
        "expired": _("Expired unanswered"),
        "withdrawn": _("Withdrawn"),
        "pending": _("Awaiting an answer"),
    }
    columns = [
        *(Column(key, outcome_labels[key]) for key, _states in REFERRAL_OUTCOMES),
        Column("total", _("Total")),
    ]
    services = sorted(
        {service for service, _state in tally}, key=lambda code: loader.label_in(loader.services(), code)
    )
    rows = []
    for service in services:
        by_outcome: Counter[str] = Counter()
        for (code, state), count in tally.items():
            if code == service:
                by_outcome[outcome_of.get(state, "pending")] += count
        counts = [by_outcome[key] for key, _states in REFERRAL_OUTCOMES]
        rows.append(
            Row(f"service:{service}", loader.label_in(loader.services(), service), [*counts, sum(counts)])
        )
    rows, sums = with_margins(rows, width=len(columns), total_label=_("All services"))
    return StatTable(
        code="referrals",
        title=_("Referrals sent through the national referral mechanism, by service and outcome"),
        unit=_("referrals"),
        period=period,
        region=region,
        row_header=_("Service"),
        columns=columns,
        rows=rows,
        sums=sums,
        notes=[_("Unit: referrals, not persons: one person can be referred to several services.")],
    )


def hotline_table(*, period: Period, region: str, memo: dict[Any, Any]) -> StatTable:
    """Hotline contacts received in the period, by type and channel, with the totals."""
    contacts = Contact.objects.all()
    if region:
        contacts = contacts.filter(region=region)
    low, high = day_bounds(period.start, period.end)
    tally = _tally(contacts.filter(received_at__gte=low, received_at__lt=high), "contact_type", "channel")
    columns = [
        *(Column(channel.value, str(channel.label)) for channel in Channel),
        Column("total", _("Total")),
    ]
    rows = []
    for contact_type in ContactType:
        counts = [tally[(contact_type.value, channel.value)] for channel in Channel]
        rows.append(Row(f"type:{contact_type.value}", str(contact_type.label), [*counts, sum(counts)]))
    rows, sums = with_margins(rows, width=len(columns), total_label=_("All contacts"))
    return StatTable(
        code="hotline",
        title=_("Hotline contacts by type and channel"),
        unit=_("contacts"),
        period=period,
        region=region,
        row_header=_("Type of contact"),
        columns=columns,
        rows=rows,
        sums=sums,
        notes=[_("Unit: contacts, not persons: one person can call several times.")],
    )


def kpi_table(*, period: Period, region: str, memo: dict[Any, Any]) -> StatTable:
    """The referral mechanism and hotline indicators the commission follows: counts, shares and times."""
    contacts = Contact.objects.all()
    if region:
        contacts = contacts.filter(region=region)
    hotline = hotline_figures(contacts, start=period.start, end=period.end)
    low, high = day_bounds(period.start, period.end)
    sent = Referral.objects.filter(sent_at__gte=low, sent_at__lt=high)
    if region:
        sent = sent.filter(case__region=region)
    answered, accepted_in_time = answered_and_accepted_in_time(sent)
    rows = [
        Row("contacts", _("Hotline contacts received"), [hotline.total], kinds=[ColumnKind.COUNT]),
        Row("triaged", _("Contacts triaged"), [hotline.triaged], kinds=[ColumnKind.COUNT]),
        Row(
            "median_hours_to_triage",
            _("Median hours from receipt to triage"),
            [
                Decimal(str(round(hotline.median_to_triage.total_seconds() / 3600, 1)))
                if hotline.median_to_triage
                else None
            ],
            kinds=[ColumnKind.DURATION],
        ),
        Row(
            "escalated", _("Contacts escalated to the police"), [hotline.escalated], kinds=[ColumnKind.COUNT]
        ),
        Row("referrals_sent", _("Referrals sent"), [sent.count()], kinds=[ColumnKind.COUNT]),
        Row("referrals_answered", _("Referrals answered"), [answered], kinds=[ColumnKind.COUNT]),
        Row(
            "referrals_accepted_in_time",
            _("Referrals accepted within the due time"),
            [accepted_in_time],
            kinds=[ColumnKind.COUNT],
        ),
        Row(
            "share_accepted_in_time",
            _("Share of answered referrals accepted within the due time"),
            [(Decimal(100 * accepted_in_time) / answered).quantize(Decimal("0.1")) if answered else None],
            kinds=[ColumnKind.SHARE],
        ),
    ]
    share = len(rows) - 1
    return StatTable(
        code="kpis",
        title=_("Referral mechanism and hotline indicators"),
        unit=_("as stated in each row"),
        period=period,
        region=region,
        row_header=_("Indicator"),
        columns=[Column("value", _("Value"))],
        rows=rows,
        derived={(share, 0): ((5, 0), (6, 0))},
        notes=[_("A share is hidden whenever one of the counts it is computed from is hidden.")],
    )
