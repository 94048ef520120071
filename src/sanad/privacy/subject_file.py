"""Everything Sanad holds on one person, module by module, as the data-subject access file (JSON).

A person is all the records linked as her (``Person.linked_to``): the file has each record with its identity,
its cases and everything recorded about them. Third parties are left out: the suspects' identities (a
criminal case shows only its facts and her part in it), staff names, and the people behind the audit events
(their organisation stays). The data-protection officer reads the file before handing it over (a hotline
narrative may name the person who called).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce

from sanad.audit.models import AuditAction, AuditEvent
from sanad.cases.models import Case, CaseEvent, CasePlan, CaseTransfer
from sanad.hotline.models import Contact, PoliceAlert
from sanad.identification.models import CaseSubmission, Screening, StatusDecision
from sanad.justice.models import Defendant, VictimLink
from sanad.linkage.models import LinkDecision
from sanad.people.models import Person
from sanad.privacy.models import Rectification
from sanad.referrals.models import Consent, Referral, ServiceDelivery
from sanad.shelters.models import Placement

FORMAT = "sanad-subject-access/1"
CONTACT_STAMPS = ("triaged_at", "escalated_at", "information_only_at", "not_trafficking_at", "closed_at")


def cluster_of(person: Person) -> list[Person]:
    """Her records: the one she is counted as first, then the others linked to it, oldest first."""
    root_id = person.linked_to_id or person.pk
    records = Person.objects.filter(Q(pk=root_id) | Q(linked_to=root_id)).select_related(
        "owning_organisation"
    )
    return sorted(records, key=lambda record: (record.pk != root_id, record.created_at, str(record.pk)))


def grouped[Row](rows: Iterable[Row], key: Callable[[Row], Any]) -> defaultdict[Any, list[Row]]:
    """The rows by their key, each group in the order of the rows."""
    groups: defaultdict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


def _contacts() -> QuerySet[Contact]:
    return Contact.objects.select_related("hotline").prefetch_related(
        Prefetch("alerts", queryset=PoliceAlert.objects.select_related("unit"))
    )


def _cases() -> QuerySet[Case]:
    """Cases with every row the file shows about them: one query per kind of row, whatever their number.
    Each kind in the order the file lists it (the model's own, unless given)."""
    defendants = (
        Defendant.objects.filter(criminal_case=OuterRef("criminal_case"))
        .order_by()
        .values("criminal_case")
        .annotate(count=Count("pk"))
        .values("count")
    )
    organisations = (
        "criminal_case__investigating_unit",
        "criminal_case__prosecution_office",
        "criminal_case__court",
    )
    return Case.objects.select_related("owning_organisation", "plan").prefetch_related(
        Prefetch("events", queryset=CaseEvent.objects.select_related("organisation")),
        Prefetch(
            "screenings",
            queryset=Screening.objects.select_related("guide", "organisation").prefetch_related("answers"),
        ),
        Prefetch("submissions", queryset=CaseSubmission.objects.select_related("authority")),
        Prefetch(
            "status_decisions", queryset=StatusDecision.objects.select_related("decided_by_organisation")
        ),
        Prefetch("consents", queryset=Consent.objects.select_related("organisation")),
        Prefetch(
            "referrals",
            queryset=Referral.objects.select_related("from_organisation", "to_organisation").order_by(
                "sent_at"
            ),
        ),
        Prefetch("services_delivered", queryset=ServiceDelivery.objects.select_related("provider")),
        Prefetch("placements", queryset=Placement.objects.select_related("shelter")),
        "follow_ups",
        Prefetch(
            "transfers", queryset=CaseTransfer.objects.select_related("from_organisation", "to_organisation")
        ),
        Prefetch("contacts", queryset=_contacts().order_by("received_at")),
        Prefetch(
            "criminal_links",
            queryset=VictimLink.objects.select_related(*organisations).annotate(
                defendant_count=Coalesce(Subquery(defendants, output_field=IntegerField()), Value(0))
            ),
        ),
    )


@dataclass(frozen=True)
class Held:
    """Everything about her records, read once: one query per kind of row, grouped in memory."""

    records: list[Person]
    cases: dict[Any, list[Case]]  # by record, oldest first
    rectifications: dict[Any, list[Rectification]]  # by record, oldest first
    contacts: dict[Any, list[Contact]]  # naming a record without a case, by record
    decisions: list[LinkDecision]  # about any of her records, oldest first


def held_about(records: list[Person]) -> Held:
    ids = [record.pk for record in records]
    cases = _cases().filter(person__in=ids).order_by("opened_on")
    rectifications = Rectification.objects.filter(person__in=ids).order_by("recorded_at")
    contacts = _contacts().filter(person__in=ids, case__isnull=True)
    decisions = LinkDecision.objects.filter(Q(first__in=ids) | Q(second__in=ids)).order_by("decided_at")
    return Held(
        records=records,
        cases=grouped(cases, lambda case: case.person_id),
        rectifications=grouped(rectifications, lambda rectification: rectification.person_id),
        contacts=grouped(contacts, lambda contact: contact.person_id),
        decisions=list(decisions),
    )


def _org(organisation: Any) -> str:
    return organisation.name if organisation is not None else ""


def _identity(person: Person) -> dict[str, Any]:
    return {
        "given_name_ar": person.given_name_ar,
        "family_name_ar": person.family_name_ar,
        "given_name_latin": person.given_name_latin,
        "family_name_latin": person.family_name_latin,
        "other_names": person.other_names,
        "document_type": person.document_type,
        "document_number": person.document_number,
        "phone": person.phone,
        "medical_alerts": person.medical_alerts,
    }


def _facts(person: Person) -> dict[str, Any]:
    return {
        "sex": person.sex,
        "birth_date": person.birth_date,
        "birth_date_precision": person.birth_date_precision,
        "nationalities": person.nationalities,
        "languages": person.languages,
    }


def _rectifications(rectifications: list[Rectification]) -> list[dict[str, Any]]:
    return [
        {
            "field": rectification.field,
            "value_before": rectification.old_value,
            "value_after": rectification.new_value,
            "reason": rectification.reason,
            "request_reference": rectification.request_reference,
            "requested_by": rectification.requested_by,
            "recorded_at": rectification.recorded_at,
        }
        for rectification in rectifications
    ]


def _contact(contact: Contact) -> dict[str, Any]:
    return {
        "reference": contact.reference,
        "hotline": _org(contact.hotline),
        "received_at": contact.received_at,
        "channel": contact.channel,
        "contact_type": contact.contact_type,
        "reporter_relation": contact.reporter_relation,
        "language": contact.language,
        "region": contact.region,
        "urgency": contact.urgency,
        "narrative": contact.narrative,
        "callback_number": contact.callback_number,
        "state": contact.state,
        **{stamp: getattr(contact, stamp) for stamp in CONTACT_STAMPS},
        "closing_reason": contact.closing_reason,
        "anonymised_at": contact.anonymised_at,
        "police_alerts": [
            {"unit": _org(alert.unit), "method": alert.method, "sent_at": alert.sent_at, "note": alert.note}
            for alert in contact.alerts.all()
        ],
    }


def _screenings(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "interviewed_on": screening.interviewed_on,
            "organisation": _org(screening.organisation),
            "guide_version": screening.guide.version,
            "profile": screening.profile,
            "interview_language": screening.interview_language,
            "interpreter_used": screening.interpreter_used,
            "act_present": screening.act_present,
            "outcome": screening.outcome,
            "dimension_results": screening.dimension_results,
            "answers": [
                {
                    "indicator": answer.indicator_id,
                    "answer": answer.answer,
                    "evidence_source": answer.evidence_source,
                    "note": answer.note,
                }
                for answer in screening.answers.all()
            ],
        }
        for screening in case.screenings.all()
    ]


def _referrals(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "from": _org(referral.from_organisation),
            "to": _org(referral.to_organisation),
            "service": referral.service_type,
            "urgency": referral.urgency,
            "note": referral.note,
            "state": referral.state,
            "sent_at": referral.sent_at,
            "due_at": referral.due_at,
            "accepted_at": referral.accepted_at,
            "declined_at": referral.declined_at,
            "decline_reason": referral.decline_reason,
            "expired_at": referral.expired_at,
            "in_progress_at": referral.in_progress_at,
            "completed_at": referral.completed_at,
            "withdrawn_at": referral.withdrawn_at,
            "sent_without_consent_because": referral.consent_override_reason,
        }
        for referral in case.referrals.all()
    ]


def _criminal_cases(case: Case) -> list[dict[str, Any]]:
    """Her part in criminal cases, and the cases' facts; never a suspect's identity."""
    rows = []
    for link in case.criminal_links.all():
        criminal = link.criminal_case
        rows.append(
            {
                "reference": criminal.reference,
                "investigating_unit": _org(criminal.investigating_unit),
                "prosecution_office": _org(criminal.prosecution_office),
                "court": _org(criminal.court),
                "opened_on": criminal.opened_on,
                "region": criminal.region,
                "forms_of_exploitation": criminal.forms_of_exploitation,
                "defendants": link.defendant_count,  # type: ignore[attr-defined]  # annotated in _cases
                "complaint_filed": link.complaint_filed,
                "testified": link.testified,
                "legal_aid": link.legal_aid,
                "court_protection": link.court_protection,
                "compensation_minor_units": link.compensation_minor,
                "prosecuted_for_a_compelled_act_on": link.penalised_on,
                "linked_at": link.linked_at,
            }
        )
    return rows


def _plan(case: Case) -> dict[str, Any] | None:
    try:
        plan = case.plan
    except CasePlan.DoesNotExist:
        return None
    return {
        "needs": plan.needs,
        "goals": plan.goals,
        "review_on": plan.review_on,
        "updated_at": plan.updated_at,
    }


CASE_FACTS = (
    "reference", "opened_on", "region", "status", "closed_on", "closure_reason", "forms_of_exploitation",
    "sectors", "means_of_control", "recruitment_country", "recruitment_date", "recruiter_relation",
    "recruitment_method", "recruitment_platform", "exploitation_country", "exploitation_region",
    "exploitation_started_on", "exploitation_ended_on", "exploitation_online", "transit_countries",
    "external_reference",
)  # fmt: skip


def _case(case: Case) -> dict[str, Any]:
    return {
        **{name: getattr(case, name) for name in CASE_FACTS},
        "organisation": _org(case.owning_organisation),
        "timeline": [
            {"occurred_at": event.occurred_at, "kind": event.kind, "organisation": _org(event.organisation)}
            for event in case.events.all()
        ],
        "screenings": _screenings(case),
        "submissions": [
            {
                "authority": _org(sub.authority),
                "submitted_at": sub.submitted_at,
                "withdrawn_at": sub.withdrawn_at,
            }
            for sub in case.submissions.all()
        ],
        "status_decisions": [
            {
                "status": decision.status,
                "decided_on": decision.decided_on,
                "decided_by": _org(decision.decided_by_organisation),
                "legal_basis": decision.legal_basis,
                "rationale": decision.rationale,
            }
            for decision in case.status_decisions.all()
        ],
        "consents": [
            {
                "purpose": consent.purpose,
                "organisation": _org(consent.organisation),
                "service": consent.service_type,
                "decision": consent.decision,
                "method": consent.method,
                "given_on": consent.given_on,
                "withdrawn_at": consent.withdrawn_at,
            }
            for consent in case.consents.all()
        ],
        "referrals": _referrals(case),
        "services_delivered": [
            {
                "service": delivery.service_type,
                "provider": _org(delivery.provider),
                "delivered_on": delivery.delivered_on,
                "notes": delivery.notes,
            }
            for delivery in case.services_delivered.all()
        ],
        "shelter_stays": [
            {
                "shelter": _org(placement.shelter),
                "category": placement.category,
                "admitted_at": placement.admitted_at,
                "discharged_at": placement.discharged_at,
                "discharge_reason": placement.discharge_reason,
            }
            for placement in case.placements.all()
        ],
        "case_plan": _plan(case),
        "follow_ups": [
            {"date": follow_up.happened_on, "kind": follow_up.kind, "note": follow_up.note}
            for follow_up in case.follow_ups.all()
        ],
        "transfers": [
            {
                "from": _org(transfer.from_organisation),
                "to": _org(transfer.to_organisation),
                "state": transfer.state,
                "requested_at": transfer.requested_at,
                "answered_at": transfer.answered_at,
            }
            for transfer in case.transfers.all()
        ],
        "hotline_contacts": [_contact(contact) for contact in case.contacts.all()],
        "criminal_cases": _criminal_cases(case),
    }


def _record(person: Person, held: Held) -> dict[str, Any]:
    return {
        "record": str(person.pk),
        "registered_by": _org(person.owning_organisation),
        "registered_at": person.created_at,
        "anonymised_at": person.anonymised_at,
        "identity": _identity(person),
        "facts": _facts(person),
        "rectifications": _rectifications(held.rectifications.get(person.pk, [])),
        "cases": [_case(case) for case in held.cases.get(person.pk, [])],
        # Contacts that name her without a case (a case's contacts are under the case).
        "hotline_contacts": [_contact(contact) for contact in held.contacts.get(person.pk, [])],
    }


def _linkage(held: Held) -> dict[str, Any]:
    return {
        "counted_as": str(held.records[0].pk),
        "records": [str(record.pk) for record in held.records],
        "decisions": [
            {
                "first": str(d.first_id),
                "second": str(d.second_id),
                "verdict": d.verdict,
                "decided_at": d.decided_at,
            }
            for d in held.decisions
        ],
    }


def _ids(rows: Any) -> set[str]:
    return {str(pk) for pk in rows}


def _rows_about(held: Held) -> dict[str, set[str]]:
    """The ids of every row about her that an audit event can name, by the event's object type: those the
    file holds, and the contacts that name one of her records under someone else's case."""
    cases = [case for record in held.records for case in held.cases.get(record.pk, [])]
    contacts = Contact.objects.filter(Q(person__in=held.records) | Q(case__in=cases)).values_list(
        "pk", flat=True
    )
    about = {
        "people.person": _ids(record.pk for record in held.records),
        "cases.case": _ids(case.pk for case in cases),
        "hotline.contact": _ids(contacts),
        "privacy.rectification": _ids(row.pk for rows in held.rectifications.values() for row in rows),
        "linkage.linkdecision": _ids(decision.pk for decision in held.decisions),
    }
    for relation, label in (
        ("screenings", "identification.screening"), ("status_decisions", "identification.statusdecision"),
        ("referrals", "referrals.referral"), ("consents", "referrals.consent"),
        ("services_delivered", "referrals.servicedelivery"), ("placements", "shelters.placement"),
        ("criminal_links", "justice.victimlink"),
    ):  # fmt: skip
        about[label] = _ids(row.pk for case in cases for row in getattr(case, relation).all())
    return about


def audit_events_about(held: Held) -> list[AuditEvent]:
    """Events whose object is one of her rows, and the listings that showed her name (their detail names
    her record or her case among those shown): three queries, whatever the number of her rows."""
    rows = _rows_about(held)
    direct = Q(pk__in=[])
    for label, ids in rows.items():
        if ids:
            direct |= Q(object_type=label, object_id__in=ids)
    references = [case.reference for cases in held.cases.values() for case in cases]
    named = Q(pk__in=[])
    for token in [*rows["people.person"], *references]:
        named |= Q(detail_text__contains=f'"{token}"')
    listings = (
        AuditEvent.objects.filter(action=AuditAction.VIEW_IDENTITY, object_id="")
        .annotate(detail_text=Cast("detail", TextField()))
        .filter(named)
        .select_related("organisation")
    )
    events = {event.pk: event for event in [*AuditEvent.objects.filter(direct).select_related("organisation"),
                                            *listings]}  # fmt: skip
    return sorted(events.values(), key=lambda event: event.occurred_at)


def _event(event: AuditEvent) -> dict[str, Any]:
    return {
        "occurred_at": event.occurred_at,
        "action": event.action,
        "organisation": _org(event.organisation),
        "object_type": event.object_type,
        "object": event.object_label,
    }


CASE_LISTS = (
    "screenings", "status_decisions", "consents", "referrals", "services_delivered", "shelter_stays",
    "follow_ups", "transfers", "hotline_contacts", "criminal_cases",
)  # fmt: skip


def summary_of(content: dict[str, Any]) -> dict[str, int]:
    """How many rows of each kind the file holds: shown on the page and kept in the audit row."""
    counts: Counter[str] = Counter(records=len(content["records"]), audit_events=len(content["audit_events"]))
    for record in content["records"]:
        counts["rectifications"] += len(record["rectifications"])
        counts["hotline_contacts"] += len(record["hotline_contacts"])
        counts["cases"] += len(record["cases"])
        for case in record["cases"]:
            for key in CASE_LISTS:
                counts[key] += len(case[key])
            counts["case_plans"] += int(case["case_plan"] is not None)
    return dict(counts)


def subject_file_content(
    person: Person, *, produced_at: datetime, request_reference: str, records: list[Person] | None = None
) -> dict[str, Any]:
    """The file of the person; ``records`` are her cluster when already read (``cluster_of``). A fixed
    number of queries, whatever the number of her records, cases and their rows."""
    held = held_about(records if records is not None else cluster_of(person))
    content: dict[str, Any] = {
        "format": FORMAT,
        "produced_at": produced_at,
        "request_reference": request_reference,
        "records": [_record(record, held) for record in held.records],
        "linkage": _linkage(held),
        "audit_events": [_event(event) for event in audit_events_about(held)],
    }
    content["summary"] = summary_of(content)
    return content
