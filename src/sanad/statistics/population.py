"""The population table behind the SDG 16.2.2 rates: configuration, loaded from a CSV file.

``SANAD_POPULATION_CSV`` names the file (default: the census figures shipped with Sanad). Rows give a
population by year, region (empty for the whole country), sex (_T, F, M) and age group (_T, child, adult).
A year without rows uses the latest earlier year; the tables say which one. A malformed file stops the
table with an error naming the row and the field: a rate computed from a half-read table would be wrong
without anyone noticing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SHIPPED = Path(__file__).resolve().parent / "data" / "population.csv"
SEXES = ("_T", "F", "M")
AGES = ("_T", "child", "adult")
COLUMNS = ("year", "region", "sex", "age", "population")


@dataclass(frozen=True)
class Population:
    value: int
    year: int  # the year of the figure used, which may be earlier than the one asked for


def population_file() -> Path:
    configured = getattr(settings, "SANAD_POPULATION_CSV", "")
    return Path(configured) if configured else SHIPPED


def parse(text: str, *, source: str) -> dict[tuple[int, str, str, str], int]:
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    reader = csv.DictReader(lines)
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ImproperlyConfigured(f"{source}: the header must be {','.join(COLUMNS)}")
    table: dict[tuple[int, str, str, str], int] = {}
    for number, row in enumerate(reader, start=2):
        where = f"{source}, data row {number - 1}"
        try:
            year = int(row["year"])
        except (TypeError, ValueError):
            raise ImproperlyConfigured(f"{where}: year {row['year']!r} is not a year") from None
        if row["sex"] not in SEXES:
            raise ImproperlyConfigured(f"{where}: sex must be one of {', '.join(SEXES)}")
        if row["age"] not in AGES:
            raise ImproperlyConfigured(f"{where}: age must be one of {', '.join(AGES)}")
        try:
            value = int(row["population"])
        except (TypeError, ValueError):
            raise ImproperlyConfigured(
                f"{where}: population {row['population']!r} is not a whole number"
            ) from None
        if value <= 0:
            raise ImproperlyConfigured(f"{where}: population must be positive")
        key = (year, row["region"] or "", row["sex"], row["age"])
        if key in table:
            raise ImproperlyConfigured(f"{where}: a second row for the same year, region, sex and age")
        table[key] = value
    return table


@cache
def _load(path: str) -> dict[tuple[int, str, str, str], int]:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise ImproperlyConfigured(f"SANAD_POPULATION_CSV: cannot read {file}: {error.strerror}") from None
    table = parse(text, source=file.name)
    # The national figure is the sum of the regions, for each year, sex and age that has no national row.
    national: dict[tuple[int, str, str, str], int] = {}
    for (year, region, sex, age), value in table.items():
        if region:
            national[(year, "", sex, age)] = national.get((year, "", sex, age), 0) + value
    for key, value in national.items():
        table.setdefault(key, value)
    return table


def population(year: int, *, region: str = "", sex: str = "_T", age: str = "_T") -> Population | None:
    """The population of that year (or the latest earlier year in the table), or None when the table has
    no such figure."""
    table = _load(str(population_file()))
    years = sorted(
        (known for (known, known_region, known_sex, known_age) in table
         if known <= year and known_region == region and known_sex == sex and known_age == age),
        reverse=True,
    )  # fmt: skip
    if not years:
        return None
    return Population(value=table[(years[0], region, sex, age)], year=years[0])
