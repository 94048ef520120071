"""The victim tables (GLOTIP): detected victims by sex, age group, form of exploitation and citizenship, and
by country of citizenship. Built from ``victims.detected_victims`` only."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.utils.translation import gettext as _

from sanad.catalogs import loader
from sanad.statistics import victims as counting
from sanad.statistics.periods import Period
from sanad.statistics.table import Column, Row, StatTable, Sum
from sanad.statistics.victims import DetectedVictim


def detection_note() -> str:
    return _(
        "These figures count victims detected by the authorities and their partners: they measure detection, "
        "not prevalence. A rise can mean better identification as much as more trafficking."
    )


def sex_labels() -> dict[str, str]:
    return {
        "female": _("Female"),
        "male": _("Male"),
        "other": _("Other sex"),
        "unknown": _("Sex unknown"),
    }


def age_labels() -> dict[str, str]:
    return {"child": _("Children"), "adult": _("Adults"), "unknown": _("Age unknown")}


def citizenship_labels() -> dict[str, str]:
    return {
        "national": _("Nationals"),
        "foreign": _("Foreign nationals"),
        "unknown": _("Citizenship unknown"),
    }


def form_labels() -> dict[str, str]:
    return {
        "sexual_exploitation": _("Sexual exploitation"),
        "forced_labour": _("Forced labour"),
        "other": _("Other purposes"),
    }


def sub_form_labels() -> dict[str, str]:
    return {
        "begging": _("Forced begging"),
        "forced_criminality": _("Forced criminality"),
        "forced_marriage": _("Forced marriage"),
        "organ_removal": _("Organ removal"),
        "mixed": _("Mixed exploitation"),
        "other": _("Other forms"),
    }


def sex_age_columns() -> list[Column]:
    sexes, ages = sex_labels(), age_labels()
    columns = [
        Column(f"{sex}:{age}", _("%(sex)s, %(age)s") % {"sex": sexes[sex], "age": ages[age]})
        for sex in counting.SEXES
        for age in counting.AGE_GROUPS
    ]
    return [*columns, Column("total", _("Total"))]


def _sex_age_cells(group: Sequence[DetectedVictim]) -> list[int | None]:
    tally = Counter((victim.sex, victim.age_group) for victim in group)
    cells: list[int | None] = [tally[(sex, age)] for sex in counting.SEXES for age in counting.AGE_GROUPS]
    return [*cells, len(group)]


def _row_sums(rows: list[Row]) -> list[Sum]:
    """Each row's total column is the sum of its sex by age cells."""
    sums = []
    for index, row in enumerate(rows):
        last = len(row.cells) - 1
        sums.append(Sum(total=(index, last), parts=tuple((index, column) for column in range(last))))
    return sums


def _group_sums(head: int, members: Sequence[int], width: int) -> list[Sum]:
    """The head row equals the sum of its member rows, column by column."""
    return [
        Sum(total=(head, column), parts=tuple((member, column) for member in members))
        for column in range(width)
    ]


def victims_table(victims: Sequence[DetectedVictim], *, period: Period, region: str) -> StatTable:
    """Rows: all victims, then each GLOTIP form, each split by citizenship (the split rows add up to the
    form row); the sub-forms of other purposes; victims with no information on the form. Columns: sex by
    age group, and the total. Forms are multi-valued, so the form rows do not add up to all victims."""
    columns = sex_age_columns()
    citizenships = citizenship_labels()
    rows: list[Row] = []
    sums: list[Sum] = []

    def group(key: str, label: str, members: Sequence[DetectedVictim], level: int = 0) -> None:
        head = len(rows)
        rows.append(Row(key, label, _sex_age_cells(members), level=level))
        for citizenship in counting.CITIZENSHIPS:
            part = [victim for victim in members if victim.citizenship == citizenship]
            rows.append(
                Row(f"{key}:{citizenship}", citizenships[citizenship], _sex_age_cells(part), level + 1)
            )
        sums.extend(_group_sums(head, range(head + 1, head + 1 + len(counting.CITIZENSHIPS)), len(columns)))

    group("all", _("All detected victims"), victims)
    labels = form_labels()
    for form in counting.GLOTIP_FORMS:
        group(f"form:{form}", labels[form], [victim for victim in victims if form in victim.forms])
    sub_labels = sub_form_labels()
    for sub_form in counting.GLOTIP_SUB_FORMS:
        members = [victim for victim in victims if sub_form in victim.sub_forms]
        rows.append(Row(f"sub_form:{sub_form}", sub_labels[sub_form], _sex_age_cells(members), level=1))
    no_information = [victim for victim in victims if not victim.forms]
    rows.append(Row("form:none", _("No information on the form"), _sex_age_cells(no_information)))
    sums.extend(_row_sums(rows))
    return StatTable(
        code="victims",
        title=_("Detected victims by sex, age group, form of exploitation and citizenship"),
        unit=_("persons"),
        period=period,
        region=region,
        row_header=_("Form of exploitation and citizenship"),
        columns=columns,
        rows=rows,
        sums=sums,
        notes=[
            detection_note(),
            _(
                "A person counts once, in the period of her first presumed or identified status; records of "
                "the same person linked across organisations count once. Age is her age on that date."
            ),
            _(
                "Forms are multi-valued: a victim of two forms counts once in each form row and once in the "
                "total, so the form rows add up to more than all victims."
            ),
        ],
    )


def victims_by_country_table(victims: Sequence[DetectedVictim], *, period: Period, region: str) -> StatTable:
    """Rows: country of citizenship (a person with two nationalities counts under each), then unknown.
    Columns: sex, and the total."""
    sexes = sex_labels()
    columns = [*(Column(sex, sexes[sex]) for sex in counting.SEXES), Column("total", _("Total"))]
    countries: dict[str, list[DetectedVictim]] = {}
    for victim in victims:
        for country in victim.nationalities or ("",):
            countries.setdefault(country, []).append(victim)

    def cells(members: Sequence[DetectedVictim]) -> list[int | None]:
        tally = Counter(victim.sex for victim in members)
        return [*(tally[sex] for sex in counting.SEXES), len(members)]

    ordered = sorted(countries, key=lambda code: (code == "", -len(countries[code]), code))

    def label(code: str) -> str:
        return loader.country_label(code) if code else _("Citizenship unknown")

    rows = [Row(f"country:{code or 'unknown'}", label(code), cells(countries[code])) for code in ordered]
    last = len(columns) - 1
    sums = [
        Sum(total=(index, last), parts=tuple((index, column) for column in range(last)))
        for index in range(len(rows))
    ]
    return StatTable(
        code="victims_by_country",
        title=_("Detected victims by country of citizenship and sex"),
        unit=_("persons"),
        period=period,
        region=region,
        row_header=_("Country of citizenship"),
        columns=columns,
        rows=rows,
        sums=sums,
        notes=[
            detection_note(),
            _("A person with two nationalities counts under each of them."),
        ],
    )
