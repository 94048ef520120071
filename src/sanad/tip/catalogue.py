"""The TIP data Sanad ships (``data/``, provenance in ``data/PROVENANCE.md``) and country names in the
user's language. Reading only: the database holds the placements once the migration has loaded them."""

from __future__ import annotations

import csv
import gettext
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pycountry
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sanad.tip.rules import DATA_DIR

TIERS_CSV = DATA_DIR / "tip_tiers.csv"
WAIVERS_CSV = DATA_DIR / "waivers.csv"
REGIONS_CSV = DATA_DIR / "regions.csv"
SHIPPED_SOURCE = "Sanad shipped history: tip/data/tip_tiers.csv (see tip/data/PROVENANCE.md)"

# Codes the TIP report ranks that ISO 3166-1 does not hold (any more).
EXTRA_COUNTRIES = {"XKX": "Kosovo", "ANT": "Netherlands Antilles"}

REGION_LABELS = {
    "AF": _("Africa"),
    "EAP": _("East Asia and the Pacific"),
    "EUR": _("Europe and Eurasia"),
    "NEA": _("Near East"),
    "SCA": _("South and Central Asia"),
    "WHA": _("Western Hemisphere"),
}


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def shipped_placements() -> Iterator[dict[str, str]]:
    return _rows(TIERS_CSV)


def shipped_waivers() -> Iterator[dict[str, str]]:
    return _rows(WAIVERS_CSV)


@cache
def regions() -> dict[str, str]:
    """ISO3 -> the State Department regional bureau the TIP report files the country under."""
    if not REGIONS_CSV.exists():
        return {}
    return {row["iso3"]: row["region"] for row in _rows(REGIONS_CSV)}


def region_label(code: str) -> str:
    return str(REGION_LABELS.get(code, _("Region unknown")))


def is_known_country(iso3: str) -> bool:
    return iso3 in EXTRA_COUNTRIES or pycountry.countries.get(alpha_3=iso3) is not None


@cache
def _translations(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def country_name(iso3: str) -> str:
    """The country's common name in the active language (ISO 3166 names as translated by Debian's
    iso-codes, shipped with pycountry); the code itself when unknown."""
    if iso3 in EXTRA_COUNTRIES:
        english = EXTRA_COUNTRIES[iso3]
    else:
        country = pycountry.countries.get(alpha_3=iso3)
        if country is None:
            return iso3
        english = getattr(country, "common_name", None) or country.name
    language = (get_language() or "en").split("-")[0]
    if language == "en":
        return english
    return _translations(language).gettext(english)
