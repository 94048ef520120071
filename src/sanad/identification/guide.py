"""The identification guide as data: parsing and validating one version of the indicator file.

A guide version holds the indicators of each profile (adult/child and labour/sexual) with their strength,
the rule that makes a dimension positive and the rule that combines dimensions into an outcome. Nothing
in the code names an indicator: a new version (for instance with the sexual-exploitation profiles) is
loaded as a file, validated here, and every screening keeps the version it used.

Profiles whose name starts with ``child_`` use the child combination rule; a profile whose name contains
``sexual`` is a sexual-exploitation profile. Profiles given only as ``{status: ...}`` are not available.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

STRENGTHS = {"S": "strong", "M": "medium", "W": "weak"}
ABSENT = "absent"
ANSWERS = ("yes", "no", "unknown")
_THRESHOLD = re.compile(r"^\s*>=\s*(\d+)\s*$")


class GuideError(ValueError):
    """A guide file that cannot be used; the message names the place in the file and the problem."""

    def __init__(self, place: str, problem: str) -> None:
        super().__init__(f"{place}: {problem}" if place else problem)


@dataclass(frozen=True)
class Indicator:
    id: str
    dimension: str
    strength: str  # "strong", "medium" or "weak"
    label: str
    labels: dict[str, str]
    ctdc: str = ""
    htcds: str = ""

    def label_in(self, language: str | None = None) -> str:
        language = (language or get_language() or "en")[:2]
        return self.labels.get(language) or self.label


@dataclass(frozen=True)
class Threshold:
    """Counts of "yes" answers per group of strengths, all of which must be reached."""

    minimums: tuple[tuple[frozenset[str], int], ...]

    def met_by(self, counts: dict[str, int]) -> bool:
        return all(sum(counts.get(s, 0) for s in group) >= minimum for group, minimum in self.minimums)


@dataclass(frozen=True)
class Profile:
    code: str
    indicators: tuple[Indicator, ...]

    @property
    def is_child(self) -> bool:
        return self.code.startswith("child_")

    @property
    def is_sexual(self) -> bool:
        return "sexual" in self.code

    def by_dimension(self, dimension: str) -> tuple[Indicator, ...]:
        return tuple(indicator for indicator in self.indicators if indicator.dimension == dimension)


@dataclass(frozen=True)
class Guide:
    version: str
    dimensions: tuple[str, ...]
    dimension_rule: tuple[Threshold, ...]
    adult_rule: Any
    child_rule: Any
    profiles: dict[str, Profile]
    unavailable_profiles: dict[str, str]

    def profile(self, code: str) -> Profile:
        try:
            return self.profiles[code]
        except KeyError:
            raise GuideError(
                code, _("this profile is not in guide version %(version)s") % {"version": self.version}
            ) from None

    def indicator_ids(self) -> set[str]:
        return {indicator.id for profile in self.profiles.values() for indicator in profile.indicators}


class _NoAliasLoader(yaml.SafeLoader):
    """YAML without anchors and aliases. A guide needs none, and refusing them refuses the "billion laughs"
    file: a few lines whose aliases multiply into billions of nodes once the guide is read and stored."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, _("aliases (*name) are not accepted in a guide file"), event.start_mark
            )
        return super().compose_node(parent, index)


def load_guide_yaml(text: str) -> Any:
    """The data of a guide file an administrator uploads: safe YAML, without aliases."""
    return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader that also refuses aliases


def parse_guide_text(text: str) -> Guide:
    try:
        raw = load_guide_yaml(text)
    except yaml.YAMLError as error:
        raise GuideError("", _("the file is not valid YAML: %(error)s") % {"error": error}) from error
    return parse_guide(raw)


def parse_guide(raw: Any) -> Guide:
    if not isinstance(raw, dict):
        raise GuideError("", _("the file must be a mapping with meta, scoring and profiles"))
    meta = _mapping(raw, "meta")
    version = str(meta.get("version") or "").strip()
    if not version or len(version) > 32:
        raise GuideError("meta.version", _("give a version of at most 32 characters"))
    dimensions = meta.get("dimensions_order")
    if not isinstance(dimensions, list) or not dimensions or not all(isinstance(d, str) for d in dimensions):
        raise GuideError("meta.dimensions_order", _("give the list of dimension codes"))
    scoring = _mapping(raw, "scoring")
    dimension_rule = _parse_dimension_rule(scoring.get("dimension_positive_if_any_of"))
    known = set(dimensions)
    adult_rule = _parse_combination(
        scoring.get("adult_victim_of_trafficking_if"), known, "adult_victim_of_trafficking_if"
    )
    child_rule = _parse_combination(
        scoring.get("child_victim_of_trafficking_if"), known, "child_victim_of_trafficking_if"
    )
    profiles_raw = _mapping(raw, "profiles")
    profiles: dict[str, Profile] = {}
    unavailable: dict[str, str] = {}
    resolved: dict[str, list[dict[str, Any]]] = {}
    for code, body in profiles_raw.items():
        if not isinstance(body, dict):
            raise GuideError(f"profiles.{code}", _("must be a mapping"))
        if set(body) == {"status"}:
            unavailable[str(code)] = str(body["status"])
            continue
        if not (str(code).startswith(("adult_", "child_"))):
            raise GuideError(f"profiles.{code}", _("a profile name starts with adult_ or child_"))
        resolved[str(code)] = _resolve_profile(str(code), body, profiles_raw, known)
    for code, items in resolved.items():
        profiles[code] = Profile(code=code, indicators=tuple(_indicator(code, item) for item in items))
        ids = [indicator.id for indicator in profiles[code].indicators]
        if not ids:
            raise GuideError(f"profiles.{code}", _("no indicator"))
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise GuideError(
                f"profiles.{code}", _("indicator ids used twice: %(ids)s") % {"ids": ", ".join(repeated)}
            )
    if not profiles:
        raise GuideError("profiles", _("at least one profile must have indicators"))
    return Guide(
        version=version,
        dimensions=tuple(dimensions),
        dimension_rule=dimension_rule,
        adult_rule=adult_rule,
        child_rule=child_rule,
        profiles=profiles,
        unavailable_profiles=unavailable,
    )


def _mapping(raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise GuideError(key, _("missing or not a mapping"))
    return value


def _parse_dimension_rule(raw: Any) -> tuple[Threshold, ...]:
    where = "scoring.dimension_positive_if_any_of"
    if not isinstance(raw, list) or not raw:
        raise GuideError(where, _("give a list of thresholds"))
    thresholds = []
    for position, condition in enumerate(raw, start=1):
        if not isinstance(condition, dict) or not condition:
            raise GuideError(f"{where}[{position}]", _("a threshold is a mapping such as {strong: '>=2'}"))
        minimums = []
        for key, value in condition.items():
            group = frozenset(str(key).split("_or_"))
            if not group <= set(STRENGTHS.values()):
                raise GuideError(f"{where}[{position}].{key}", _("unknown strength"))
            match = _THRESHOLD.match(str(value))
            if match is None:
                raise GuideError(f"{where}[{position}].{key}", _("write the threshold as '>=N'"))
            minimum = int(match.group(1))
            if minimum < 1:
                # ">=0" would make a dimension positive with no "yes" at all.
                raise GuideError(f"{where}[{position}].{key}", _("a threshold must be at least 1"))
            minimums.append((group, minimum))
        thresholds.append(Threshold(minimums=tuple(minimums)))
    return tuple(thresholds)


def _parse_combination(raw: Any, dimensions: set[str], where: str) -> Any:
    """Validate a combination rule: a dimension code, all_of, any_of or {act_present: true}."""
    if isinstance(raw, str):
        if raw not in dimensions:
            raise GuideError(f"scoring.{where}", _("unknown dimension %(dimension)s") % {"dimension": raw})
        return raw
    if isinstance(raw, dict) and len(raw) == 1:
        ((key, value),) = raw.items()
        if key in {"all_of", "any_of"} and isinstance(value, list) and value:
            return {key: [_parse_combination(item, dimensions, where) for item in value]}
        if key == "act_present" and value is True:
            return {"act_present": True}
    raise GuideError(f"scoring.{where}", _("use dimension codes, all_of, any_of or act_present"))


def _resolve_profile(
    code: str, body: dict[str, Any], all_profiles: dict[str, Any], dimensions: set[str]
) -> list[dict[str, Any]]:
    parent_code = body.get("inherits")
    if parent_code is None:
        return _own_indicators(code, body, dimensions)
    parent = all_profiles.get(parent_code)
    if not isinstance(parent, dict) or "inherits" in parent:
        raise GuideError(
            f"profiles.{code}.inherits",
            _("%(parent)s is not a profile with its own indicators") % {"parent": parent_code},
        )
    items = _own_indicators(str(parent_code), parent, dimensions)
    overrides = _overrides(code, body.get("overrides") or {}, {item.get("id") for item in items})
    merged = [{**item, **overrides.get(str(item.get("id")), {})} for item in items]
    return [item for item in merged if item.get("strength") != ABSENT]


def _own_indicators(code: str, body: dict[str, Any], dimensions: set[str]) -> list[dict[str, Any]]:
    items = []
    for dimension, indicators in body.items():
        where = f"profiles.{code}.{dimension}"
        if dimension not in dimensions:
            raise GuideError(where, _("not a dimension of meta.dimensions_order"))
        if not isinstance(indicators, list):
            raise GuideError(where, _("give a list of indicators"))
        for position, item in enumerate(indicators, start=1):
            if not isinstance(item, dict):
                raise GuideError(f"{where}[{position}]", _("an indicator is a mapping"))
            items.append({**item, "dimension": dimension})
    return items


def _overrides(code: str, overrides: Any, known_ids: set[Any]) -> dict[str, dict[str, str]]:
    where = f"profiles.{code}.overrides"
    if not isinstance(overrides, dict):
        raise GuideError(where, _("must be a mapping"))
    unknown = sorted(set(overrides) - known_ids)
    if unknown:
        raise GuideError(where, _("unknown indicators %(ids)s") % {"ids": ", ".join(map(str, unknown))})
    for indicator_id, override in overrides.items():
        if not isinstance(override, dict) or set(override) - {"strength"}:
            raise GuideError(f"{where}.{indicator_id}", _("write {strength: S|M|W|absent}"))
        if override.get("strength") not in {*STRENGTHS, ABSENT}:
            raise GuideError(f"{where}.{indicator_id}", _("strength must be S, M, W or absent"))
    return overrides


def _indicator(profile: str, item: dict[str, Any]) -> Indicator:
    indicator_id = str(item.get("id") or "")
    where = f"profiles.{profile}.{item.get('dimension')}.{indicator_id or '?'}"
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,16}", indicator_id):
        raise GuideError(where, _("every indicator needs an id of letters and digits"))
    strength = STRENGTHS.get(str(item.get("strength")))
    if strength is None:
        raise GuideError(where, _("strength must be S, M, W or absent"))
    label = str(item.get("label") or "").strip()
    if not label:
        raise GuideError(where, _("label missing"))
    labels = {lang: str(item[f"label_{lang}"]) for lang in ("fr", "ar", "en") if item.get(f"label_{lang}")}
    return Indicator(
        id=indicator_id,
        dimension=str(item["dimension"]),
        strength=strength,
        label=label,
        labels=labels,
        ctdc=str(item.get("ctdc") or ""),
        htcds=str(item.get("htcds") or ""),
    )
