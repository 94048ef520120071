"""Reads of hotline contacts, always through the access policy. Reading a narrative writes an audit event."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404

from sanad.access import policy
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event
from sanad.hotline.models import OPEN_STATES, Contact, PoliceAlert
from sanad.hotline.services import earlier_case_of_caller

# Contact columns a list or queue needs; the encrypted narrative and number are never fetched for them.
LIST_COLUMNS = (
    "id", "reference", "hotline_id", "channel", "contact_type", "received_at", "language", "region",
    "reporter_relation", "urgency", "state", "triaged_at", "assigned_to_id", "version",
)  # fmt: skip


@dataclass(frozen=True)
class ContactFilters:
    reference: str = ""
    state: str = ""
    channel: str = ""
    contact_type: str = ""


def contact_list_page(
    *, user: Any, filters: ContactFilters, page_number: Any, page_size: int
) -> Page[Contact]:
    contacts = policy.contacts_visible_to(user).only(*LIST_COLUMNS).select_related("assigned_to")
    if filters.reference:
        contacts = contacts.filter(reference__icontains=filters.reference.strip())
    if filters.state:
        contacts = contacts.filter(state=filters.state)
    if filters.channel:
        contacts = contacts.filter(channel=filters.channel)
    if filters.contact_type:
        contacts = contacts.filter(contact_type=filters.contact_type)
    return Paginator(contacts.order_by("-received_at"), page_size).get_page(page_number)


def queue(*, user: Any, whole_hotline: bool) -> QuerySet[Contact]:
    """Open contacts, most urgent first, then the longest waiting. An operator's queue holds hers and the
    unassigned ones; the supervisor's holds every operator's."""
    contacts = policy.contacts_visible_to(user).filter(state__in=OPEN_STATES)
    if not whole_hotline:
        contacts = contacts.filter(assigned_to__isnull=True) | contacts.filter(assigned_to=user)
    return contacts.only(*LIST_COLUMNS).select_related("assigned_to").order_by("-urgency", "received_at")


def queue_page(*, user: Any, whole_hotline: bool, page_number: Any, page_size: int) -> Page[Contact]:
    if whole_hotline:
        policy.require(user, "hotline.supervise")
    return Paginator(queue(user=user, whole_hotline=whole_hotline), page_size).get_page(page_number)


@dataclass(frozen=True)
class ContactFile:
    contact: Contact
    alerts: list[PoliceAlert]
    same_caller: list[Contact]
    earlier_case_reference: str


def contact_file(*, user: Any, contact_id: Any) -> ContactFile:
    """One contact with its narrative and callback number; 404 outside the user's hotline. Audited."""
    contact = (
        policy.contacts_visible_to(user)
        .select_related("case", "escalated_to", "assigned_to", "recorded_by")
        .filter(pk=contact_id)
        .first()
    )
    if contact is None:
        raise Http404
    record_event(
        action=AuditAction.VIEW_IDENTITY,
        actor=user,
        target=contact,
        detail={"fields": ["narrative", "callback_number", "closing_reason"]},
    )
    same_caller: list[Contact] = []
    if contact.callback_index:
        same_caller = list(
            policy.contacts_visible_to(user)
            .filter(callback_index=contact.callback_index)
            .exclude(pk=contact.pk)
            .only(*LIST_COLUMNS)
            .order_by("-received_at")[:20]
        )
    earlier = earlier_case_of_caller(contact) if contact.case_id is None else None
    return ContactFile(
        contact=contact,
        alerts=list(contact.alerts.select_related("unit", "sent_by")),
        same_caller=same_caller,
        earlier_case_reference=earlier.reference if earlier else "",
    )


@dataclass(frozen=True)
class QueueSummary:
    open: int
    emergencies: int
    oldest_received_at: Any


def queue_summary(*, user: Any) -> QueueSummary:
    contacts = queue(user=user, whole_hotline=policy.has_capability(user, "hotline.supervise"))
    oldest = contacts.order_by("received_at").values_list("received_at", flat=True).first()
    return QueueSummary(
        open=contacts.count(), emergencies=contacts.filter(urgency=3).count(), oldest_received_at=oldest
    )
