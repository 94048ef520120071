"""State changes of criminal cases. Each is one transaction that checks the policy and writes its audit
row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.cases.models import Case
from sanad.cases.timeline import record_case_event
from sanad.catalogs import loader
from sanad.concurrency import bump_version, check_version
from sanad.crypto.normalise import canonical_document_number
from sanad.crypto.ring import blind_index
from sanad.justice import chronology
from sanad.justice.models import (
    COURT_LEVEL_ORDER,
    CaseOrigin,
    Charge,
    CourtLevel,
    CriminalCase,
    Defendant,
    DefendantRole,
    OffenceArticle,
    Sentence,
    Verdict,
    VerdictOutcome,
    VictimLink,
)
from sanad.people.models import Sex

CASE_FIELDS = (
    "region",
    "origin",
    "forms_of_exploitation",
    "prosecution_office",
    "referred_to_prosecution_on",
    "court",
)
DEFENDANT_FIELDS = (
    "full_name", "aliases", "document_number", "sex", "nationality", "age", "role", "is_public_official",
    "official_function", "investigated_on", "arrested_on", "trial_opened_on",
)  # fmt: skip
PARTICIPATION_FIELDS = (
    "complaint_filed", "testified", "legal_aid", "court_protection", "compensation_minor", "penalised_on",
)  # fmt: skip


def document_index(number: str) -> str:
    return (
        blind_index(canonical_document_number(number), purpose="defendant_document") if number.strip() else ""
    )


def check_case_codes(
    *,
    region: str,
    origin: str,
    forms_of_exploitation: list[str],
    investigating_unit: Organisation | None = None,
    prosecution_office: Organisation | None = None,
    court: Organisation | None = None,
) -> None:
    errors: dict[str, str] = {}
    if region not in loader.regions().by_code():
        errors["region"] = _("Unknown region code %(code)s.") % {"code": region}
    if origin not in CaseOrigin.values:
        errors["origin"] = _("Unknown origin %(code)s.") % {"code": origin}
    unknown = sorted(set(forms_of_exploitation) - set(loader.exploitation_forms().by_code()))
    if unknown:
        errors["forms_of_exploitation"] = _("Unknown forms of exploitation: %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
    for field, organisation, types in (
        ("investigating_unit", investigating_unit, policy.INVESTIGATING_ORGANISATION_TYPES),
        ("prosecution_office", prosecution_office, policy.PROSECUTION_ORGANISATION_TYPES),
        ("court", court, policy.COURT_ORGANISATION_TYPES),
    ):
        if organisation is not None and (organisation.type not in types or not organisation.is_active):
            errors[field] = _("%(organisation)s is not an active organisation of the right type.") % {
                "organisation": organisation.name
            }
    if errors:
        raise ValidationError(errors)


def check_defendant_codes(*, sex: str, nationality: str, role: str, age: int | None) -> None:
    errors: dict[str, str] = {}
    if sex not in Sex.values:
        errors["sex"] = _("Unknown sex %(code)s.") % {"code": sex}
    if nationality and nationality not in loader.country_codes():
        errors["nationality"] = _("Unknown country code %(code)s.") % {"code": nationality}
    if role not in DefendantRole.values:
        errors["role"] = _("Unknown role %(code)s.") % {"code": role}
    if age is not None and not 10 <= age <= 110:
        errors["age"] = _("An age of %(age)s is not plausible for a suspect.") % {"age": age}
    if errors:
        raise ValidationError(errors)


def _created[ModelT](duplicate: ValidationError, create: Callable[[], ModelT]) -> ModelT:
    """Create a row whose uniqueness was checked first; a concurrent double submit that slips between the
    check and the insert gets the same form error, not a server error."""
    try:
        with transaction.atomic():
            return create()
    except IntegrityError as error:
        raise duplicate from error


def _audit(actor: Any, action: AuditAction, criminal_case: CriminalCase, **detail: Any) -> None:
    record_event(
        action=action, actor=actor, target=criminal_case, target_label=criminal_case.reference, detail=detail
    )


@transaction.atomic
def open_criminal_case(
    *,
    actor: Any,
    reference: str,
    investigating_unit: Organisation,
    region: str,
    opened_on: date,
    origin: str,
    forms_of_exploitation: list[str] | None = None,
    prosecution_office: Organisation | None = None,
    referred_to_prosecution_on: date | None = None,
) -> CriminalCase:
    """A unit opens its own investigation; a prosecution office registers one naming the unit."""
    policy.require(actor, "justice.criminal_cases")
    own = policy.organisation_of(actor)
    if own.type in policy.PROSECUTION_ORGANISATION_TYPES:
        prosecution_office = own
    elif investigating_unit.pk != own.pk:
        raise PermissionDenied("justice.criminal_cases")
    forms = sorted(set(forms_of_exploitation or []))
    check_case_codes(
        region=region,
        origin=origin,
        forms_of_exploitation=forms,
        investigating_unit=investigating_unit,
        prosecution_office=prosecution_office,
    )
    reference = reference.strip()
    if CriminalCase.objects.filter(reference=reference).exists():
        raise ValidationError(
            {"reference": _("A criminal case with reference %(ref)s exists.") % {"ref": reference}}
        )
    criminal_case = CriminalCase(
        reference=reference,
        investigating_unit=investigating_unit,
        prosecution_office=prosecution_office,
        region=region,
        opened_on=opened_on,
        origin=origin,
        forms_of_exploitation=forms,
        referred_to_prosecution_on=referred_to_prosecution_on
        or (opened_on if prosecution_office is not None else None),
        created_by=actor,
    )
    chronology.check_case(criminal_case)
    criminal_case.save()
    _audit(actor, AuditAction.CREATE, criminal_case, origin=origin)
    return criminal_case


def _locked_case(criminal_case: CriminalCase) -> CriminalCase:
    return CriminalCase.objects.select_for_update(of=("self",)).get(pk=criminal_case.pk)


@transaction.atomic
def update_criminal_case(
    *, actor: Any, criminal_case: CriminalCase, expected_version: int | None, **changes: Any
) -> CriminalCase:
    """Region, origin, forms, referral to a prosecution office and the court. Referring the case makes it
    visible to that office."""
    policy.require_agency_of(actor, criminal_case)
    unknown = set(changes) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    locked = _locked_case(criminal_case)
    check_version(locked, expected_version)
    for field, value in changes.items():
        setattr(locked, field, sorted(set(value)) if field == "forms_of_exploitation" else value)
    if locked.prosecution_office is not None and locked.referred_to_prosecution_on is None:
        raise ValidationError(
            {
                "referred_to_prosecution_on": _(
                    "Give the date the case was referred to the prosecution office."
                )
            }
        )
    check_case_codes(
        region=locked.region,
        origin=locked.origin,
        forms_of_exploitation=locked.forms_of_exploitation,
        prosecution_office=locked.prosecution_office,
        court=locked.court,
    )
    chronology.check_case(locked)
    bump_version(locked)
    locked.save()
    _audit(actor, AuditAction.UPDATE, locked, fields=sorted(changes))
    return locked


@transaction.atomic
def add_defendant(*, actor: Any, criminal_case: CriminalCase, **fields: Any) -> Defendant:
    policy.require_agency_of(actor, criminal_case)
    unknown = set(fields) - set(DEFENDANT_FIELDS)
    if unknown:
        raise TypeError(f"not a defendant field: {sorted(unknown)}")
    locked = _locked_case(criminal_case)
    fields.setdefault("investigated_on", locked.opened_on)
    check_defendant_codes(
        sex=fields.get("sex", Sex.UNKNOWN),
        nationality=fields.get("nationality", ""),
        role=fields.get("role", ""),
        age=fields.get("age"),
    )
    if not str(fields.get("full_name", "")).strip():
        raise ValidationError({"full_name": _("Give the suspect's name, or the name by which she is known.")})
    number = (locked.defendants.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    defendant = Defendant(criminal_case=locked, number=number, **fields)
    defendant.document_number_index = document_index(defendant.document_number)
    chronology.check_defendant(defendant)
    defendant.save()
    bump_version(locked)
    locked.save(update_fields=["version", "updated_at"])
    _audit(actor, AuditAction.CREATE, locked, defendant=number, role=defendant.role)
    return defendant


@transaction.atomic
def update_defendant(
    *, actor: Any, defendant: Defendant, expected_version: int | None, **changes: Any
) -> Defendant:
    policy.require_agency_of(actor, defendant.criminal_case)
    unknown = set(changes) - set(DEFENDANT_FIELDS)
    if unknown:
        raise TypeError(f"not a defendant field: {sorted(unknown)}")
    locked = (
        Defendant.objects.select_for_update(of=("self",)).select_related("criminal_case").get(pk=defendant.pk)
    )
    check_version(locked, expected_version)
    for field, value in changes.items():
        setattr(locked, field, value)
    check_defendant_codes(sex=locked.sex, nationality=locked.nationality, role=locked.role, age=locked.age)
    locked.document_number_index = document_index(locked.document_number)
    chronology.check_defendant(locked)
    bump_version(locked)
    locked.save()
    _audit(actor, AuditAction.UPDATE, locked.criminal_case, defendant=locked.number, fields=sorted(changes))
    return locked


@transaction.atomic
def add_charge(*, actor: Any, defendant: Defendant, article: OffenceArticle, charged_on: date) -> Charge:
    """Charging is prosecuting: the defendant counts as prosecuted at the date of her first charge."""
    policy.require_agency_of(actor, defendant.criminal_case)
    if not article.is_active:
        raise ValidationError(
            {"article": _("Article %(code)s is no longer in use.") % {"code": article.code}}
        )
    charge = Charge(defendant=defendant, article=article, charged_on=charged_on)
    chronology.check_charge(charge)
    already = ValidationError(
        {"article": _("This defendant is already charged under %(code)s.") % {"code": article.code}}
    )
    if defendant.charges.filter(article=article).exists():
        raise already
    _created(already, charge.save)
    _audit(
        actor, AuditAction.CREATE, defendant.criminal_case, defendant=defendant.number, charge=article.code
    )
    return charge


@transaction.atomic
def record_verdict(
    *,
    actor: Any,
    charge: Charge,
    court_level: str,
    outcome: str,
    decided_on: date,
    court: Organisation | None = None,
    reclassified_to: OffenceArticle | None = None,
) -> Verdict:
    """A verdict on one charge at one level. A reclassification opens a new charge under the other article,
    charged on the day of the verdict, which then awaits its own verdict."""
    criminal_case = charge.defendant.criminal_case
    policy.require_agency_of(actor, criminal_case)
    if court_level not in CourtLevel.values or outcome not in VerdictOutcome.values:
        raise ValidationError({"outcome": _("Unknown court level or outcome.")})
    if court is not None and court.type not in policy.COURT_ORGANISATION_TYPES:
        raise ValidationError({"court": _("%(organisation)s is not a court.") % {"organisation": court.name}})
    verdict = Verdict(
        charge=charge, court_level=court_level, outcome=outcome, decided_on=decided_on, court=court
    )
    earlier = list(charge.verdicts.all())
    if any(v.court_level == court_level for v in earlier):
        raise ValidationError({"court_level": _("This charge already has a verdict at that level.")})
    if any(COURT_LEVEL_ORDER[v.court_level] > COURT_LEVEL_ORDER[court_level] for v in earlier):
        raise ValidationError({"court_level": _("This charge already has a verdict at a higher level.")})
    chronology.check_verdict(verdict, earlier=earlier)
    if outcome == VerdictOutcome.RECLASSIFIED:
        if reclassified_to is None or reclassified_to.pk == charge.article_id:
            raise ValidationError(
                {"reclassified_to": _("Choose the offence the court reclassified the charge to.")}
            )
    elif reclassified_to is not None:
        raise ValidationError({"reclassified_to": _("Only a reclassification names another offence.")})
    _created(
        ValidationError({"court_level": _("This charge already has a verdict at that level.")}),
        verdict.save,
    )
    if reclassified_to is not None:
        try:
            with transaction.atomic():
                Charge.objects.create(
                    defendant=charge.defendant,
                    article=reclassified_to,
                    charged_on=decided_on,
                    reclassified_from=charge,
                )
        except IntegrityError as error:
            raise ValidationError(
                {
                    "reclassified_to": _("This defendant is already charged under %(code)s.")
                    % {"code": reclassified_to.code}
                }
            ) from error
    if court is not None and court_level == CourtLevel.FIRST_INSTANCE:
        # The court joins the case, under the case's lock and version, so an edit form opened earlier cannot
        # silently take it away again.
        locked = _locked_case(criminal_case)
        if locked.court_id is None:
            locked.court = court
            bump_version(locked)
            locked.save(update_fields=["court", "version", "updated_at"])
    _audit(
        actor,
        AuditAction.CREATE,
        criminal_case,
        defendant=charge.defendant.number,
        charge=charge.article.code,
        court_level=court_level,
        outcome=outcome,
    )
    return verdict


def _convicted_at(defendant: Defendant, court_level: str) -> bool:
    return Verdict.objects.filter(
        charge__defendant=defendant, court_level=court_level, outcome=VerdictOutcome.CONVICTED
    ).exists()


@transaction.atomic
def record_sentence(
    *,
    actor: Any,
    defendant: Defendant,
    court_level: str,
    decided_on: date,
    prison_months: int = 0,
    suspended_months: int = 0,
    fine_minor: int = 0,
    restitution_minor: int = 0,
    confiscation: bool = False,
) -> Sentence:
    policy.require_agency_of(actor, defendant.criminal_case)
    errors: dict[str, str] = {}
    if not _convicted_at(defendant, court_level):
        errors["court_level"] = _("The defendant was not convicted at this level: record the verdict first.")
    if suspended_months > prison_months:
        errors["suspended_months"] = _("The suspended part cannot exceed the prison term.")
    if min(prison_months, suspended_months, fine_minor, restitution_minor) < 0:
        errors["prison_months"] = _("Terms and amounts cannot be negative.")
    verdict_day = (
        Verdict.objects.filter(charge__defendant=defendant, court_level=court_level)
        .order_by("decided_on")
        .values_list("decided_on", flat=True)
        .first()
    )
    try:
        chronology.check_sentence(decided_on=decided_on, verdict_day=verdict_day)
    except ValidationError as error:
        errors.update({field: problems[0] for field, problems in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    already = ValidationError({"court_level": _("A sentence is already recorded at this level.")})
    if defendant.sentences.filter(court_level=court_level).exists():
        raise already
    sentence = _created(
        already,
        lambda: Sentence.objects.create(
            defendant=defendant,
            court_level=court_level,
            decided_on=decided_on,
            prison_months=prison_months,
            suspended_months=suspended_months,
            fine_minor=fine_minor,
            restitution_minor=restitution_minor,
            confiscation=confiscation,
        ),
    )
    _audit(
        actor, AuditAction.CREATE, defendant.criminal_case, defendant=defendant.number, sentence=court_level
    )
    return sentence


@transaction.atomic
def link_victim_case(*, actor: Any, criminal_case: CriminalCase, case_reference: str) -> VictimLink:
    """Link a victim's case by its pseudonymous reference. The justice officer learns the case facts, never
    the identity, unless her own organisation owns the case."""
    policy.require_agency_of(actor, criminal_case)
    case = Case.objects.filter(reference=case_reference.strip().upper()).first()
    if case is None:
        raise ValidationError(
            {"case_reference": _("No case has the reference %(ref)s.") % {"ref": case_reference}}
        )
    already = ValidationError(
        {"case_reference": _("Case %(ref)s is already linked.") % {"ref": case.reference}}
    )
    if criminal_case.victim_links.filter(case=case).exists():
        raise already
    link = _created(
        already, lambda: VictimLink.objects.create(criminal_case=criminal_case, case=case, linked_by=actor)
    )
    record_case_event(
        case=case, kind="criminal_case_linked", actor=actor, detail={"criminal_case": criminal_case.reference}
    )
    _audit(actor, AuditAction.UPDATE, criminal_case, victim_case=case.reference)
    return link


@transaction.atomic
def unlink_victim_case(*, actor: Any, link: VictimLink) -> None:
    policy.require_agency_of(actor, link.criminal_case)
    record_case_event(
        case=link.case,
        kind="criminal_case_unlinked",
        actor=actor,
        detail={"criminal_case": link.criminal_case.reference},
    )
    _audit(actor, AuditAction.UPDATE, link.criminal_case, victim_case_unlinked=link.case.reference)
    link.delete()


@transaction.atomic
def record_participation(
    *, actor: Any, link: VictimLink, expected_version: int | None, **changes: Any
) -> VictimLink:
    policy.require_agency_of(actor, link.criminal_case)
    unknown = set(changes) - set(PARTICIPATION_FIELDS)
    if unknown:
        raise TypeError(f"not a participation field: {sorted(unknown)}")
    locked = (
        VictimLink.objects.select_for_update(of=("self",)).select_related("criminal_case").get(pk=link.pk)
    )
    check_version(locked, expected_version)
    for field, value in changes.items():
        setattr(locked, field, value)
    if locked.compensation_minor < 0:
        raise ValidationError({"compensation_minor": _("Amounts cannot be negative.")})
    chronology.check_participation(penalised_on=locked.penalised_on)
    bump_version(locked)
    locked.save()
    _audit(
        actor,
        AuditAction.UPDATE,
        locked.criminal_case,
        victim_case=locked.case.reference,
        non_punishment_breach=locked.penalised_on is not None,
    )
    return locked


ARTICLE_FIELDS = (
    "law", "article", "label_en", "label_fr", "label_ar", "is_trafficking_offence", "prison_min_months",
    "prison_max_months", "fine_min_mad", "fine_max_mad", "is_active",
)  # fmt: skip


def _check_article(article: OffenceArticle) -> None:
    errors: dict[str, str] = {}
    for low, high in (("prison_min_months", "prison_max_months"), ("fine_min_mad", "fine_max_mad")):
        low_value, high_value = getattr(article, low), getattr(article, high)
        if low_value is not None and high_value is not None and low_value > high_value:
            errors[high] = _("The maximum is below the minimum.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_offence_article(*, actor: Any, offence: OffenceArticle, **fields: Any) -> OffenceArticle:
    """Create or edit an article of the catalogue. Articles are deactivated, never deleted."""
    policy.require(actor, "admin.catalogues")
    unknown = set(fields) - set(ARTICLE_FIELDS)
    if unknown:
        raise TypeError(f"not an article field: {sorted(unknown)}")
    created = offence.pk is None
    for field, value in fields.items():
        setattr(offence, field, value)
    _check_article(offence)
    if created and OffenceArticle.objects.filter(code=offence.code).exists():
        raise ValidationError({"code": _("An article with code %(code)s exists.") % {"code": offence.code}})
    offence.save()
    record_event(
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        actor=actor,
        target=offence,
        target_label=offence.code,
        detail={"fields": sorted(fields)},
    )
    return offence


def install_shipped_offence_articles(*, article_model: Any = OffenceArticle) -> int:
    """Add the shipped articles that are missing; an administrator's edits to existing ones are kept. Used by
    the data migration (with the historical model) and by fresh test databases."""
    added = 0
    for entry in loader.offence_articles().entries:
        _article, created = article_model.objects.get_or_create(
            code=entry.code,
            defaults={
                "law": entry.law,
                "article": entry.article,
                "label_en": entry.en,
                "label_fr": entry.fr,
                "label_ar": entry.ar,
                "is_trafficking_offence": entry.trafficking,
                "prison_min_months": entry.prison_min_months,
                "prison_max_months": entry.prison_max_months,
                "fine_min_mad": entry.fine_min_mad,
                "fine_max_mad": entry.fine_max_mad,
            },
        )
        added += created
    return added
