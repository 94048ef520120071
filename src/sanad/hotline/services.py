"""State changes of hotline contacts. Each is one transaction that writes its audit row."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.accounts.models import Organisation
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.cases.models import Case
from sanad.cases.services import open_case
from sanad.catalogs import loader
from sanad.concurrency import bump_version, check_version
from sanad.crypto.normalise import canonical_phone, is_plausible_phone
from sanad.crypto.ring import blind_index
from sanad.hotline.models import (
    TRANSITIONS,
    AlertMethod,
    Channel,
    Contact,
    ContactType,
    PoliceAlert,
    ReporterRelation,
    TriageState,
    Urgency,
)
from sanad.people.services import register_person

# Crockford's base 32 without I, L, O, U: a reference read aloud over the phone is not misheard.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
NARRATIVE_MAX_LENGTH = 5000


def new_reference(choose: Callable[[str], str] = secrets.choice) -> str:
    """A random reference: it reveals neither how many contacts exist nor when this one came in. ``choose``
    picks each character (a seeded generator's for synthetic data)."""
    body = "".join(choose(REFERENCE_ALPHABET) for _ in range(8))
    return f"{body[:4]}-{body[4:]}"


def callback_index(number: str) -> str:
    """The blind index that recognises a repeat caller; none for text that is not a phone number."""
    return blind_index(canonical_phone(number), purpose="phone") if is_plausible_phone(number) else ""


def _validate_codes(*, language: str, region: str) -> None:
    errors: dict[str, str] = {}
    if language and language not in loader.languages().by_code():
        errors["language"] = _("Unknown language code %(code)s.") % {"code": language}
    if region and region not in loader.regions().by_code():
        errors["region"] = _("Unknown region code %(code)s.") % {"code": region}
    if errors:
        raise ValidationError(errors)


def _insert_contact(**fields: Any) -> Contact:
    # A collision of two random references is rare; retry rather than fail the caller.
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Contact.objects.create(reference=new_reference(), **fields)
        except IntegrityError:
            continue
    raise RuntimeError("could not draw a free contact reference")


# Morocco's anti-trafficking law is of 2016; no hotline record is older than the hotline itself.
EARLIEST_CONTACT_YEAR = 2000


def record_contact(
    *,
    actor: Any,
    channel: str,
    contact_type: str,
    received_at: datetime,
    reporter_relation: str,
    urgency: int = Urgency.ROUTINE,
    language: str = "",
    region: str = "",
    narrative: str = "",
    callback_number: str = "",
    triaged: bool = False,
) -> Contact:
    """Record a contact received by the actor's hotline; ``triaged`` when triaged during the call."""
    policy.require(actor, "hotline.contacts")
    _validate_codes(language=language, region=region)
    if received_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"received_at": _("A contact cannot be received in the future.")})
    if received_at.year < EARLIEST_CONTACT_YEAR:
        # Also keeps dates the database cannot hold (year 1 in a timezone east of UTC) out of the insert.
        raise ValidationError(
            {"received_at": _("A contact cannot be dated before %(year)s.") % {"year": EARLIEST_CONTACT_YEAR}}
        )
    now = timezone.now()
    # No savepoint of its own when called inside a transaction (the API's idempotent write): the caller's
    # transaction already makes the contact and its audit row one, and a savepoint costs two round trips.
    with transaction.atomic(savepoint=False):
        contact = _insert_contact(
            hotline=actor.organisation,
            channel=channel,
            contact_type=contact_type,
            received_at=received_at,
            language=language,
            region=region,
            reporter_relation=reporter_relation,
            urgency=urgency,
            narrative=narrative,
            callback_number=callback_number,
            callback_index=callback_index(callback_number),
            recorded_by=actor,
            assigned_to=actor,
            state=TriageState.TRIAGED if triaged else TriageState.NEW,
            triaged_at=max(now, received_at) if triaged else None,
        )
        record_event(action=AuditAction.CREATE, actor=actor, target=contact, detail={"state": contact.state})
    return contact


def submit_public_tip(
    *, hotline: Organisation, narrative: str, language: str = "", region: str = "", callback_number: str = ""
) -> Contact:
    """An anonymous tip from the public web form: a new contact of the hotline that serves the form."""
    if not narrative.strip():
        raise ValidationError({"narrative": _("Describe what you saw or heard.")})
    if len(narrative) > NARRATIVE_MAX_LENGTH:
        raise ValidationError({"narrative": _("The description is too long.")})
    _validate_codes(language=language, region=region)
    with transaction.atomic():
        contact = _insert_contact(
            hotline=hotline,
            channel=Channel.WEB_FORM,
            contact_type=ContactType.TIP,
            received_at=timezone.now(),
            language=language,
            region=region,
            reporter_relation=ReporterRelation.ANONYMOUS,
            narrative=narrative,
            callback_number=callback_number,
            callback_index=callback_index(callback_number),
        )
        record_event(
            action=AuditAction.CREATE,
            target=contact,
            organisation=hotline,
            actor_label="public web form",
            anonymous_source=True,
        )
    return contact


def _locked(contact: Contact, actor: Any, expected_version: int | None) -> Contact:
    locked = policy.contacts_visible_to(actor).select_for_update().filter(pk=contact.pk).first()
    if locked is None:
        raise PermissionDenied("contact")
    check_version(locked, expected_version)
    return locked


def _move(contact: Contact, to_state: str, *, at: datetime) -> str:
    if to_state not in TRANSITIONS[contact.state]:
        raise ValidationError(
            {
                "state": _("A contact that is %(current)s cannot become %(target)s.")
                % {"current": contact.get_state_display(), "target": TriageState(to_state).label}
            }
        )
    previous = contact.state
    contact.state = to_state
    setattr(contact, f"{to_state}_at", at)
    bump_version(contact)
    return previous


def change_state(
    *, actor: Any, contact: Contact, to_state: str, expected_version: int | None, reason: str = ""
) -> Contact:
    """Triage, classify or close a contact. Escalation goes through ``escalate``; closing needs a reason."""
    if to_state == TriageState.ESCALATED:
        raise ValidationError({"state": _("Escalate with the escalation form.")})
    if to_state == TriageState.CLOSED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for closing this contact.")})
    with transaction.atomic():
        locked = _locked(contact, actor, expected_version)
        previous = _move(locked, to_state, at=timezone.now())
        if to_state == TriageState.CLOSED:
            locked.closing_reason = reason.strip()
        if locked.assigned_to_id is None:
            locked.assigned_to = actor
        locked.save()
        record_event(
            action=AuditAction.UPDATE, actor=actor, target=locked, detail={"from": previous, "to": to_state}
        )
    return locked


def take(*, actor: Any, contact: Contact) -> Contact:
    """The operator takes a contact from the queue: it becomes hers. Only a supervisor takes one over."""
    with transaction.atomic():
        locked = _locked(contact, actor, None)
        held_by_colleague = locked.assigned_to_id not in (None, actor.pk)
        if held_by_colleague and not policy.has_capability(actor, "hotline.supervise"):
            raise ValidationError(
                _("A colleague is handling this contact; ask the supervisor to reassign it.")
            )
        locked.assigned_to = actor
        bump_version(locked)
        locked.save(update_fields=["assigned_to", "version"])
        record_event(action=AuditAction.UPDATE, actor=actor, target=locked, detail={"assigned": True})
    return locked


def earlier_case_of_caller(contact: Contact) -> Case | None:
    """The case an earlier contact from the same callback number was escalated into, if any."""
    if not contact.callback_index:
        return None
    earlier = (
        Contact.objects.filter(
            hotline=contact.hotline, callback_index=contact.callback_index, case__isnull=False
        )
        .exclude(pk=contact.pk)
        .select_related("case")
        .order_by("-received_at")
        .first()
    )
    return earlier.case if earlier else None


def escalate(
    *,
    actor: Any,
    contact: Contact,
    expected_version: int | None,
    organisation: Organisation | None = None,
    link_earlier_case: bool = False,
    person_fields: dict[str, Any] | None = None,
) -> Contact:
    """Escalate a triaged contact: open a person and case in a case-owning organisation, or link the case
    an earlier contact of the same caller opened. Alerts to police are recorded with ``alert_police``."""
    if organisation is None and not link_earlier_case:
        raise ValidationError({"organisation": _("Choose the organisation that will own the case.")})
    with transaction.atomic():
        locked = _locked(contact, actor, expected_version)
        _move(locked, TriageState.ESCALATED, at=timezone.now())
        if link_earlier_case:
            case = earlier_case_of_caller(locked)
            if case is None:
                raise ValidationError(
                    {"link_earlier_case": _("No earlier contact of this caller has a case.")}
                )
            locked.case, locked.person, locked.escalated_to = case, case.person, case.owning_organisation
        else:
            assert organisation is not None
            if not policy.may_open_case_in(actor, organisation):
                raise ValidationError({"organisation": _("Cases cannot be opened in this organisation.")})
            # The callback number is the person's own only when she called herself: a neighbour's number
            # on her file would point her blind index at someone else.
            own_number = locked.reporter_relation == ReporterRelation.SELF and bool(locked.callback_index)
            person = register_person(
                actor=actor,
                organisation=organisation,
                phone=locked.callback_number if own_number else "",
                **(person_fields or {}),
            )
            case = open_case(
                actor=actor,
                person=person,
                organisation=organisation,
                opened_on=timezone.localdate(),
                region=locked.region or organisation.region,
            )
            locked.case, locked.person, locked.escalated_to = case, person, organisation
        if locked.assigned_to_id is None:
            locked.assigned_to = actor
        locked.save()
        record_event(
            action=AuditAction.UPDATE,
            actor=actor,
            target=locked,
            detail={"to": TriageState.ESCALATED, "case": locked.case.reference if locked.case else ""},
        )
    return locked


def alert_police(
    *,
    actor: Any,
    contact: Contact,
    unit: Organisation,
    recipient_name: str,
    method: str,
    sent_at: datetime,
    note: str = "",
) -> PoliceAlert:
    """Record an alert passed to a named police or gendarmerie unit about this contact."""
    if unit.type not in policy.ALERTABLE_ORGANISATION_TYPES or not unit.is_active:
        raise ValidationError({"unit": _("Alerts go to an active police or gendarmerie unit.")})
    if method not in AlertMethod.values:
        raise ValidationError({"method": _("Choose how the alert was passed.")})
    if not recipient_name.strip():
        raise ValidationError({"recipient_name": _("Name the officer who received the alert.")})
    if sent_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"sent_at": _("An alert cannot be sent in the future.")})
    with transaction.atomic():
        locked = _locked(contact, actor, None)
        if locked.state == TriageState.CLOSED:
            raise ValidationError(_("This contact is closed; record the alert on a new contact."))
        alert = PoliceAlert.objects.create(
            contact=locked,
            unit=unit,
            recipient_name=recipient_name.strip(),
            method=method,
            sent_at=sent_at,
            sent_by=actor,
            note=note,
        )
        record_event(
            action=AuditAction.CREATE, actor=actor, target=alert, target_label=f"alert {locked.reference}"
        )
    return alert


def waited(contact: Contact, *, now: datetime | None = None) -> Any:
    return (now or timezone.now()) - contact.received_at
