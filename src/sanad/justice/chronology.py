"""The order of events in a criminal case, checked in one place for the forms and the register import alike.

investigation opened → suspect brought into formal contact / arrested → referred to the prosecution →
charged → trial → first-instance verdict → appeal → cassation. No date lies in the future.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.justice.models import COURT_LEVEL_ORDER, Charge, CriminalCase, Defendant, Verdict


def _not_before(
    errors: dict[str, str], field: str, value: date | None, floor: date | None, floor_name: str
) -> None:
    if value is not None and floor is not None and value < floor and field not in errors:
        errors[field] = _("%(field_date)s is before %(event)s (%(event_date)s).") % {
            "field_date": value.isoformat(),
            "event": floor_name,
            "event_date": floor.isoformat(),
        }


def _not_future(errors: dict[str, str], field: str, value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        errors[field] = _("%(date)s is in the future.") % {"date": value.isoformat()}


def check_case(criminal_case: CriminalCase) -> None:
    errors: dict[str, str] = {}
    _not_future(errors, "opened_on", criminal_case.opened_on)
    _not_future(errors, "referred_to_prosecution_on", criminal_case.referred_to_prosecution_on)
    _not_before(
        errors,
        "referred_to_prosecution_on",
        criminal_case.referred_to_prosecution_on,
        criminal_case.opened_on,
        _("the opening of the investigation"),
    )
    if errors:
        raise ValidationError(errors)


def check_defendant(defendant: Defendant) -> None:
    opened = defendant.criminal_case.opened_on
    errors: dict[str, str] = {}
    for field in ("investigated_on", "arrested_on", "trial_opened_on"):
        _not_future(errors, field, getattr(defendant, field))
        _not_before(errors, field, getattr(defendant, field), opened, _("the opening of the investigation"))
    if defendant.pk is not None and defendant.trial_opened_on is not None:
        first_charge = defendant.charges.order_by("charged_on").values_list("charged_on", flat=True).first()
        _not_before(errors, "trial_opened_on", defendant.trial_opened_on, first_charge, _("the first charge"))
    if errors:
        raise ValidationError(errors)


def check_charge(charge: Charge) -> None:
    errors: dict[str, str] = {}
    _not_future(errors, "charged_on", charge.charged_on)
    _not_before(
        errors,
        "charged_on",
        charge.charged_on,
        charge.defendant.criminal_case.opened_on,
        _("the opening of the investigation"),
    )
    trial = charge.defendant.trial_opened_on
    # The court may reclassify during the trial; any other charge comes before it opens.
    reclassification = charge.reclassified_from_id is not None
    if (
        trial is not None
        and charge.charged_on > trial
        and not reclassification
        and "charged_on" not in errors
    ):
        errors["charged_on"] = _("%(charged)s is after the opening of the trial (%(trial)s).") % {
            "charged": charge.charged_on.isoformat(),
            "trial": trial.isoformat(),
        }
    if errors:
        raise ValidationError(errors)


def check_verdict(verdict: Verdict, *, earlier: list[Verdict]) -> None:
    """``earlier`` holds the charge's verdicts at the lower court levels."""
    errors: dict[str, str] = {}
    _not_future(errors, "decided_on", verdict.decided_on)
    _not_before(errors, "decided_on", verdict.decided_on, verdict.charge.charged_on, _("the charge"))
    level = COURT_LEVEL_ORDER[verdict.court_level]
    lower = [v for v in earlier if COURT_LEVEL_ORDER[v.court_level] == level - 1]
    if level > 0 and not lower:
        errors.setdefault("court_level", _("There is no verdict at the level below to appeal against."))
    for below in lower:
        _not_before(errors, "decided_on", verdict.decided_on, below.decided_on, _("the verdict appealed"))
    trial = verdict.charge.defendant.trial_opened_on
    if level == 0:
        _not_before(errors, "decided_on", verdict.decided_on, trial, _("the opening of the trial"))
    if errors:
        raise ValidationError(errors)


def check_sentence(*, decided_on: date, verdict_day: date | None) -> None:
    errors: dict[str, str] = {}
    _not_future(errors, "decided_on", decided_on)
    _not_before(errors, "decided_on", decided_on, verdict_day, _("the verdict"))
    if errors:
        raise ValidationError(errors)


def check_participation(*, penalised_on: date | None) -> None:
    """A victim's prosecution for a compelled act lies in the past; it may precede the investigation, which
    often starts from it."""
    errors: dict[str, str] = {}
    _not_future(errors, "penalised_on", penalised_on)
    if errors:
        raise ValidationError(errors)
