"""Loading guide versions, recording screenings, submitting cases and recording status decisions.

Every function is one transaction that writes its audit row. A screening's score is computed here with
the guide version it uses and stored with it; the status is only ever set by an authority's decision.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.cases.models import Case
from sanad.cases.timeline import record_case_event
from sanad.catalogs import loader
from sanad.identification.guide import GuideError, load_guide_yaml, parse_guide
from sanad.identification.models import (
    Answer,
    CaseSubmission,
    EvidenceSource,
    IdentificationGuide,
    Screening,
    ScreeningAnswer,
    StatusDecision,
    VictimStatus,
)
from sanad.identification.scoring import score
from sanad.identification.xlsform import Submission, SubmissionError, read_kobo_json, read_odk_xml

GUIDE_MAX_BYTES = 1_000_000


def load_guide(*, actor: Any, text: str) -> IdentificationGuide:
    """Validate a guide file and store it as a new version (not yet used for new screenings)."""
    policy.require(actor, "admin.catalogues")
    if len(text.encode("utf-8")) > GUIDE_MAX_BYTES:
        raise ValidationError({"file": _("The guide file is larger than 1 MB.")})
    try:
        raw = load_guide_yaml(text)
        guide = parse_guide(raw)
    except (yaml.YAMLError, GuideError) as error:
        raise ValidationError(
            {"file": _("The guide cannot be used: %(problem)s") % {"problem": error}}
        ) from error
    already = ValidationError(
        {
            "file": _("Version %(version)s is already loaded; give the new guide a new version.")
            % {"version": guide.version}
        }
    )
    if IdentificationGuide.objects.filter(version=guide.version).exists():
        raise already
    with transaction.atomic():
        try:
            with transaction.atomic():  # two administrators loading the same version at once
                stored = IdentificationGuide.objects.create(
                    version=guide.version,
                    content=_json_safe(raw),
                    source_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    loaded_at=timezone.now(),
                    loaded_by=actor,
                )
        except IntegrityError:
            raise already from None
        record_event(action=AuditAction.CREATE, actor=actor, target=stored, detail={"version": guide.version})
    return stored


def _json_safe(raw: Any) -> Any:
    """YAML may hold dates; the stored content must round-trip through JSON unchanged."""
    if isinstance(raw, dict):
        return {str(key): _json_safe(value) for key, value in raw.items()}
    if isinstance(raw, list):
        return [_json_safe(value) for value in raw]
    if isinstance(raw, date):
        return raw.isoformat()
    return raw


SHIPPED_GUIDE = loader.DATA_DIR / "identification_guide.yaml"


def install_shipped_guide(*, guide_model: Any = IdentificationGuide) -> None:
    """Store the guide version shipped with Sanad if missing; it becomes current when none is.

    ``guide_model`` lets the data migration pass its historical model.
    """
    text = SHIPPED_GUIDE.read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    version = parse_guide(raw).version
    if guide_model.objects.filter(version=version).exists():
        return
    guide_model.objects.create(
        version=version,
        content=_json_safe(raw),
        source_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        loaded_at=timezone.now(),
        is_current=not guide_model.objects.filter(is_current=True).exists(),
    )


def make_current(*, actor: Any, guide: IdentificationGuide) -> IdentificationGuide:
    """New screenings use this version from now on; earlier screenings keep theirs."""
    policy.require(actor, "admin.catalogues")
    with transaction.atomic():
        # Lock every version so that two administrators switching at once are serialised.
        list(IdentificationGuide.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
        IdentificationGuide.objects.filter(is_current=True).update(is_current=False)
        guide.is_current = True
        guide.save(update_fields=["is_current"])
        record_event(action=AuditAction.UPDATE, actor=actor, target=guide, detail={"current": guide.version})
    return guide


def current_guide() -> IdentificationGuide:
    guide = IdentificationGuide.objects.filter(is_current=True).first()
    if guide is None:
        raise ValidationError(_("No identification guide is in use. An administrator must load one."))
    return guide


ADULT_AGE = 18


def age_at_exploitation(case: Case) -> int | None:
    """Age at the start of exploitation, else at recruitment, else at the opening of the case."""
    reference_day = case.exploitation_started_on or case.recruitment_date or case.opened_on
    return case.person.age_on(reference_day)


@dataclass(frozen=True)
class ProfileSuggestion:
    profile: str
    age_at_exploitation: int | None
    sexual: bool
    fallback: bool  # the matching profile is not in this guide version; a labour profile stands in


def suggested_profile(case: Case, guide: IdentificationGuide) -> ProfileSuggestion:
    """Adult or child from the age at the start of exploitation; sexual or labour from the forms recorded."""
    age = age_at_exploitation(case)
    age_group = "child" if age is not None and age < ADULT_AGE else "adult"
    sexual = "sexual_exploitation" in case.forms_of_exploitation
    definition = guide.definition
    wanted = [
        code
        for code in definition.profiles
        if code.startswith(age_group + "_") and (("sexual" in code) == sexual)
    ]
    if wanted:
        return ProfileSuggestion(wanted[0], age, sexual, fallback=False)
    same_age = [code for code in definition.profiles if code.startswith(age_group + "_")]
    return ProfileSuggestion((same_age or list(definition.profiles))[0], age, sexual, fallback=True)


@dataclass(frozen=True)
class AnswerInput:
    answer: str
    evidence_source: str = ""
    note: str = ""


def record_screening(
    *,
    actor: Any,
    case: Case,
    guide: IdentificationGuide,
    profile: str,
    interviewed_on: date,
    answers: dict[str, AnswerInput],
    act_present: str = Answer.UNKNOWN,
    interview_language: str = "",
    interpreter_used: bool = False,
    collected_offline: bool = False,
    offline_instance: str = "",
) -> Screening:
    if not policy.may_screen(actor, case):
        raise PermissionDenied("screening")
    definition = guide.definition
    if profile not in definition.profiles:
        raise ValidationError(
            {"profile": _("This guide version has no profile %(profile)s.") % {"profile": profile}}
        )
    errors = _answer_errors(definition.profile(profile).indicators, answers)
    age = age_at_exploitation(case)
    if age is not None and (age < ADULT_AGE) != definition.profile(profile).is_child:
        errors["profile"] = (
            _("The person was %(age)s at the start of exploitation: use a child profile.")
            if age < ADULT_AGE
            else _("The person was %(age)s at the start of exploitation: use an adult profile.")
        ) % {"age": age}
    if act_present not in Answer.values:
        errors["act_present"] = _("Answer yes, no or unknown.")
    if interviewed_on > timezone.localdate():
        errors["interviewed_on"] = _("The interview date cannot be in the future.")
    if interview_language and interview_language not in loader.languages().by_code():
        errors["interview_language"] = _("Unknown language code %(code)s.") % {"code": interview_language}
    if errors:
        raise ValidationError(errors)
    indicator_ids = {indicator.id for indicator in definition.profile(profile).indicators}
    result = score(
        definition,
        profile,
        {key: value.answer for key, value in answers.items() if key in indicator_ids},
        act_present,
    )
    with transaction.atomic():
        screening = Screening.objects.create(
            case=case,
            guide=guide,
            profile=profile,
            interviewed_on=interviewed_on,
            interviewer=actor,
            organisation=actor.organisation,
            interview_language=interview_language,
            interpreter_used=interpreter_used,
            act_present=act_present,
            outcome=result.outcome,
            dimension_results=result.as_record(),
            collected_offline=collected_offline,
            older_guide=collected_offline and not guide.is_current,
            offline_instance=offline_instance,
        )
        ScreeningAnswer.objects.bulk_create(
            ScreeningAnswer(
                screening=screening,
                indicator_id=indicator_id,
                answer=answers[indicator_id].answer,
                evidence_source=answers[indicator_id].evidence_source,
                note=answers[indicator_id].note,
            )
            for indicator_id in sorted(indicator_ids)
        )
        record_event(
            action=AuditAction.CREATE,
            actor=actor,
            target=screening,
            target_label=f"screening {case.reference}",
            detail={
                "guide": guide.version,
                "profile": profile,
                "outcome": result.outcome,
                "offline": collected_offline,
            },
        )
        record_case_event(case=case, kind="screened", actor=actor, detail={"outcome": result.outcome})
    return screening


def import_offline_screening(*, actor: Any, submission: Submission) -> Screening:
    """A screening collected with the XLSForm: into the case it names (if the actor may screen it), scored
    with the guide version the form was made from, flagged when that version is older than the current. A
    submission imported before (same instance id) is not imported again: its screening is returned."""
    case = policy.cases_visible_to(actor).filter(reference=submission.case_reference).first()
    if case is None or not policy.may_screen(actor, case):
        raise ValidationError(
            {
                "case_reference": _("No case %(reference)s that you may screen.")
                % {"reference": submission.case_reference}
            }
        )
    if submission.instance:
        earlier = Screening.objects.filter(offline_instance=submission.instance).first()
        if earlier is not None and earlier.case_id == case.pk:
            return earlier
        if earlier is not None:
            raise ValidationError(
                {"case_reference": _("This submission was imported before, into another case.")}
            )
    guide = IdentificationGuide.objects.filter(version=submission.guide_version).first()
    if guide is None:
        raise ValidationError(
            {"guide_version": _("Unknown guide version %(version)s.") % {"version": submission.guide_version}}
        )
    try:
        interviewed_on = date.fromisoformat(submission.interviewed_on[:10])
    except ValueError:
        raise ValidationError(
            {"interviewed_on": _("Not a date: %(value)s.") % {"value": submission.interviewed_on}}
        ) from None
    return record_screening(
        actor=actor,
        case=case,
        guide=guide,
        profile=submission.profile,
        interviewed_on=interviewed_on,
        answers={
            key: AnswerInput(answer=value, evidence_source=submission.evidence.get(key, ""))
            for key, value in submission.answers.items()
        },
        act_present=submission.act_present,
        interview_language=submission.interview_language,
        interpreter_used=submission.interpreter_used,
        collected_offline=True,
        offline_instance=submission.instance,
    )


MAX_OFFLINE_BYTES = 10 * 1024 * 1024


def import_offline_file(*, actor: Any, content: bytes) -> list[Screening]:
    """Every screening of an ODK submission (.xml) or a KoboToolbox JSON export, all or nothing. A file that
    cannot be read raises ``SubmissionError``; a screening that cannot be recorded, ``ValidationError``
    naming its case."""
    if len(content) > MAX_OFFLINE_BYTES:
        raise SubmissionError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_OFFLINE_BYTES // 2**20}
        )
    submissions = [read_odk_xml(content)] if content.lstrip()[:1] == b"<" else read_kobo_json(content)
    screenings = []
    with transaction.atomic():
        for submission in submissions:
            try:
                screenings.append(import_offline_screening(actor=actor, submission=submission))
            except ValidationError as error:
                raise ValidationError(
                    _("Case %(reference)s: %(problems)s")
                    % {"reference": submission.case_reference, "problems": " ".join(error.messages)}
                ) from None
    return screenings


def _answer_errors(indicators: Any, answers: dict[str, AnswerInput]) -> dict[str, str]:
    errors: dict[str, str] = {}
    unanswered = [indicator.id for indicator in indicators if indicator.id not in answers]
    if unanswered:
        errors["answers"] = _("Answer every indicator (yes, no or unknown). Not answered: %(ids)s.") % {
            "ids": ", ".join(unanswered)
        }
    for indicator in indicators:
        given = answers.get(indicator.id)
        if given is None:
            continue
        if given.answer not in Answer.values:
            errors[f"answer_{indicator.id}"] = _("Answer yes, no or unknown.")
        elif given.answer == Answer.YES and given.evidence_source not in EvidenceSource.values:
            errors[f"evidence_{indicator.id}"] = _("Say where the evidence for %(id)s comes from.") % {
                "id": indicator.id
            }
        elif given.evidence_source and given.evidence_source not in EvidenceSource.values:
            errors[f"evidence_{indicator.id}"] = _("Unknown evidence source.")
    return errors


def submit_for_decision(*, actor: Any, case: Case, authority: Organisation) -> CaseSubmission:
    """Put the case before a competent authority, which from then on sees it and may decide its status."""
    if not policy.may_screen(actor, case):
        raise PermissionDenied("submission")
    if authority.type not in policy.STATUS_AUTHORITY_ORGANISATION_TYPES or not authority.is_active:
        raise ValidationError({"authority": _("Choose an active police, gendarmerie or prosecution office.")})
    already = ValidationError({"authority": _("This case is already before that authority.")})
    if CaseSubmission.objects.filter(case=case, authority=authority, withdrawn_at__isnull=True).exists():
        raise already
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = CaseSubmission.objects.create(
                    case=case, authority=authority, submitted_at=timezone.now(), submitted_by=actor
                )
        except IntegrityError:
            raise already from None
        record_event(
            action=AuditAction.CREATE,
            actor=actor,
            target=submission,
            target_label=f"submission {case.reference}",
            detail={"authority": authority.short_code},
        )
        record_case_event(
            case=case, kind="submitted", actor=actor, detail={"authority": authority.short_code}
        )
    return submission


def withdraw_submission(*, actor: Any, submission: CaseSubmission) -> CaseSubmission:
    """The owning organisation takes the case back from an authority, which then no longer sees it."""
    if not policy.may_screen(actor, submission.case):
        raise PermissionDenied("submission")
    with transaction.atomic():
        locked = CaseSubmission.objects.select_for_update().get(pk=submission.pk)
        if locked.withdrawn_at is not None:
            raise ValidationError(_("This submission was already withdrawn."))
        locked.withdrawn_at, locked.withdrawn_by = timezone.now(), actor
        locked.save(update_fields=["withdrawn_at", "withdrawn_by"])
        record_event(
            action=AuditAction.UPDATE,
            actor=actor,
            target=locked,
            target_label=f"submission {locked.case.reference}",
            detail={"authority": locked.authority.short_code, "withdrawn": True},
        )
        record_case_event(
            case=locked.case,
            kind="submission_withdrawn",
            actor=actor,
            detail={"authority": locked.authority.short_code},
        )
    return locked


def decide_status(
    *, actor: Any, case: Case, status: str, decided_on: date, legal_basis: str, rationale: str
) -> StatusDecision:
    """Record a competent authority's decision. Earlier decisions stay in the history."""
    if not policy.may_decide_status(actor, case):
        raise PermissionDenied("status_decision")
    errors: dict[str, str] = {}
    if status not in VictimStatus.values:
        errors["status"] = _("Choose a status.")
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("The decision date cannot be in the future.")
    if not legal_basis.strip():
        errors["legal_basis"] = _("Give the legal basis of the decision.")
    if not rationale.strip():
        errors["rationale"] = _("Give the reasons for the decision.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        decision = StatusDecision.objects.create(
            case=case,
            status=status,
            decided_on=decided_on,
            decided_by_organisation=actor.organisation,
            decided_by=actor,
            legal_basis=legal_basis.strip(),
            rationale=rationale.strip(),
        )
        record_event(
            action=AuditAction.CREATE,
            actor=actor,
            target=decision,
            target_label=f"status {case.reference}",
            detail={"status": status, "decided_on": decided_on.isoformat()},
        )
        record_case_event(case=case, kind="status_decided", actor=actor, detail={"status": status})
    return decision
