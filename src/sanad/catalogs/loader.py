"""Catalogues: versioned data files validated by pydantic when loaded, with labels in every UI language."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pycountry
import yaml
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

DATA_DIR = Path(__file__).resolve().parent / "data"
UI_LANGUAGES = ("fr", "ar", "en")


class LabelledEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(min_length=1, max_length=64)
    fr: str = Field(min_length=1)
    ar: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def label(self, language: str | None = None) -> str:
        language = (language or get_language() or "fr")[:2]
        return str(getattr(self, language, self.fr)) if language in UI_LANGUAGES else self.fr


class Region(LabelledEntry):
    pass


class OrganisationType(LabelledEntry):
    htcds: str


class RoleDefinition(LabelledEntry):
    sees_identity: bool
    capabilities: tuple[str, ...]

    @field_validator("capabilities")
    @classmethod
    def capabilities_are_known(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from sanad.access.capabilities import CAPABILITIES

        unknown = sorted(set(value) - set(CAPABILITIES))
        if unknown:
            raise ValueError(f"unknown capabilities: {', '.join(unknown)}")
        return value


class MappedEntry(LabelledEntry):
    """An entry of a case vocabulary, with the codes it maps to in the international standards."""

    htcds: str = ""
    ctdc: str = ""
    glotip: str = ""
    isic: str = ""
    iso639: str = ""


RECIPIENT_FIELDS = (
    "name", "sex", "age", "nationality", "languages", "medical_alerts", "document", "note", "exploitation",
    "status",
)  # fmt: skip


class ServiceEntry(MappedEntry):
    recipient_sees: tuple[str, ...]

    @field_validator("recipient_sees")
    @classmethod
    def fields_are_known(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - set(RECIPIENT_FIELDS))
        if unknown:
            raise ValueError(f"unknown recipient fields: {', '.join(unknown)}")
        return value


class OffenceEntry(LabelledEntry):
    """An offence article as shipped; administrators edit the database copy (justice.OffenceArticle)."""

    law: str = Field(min_length=1)
    article: str = Field(min_length=1)
    trafficking: bool
    prison_min_months: int | None = Field(default=None, ge=0)
    prison_max_months: int | None = Field(default=None, ge=0)
    fine_min_mad: int | None = Field(default=None, ge=0)
    fine_max_mad: int | None = Field(default=None, ge=0)


class Catalog[EntryT: LabelledEntry](BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    version: str
    entries: tuple[EntryT, ...]

    @field_validator("entries")
    @classmethod
    def codes_are_unique(cls, value: tuple[EntryT, ...]) -> tuple[EntryT, ...]:
        codes = [entry.code for entry in value]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise ValueError(f"duplicate codes: {', '.join(duplicates)}")
        return value

    def by_code(self) -> dict[str, EntryT]:
        return {entry.code: entry for entry in self.entries}

    def choices(self) -> list[tuple[str, str]]:
        return [(entry.code, entry.label()) for entry in self.entries]


def _load[EntryT: LabelledEntry](filename: str, entry_type: type[EntryT]) -> Catalog[EntryT]:
    path = DATA_DIR / filename
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Catalog[entry_type].model_validate(raw)  # type: ignore[valid-type]
    except (OSError, yaml.YAMLError) as error:
        raise ImproperlyConfigured(f"Catalogue {filename} cannot be read: {error}") from error
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}" for item in error.errors()
        )
        raise ImproperlyConfigured(f"Catalogue {filename} is invalid: {problems}") from error


@cache
def regions() -> Catalog[Region]:
    return _load("regions.yaml", Region)


@cache
def organisation_types() -> Catalog[OrganisationType]:
    return _load("organisation_types.yaml", OrganisationType)


@cache
def roles() -> Catalog[RoleDefinition]:
    return _load("roles.yaml", RoleDefinition)


@cache
def exploitation_forms() -> Catalog[MappedEntry]:
    return _load("exploitation_forms.yaml", MappedEntry)


@cache
def means_of_control() -> Catalog[MappedEntry]:
    return _load("means_of_control.yaml", MappedEntry)


@cache
def sectors() -> Catalog[MappedEntry]:
    return _load("sectors.yaml", MappedEntry)


@cache
def recruiter_relations() -> Catalog[MappedEntry]:
    return _load("recruiter_relations.yaml", MappedEntry)


@cache
def recruitment_methods() -> Catalog[MappedEntry]:
    return _load("recruitment_methods.yaml", MappedEntry)


@cache
def languages() -> Catalog[MappedEntry]:
    return _load("languages.yaml", MappedEntry)


@cache
def services() -> Catalog[ServiceEntry]:
    return _load("services.yaml", ServiceEntry)


@cache
def offence_articles() -> Catalog[OffenceEntry]:
    return _load("offence_articles.yaml", OffenceEntry)


def label_in(catalog: Catalog[Any], code: str) -> str:
    entry = catalog.by_code().get(code)
    return entry.label() if entry else code


def language_label(code: str) -> str:
    return label_in(languages(), code)


def region_label(code: str) -> str:
    entry = regions().by_code().get(code)
    return entry.label() if entry else code


def organisation_type_label(code: str) -> str:
    entry = organisation_types().by_code().get(code)
    return entry.label() if entry else code


@cache
def _country_names(language: str) -> dict[str, str]:
    names: dict[str, str] = {}
    translator = None
    if language != "en":
        try:
            import gettext

            translator = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        except OSError:
            translator = None
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        names[country.alpha_3] = translator.gettext(country.name) if translator else english
    return names


def country_codes() -> list[str]:
    """ISO 3166-1 alpha-3 codes from the maintained pycountry package."""
    return sorted(country.alpha_3 for country in pycountry.countries)


def country_label(alpha_3: str, language: str | None = None) -> str:
    language = (language or get_language() or "fr")[:2]
    return _country_names(language).get(alpha_3, alpha_3)


def country_choices() -> list[tuple[str, str]]:
    names = _country_names((get_language() or "fr")[:2])
    return sorted(names.items(), key=lambda item: item[1])


def validate_all() -> None:
    regions()
    organisation_types()
    roles()
    for catalog in (
        exploitation_forms,
        means_of_control,
        sectors,
        recruiter_relations,
        recruitment_methods,
        languages,
        offence_articles,
    ):
        catalog()
    if len(country_codes()) < 240:
        raise ImproperlyConfigured("The ISO 3166 country list from pycountry is incomplete.")
