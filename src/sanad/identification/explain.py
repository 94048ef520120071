"""Words for a screening result: dimension names and the reasons behind an outcome, in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sanad.identification.scoring import Outcome, ScreeningResult

DIMENSION_LABELS = {
    "deceptive_recruitment": gettext_lazy("Deceptive recruitment"),
    "coercive_recruitment": gettext_lazy("Coercive recruitment"),
    "recruitment_abuse_of_vulnerability": gettext_lazy("Recruitment by abuse of vulnerability"),
    "exploitative_conditions": gettext_lazy("Exploitative conditions"),
    "coercion_at_destination": gettext_lazy("Coercion at destination"),
    "abuse_of_vulnerability_at_destination": gettext_lazy("Abuse of vulnerability at destination"),
}
STRENGTH_LABELS = {
    "strong": gettext_lazy("strong"),
    "medium": gettext_lazy("medium"),
    "weak": gettext_lazy("weak"),
}
PROFILE_LABELS = {
    "adult_labour": gettext_lazy("Adult, labour exploitation"),
    "child_labour": gettext_lazy("Child, labour exploitation"),
    "adult_sexual_exploitation": gettext_lazy("Adult, sexual exploitation"),
    "child_sexual_exploitation": gettext_lazy("Child, sexual exploitation"),
}


def dimension_label(code: str) -> str:
    return str(DIMENSION_LABELS.get(code, code.replace("_", " ").capitalize()))


def strength_label(strength: str) -> str:
    return str(STRENGTH_LABELS.get(strength, strength))


def profile_label(code: str) -> str:
    return str(PROFILE_LABELS.get(code, code.replace("_", " ").capitalize()))


def counts_text(counts: dict[str, int]) -> str:
    strong, medium, weak = counts.get("strong", 0), counts.get("medium", 0), counts.get("weak", 0)
    return _("%(strong)s strong, %(medium)s medium, %(weak)s weak") % {
        "strong": strong,
        "medium": medium,
        "weak": weak,
    }


def _missing_text(part: str) -> str:
    if part == "act_present":
        return _("the act (recruited, transported, transferred, harboured or received) is not confirmed")
    if part.startswith("any_of:"):
        names = [dimension_label(code) for code in part.removeprefix("any_of:").split(",")]
        return _("none of these dimensions is positive: %(dimensions)s") % {"dimensions": ", ".join(names)}
    return _("%(dimension)s is not positive") % {"dimension": dimension_label(part)}


def reasons(result: ScreeningResult) -> list[str]:
    """Why the outcome is what it is: each positive dimension with its counts, then what the rule lacks."""
    lines = [
        _("%(dimension)s is positive (%(counts)s).")
        % {"dimension": dimension_label(dimension.dimension), "counts": counts_text(dimension.counts)}
        for dimension in result.dimensions
        if dimension.positive
    ]
    child = result.profile.startswith("child_")
    if result.outcome == Outcome.PRESUMED:
        lines.append(
            _("The child rule is met: the act and exploitative conditions.")
            if child
            else _("The adult rule is met: recruitment, exploitative conditions and coercion at destination.")
        )
    else:
        lines.extend(_("Rule not met: %(what)s.") % {"what": _missing_text(part)} for part in result.missing)
    yes_total = sum(sum(dimension.counts.values()) for dimension in result.dimensions)
    if result.outcome == Outcome.NONE:
        lines.append(
            ngettext(
                "%(count)s indicator answered yes; no dimension reaches its threshold.",
                "%(count)s indicators answered yes; no dimension reaches its threshold.",
                yes_total,
            )
            % {"count": yes_total}
        )
    unknown = sum(dimension.unknown_count for dimension in result.dimensions)
    if unknown:
        lines.append(
            ngettext(
                "%(count)s answer is unknown and counts as not established.",
                "%(count)s answers are unknown and count as not established.",
                unknown,
            )
            % {"count": unknown}
        )
    return lines
