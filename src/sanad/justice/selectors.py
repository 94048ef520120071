"""Reads of criminal cases, scoped by the access policy; every display of a suspect's identity is audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from sanad.access import policy
from sanad.access.policy import Tier
from sanad.audit.models import AuditAction
from sanad.audit.services import record_event, record_events
from sanad.justice.models import Charge, CriminalCase, Defendant, Verdict, VictimLink


@dataclass(frozen=True)
class CriminalCaseFilters:
    reference: str = ""
    year: int | None = None
    region: str = ""


def criminal_case_list(*, user: Any, filters: CriminalCaseFilters) -> QuerySet[CriminalCase]:
    cases = policy.criminal_cases_visible_to(user).select_related(
        "investigating_unit", "prosecution_office", "court"
    )
    if filters.reference:
        cases = cases.filter(reference__icontains=filters.reference.strip())
    if filters.year:
        cases = cases.filter(opened_on__year=filters.year)
    if filters.region:
        cases = cases.filter(region=filters.region)
    return cases.order_by("-opened_on", "reference")


def criminal_case_page(
    *, user: Any, filters: CriminalCaseFilters, page_number: Any, page_size: int
) -> Page[Any]:
    """One page of the list, with each case's number of suspects counted for that page only: a count over
    the whole list would cost a scan of every case on each page view."""
    page = Paginator(criminal_case_list(user=user, filters=filters), page_size).get_page(page_number)
    cases = list(page.object_list)
    counts = dict(
        Defendant.objects.filter(criminal_case__in=cases)
        .values("criminal_case")
        .annotate(number=Count("pk"))
        .values_list("criminal_case", "number")
    )
    for criminal_case in cases:
        criminal_case.defendant_count = counts.get(criminal_case.pk, 0)  # type: ignore[attr-defined]
    page.object_list = cases
    return page


@dataclass(frozen=True)
class VictimRow:
    link: VictimLink
    shows_identity: bool


@dataclass(frozen=True)
class CriminalCaseFile:
    criminal_case: CriminalCase
    defendants: list[Defendant]
    victims: list[VictimRow]
    works_the_case: bool

    @property
    def shows_suspect_identity(self) -> bool:
        return self.works_the_case


def _reachable(user: Any, criminal_case_id: Any) -> CriminalCase:
    criminal_case = (
        policy.criminal_cases_visible_to(user)
        .select_related("investigating_unit", "prosecution_office", "court")
        .filter(pk=criminal_case_id)
        .first()
    )
    if criminal_case is None:
        raise Http404
    return criminal_case


def criminal_case_file(*, user: Any, criminal_case_id: Any) -> CriminalCaseFile:
    """The case as the user may see it: suspects' identity for the agencies that work it, facts for the
    commission; a victim's identity only where the policy grants it for her case."""
    criminal_case = _reachable(user, criminal_case_id)
    defendants = list(
        criminal_case.defendants.prefetch_related(
            Prefetch(
                "charges",
                queryset=Charge.objects.select_related(
                    "article", "reclassified_from__article"
                ).prefetch_related(Prefetch("verdicts", queryset=Verdict.objects.select_related("court"))),
            ),
            "sentences",
        )
    )
    works = policy.is_agency_of(user, criminal_case)
    links = list(criminal_case.victim_links.select_related("case__person", "case__owning_organisation"))
    tiers = policy.identity_tiers_for_cases(user, [link.case for link in links])
    victims = [VictimRow(link=link, shows_identity=tiers[link.case_id] == Tier.IDENTITY) for link in links]
    if works and defendants:
        record_event(
            action=AuditAction.VIEW_IDENTITY,
            actor=user,
            target=criminal_case,
            target_label=criminal_case.reference,
            detail={"suspects": [defendant.number for defendant in defendants]},
        )
    shown = [row.link.case for row in victims if row.shows_identity]
    if shown:
        record_events(
            action=AuditAction.VIEW_IDENTITY, actor=user, targets=shown, detail={"via": "criminal_case"}
        )
    return CriminalCaseFile(
        criminal_case=criminal_case, defendants=defendants, victims=victims, works_the_case=works
    )


def worked_case(*, user: Any, criminal_case_id: Any) -> CriminalCase:
    """A case the user may record on: 404 outside her reach, 403 for the commission (facts only)."""
    criminal_case = _reachable(user, criminal_case_id)
    policy.require_agency_of(user, criminal_case)
    return criminal_case


def worked_defendant(*, user: Any, criminal_case_id: Any, defendant_id: Any) -> Defendant:
    criminal_case = worked_case(user=user, criminal_case_id=criminal_case_id)
    defendant = criminal_case.defendants.filter(pk=defendant_id).first()
    if defendant is None:
        raise Http404
    defendant.criminal_case = criminal_case
    return defendant


def defendant_for_edit(*, user: Any, criminal_case_id: Any, defendant_id: Any) -> Defendant:
    """A suspect's record for her edit form, which shows her name and document: audited like the case page."""
    defendant = worked_defendant(user=user, criminal_case_id=criminal_case_id, defendant_id=defendant_id)
    record_event(
        action=AuditAction.VIEW_IDENTITY,
        actor=user,
        target=defendant.criminal_case,
        target_label=defendant.criminal_case.reference,
        detail={"suspects": [defendant.number], "via": "edit_form"},
    )
    return defendant


def worked_charge(*, user: Any, criminal_case_id: Any, charge_id: Any) -> Charge:
    criminal_case = worked_case(user=user, criminal_case_id=criminal_case_id)
    charge = (
        Charge.objects.select_related("article", "defendant")
        .filter(pk=charge_id, defendant__criminal_case=criminal_case)
        .first()
    )
    if charge is None:
        raise Http404
    charge.defendant.criminal_case = criminal_case
    return charge


def worked_victim_link(*, user: Any, criminal_case_id: Any, link_id: Any) -> VictimLink:
    criminal_case = worked_case(user=user, criminal_case_id=criminal_case_id)
    link = criminal_case.victim_links.select_related("case").filter(pk=link_id).first()
    if link is None:
        raise Http404
    link.criminal_case = criminal_case
    return link


@dataclass(frozen=True)
class JusticeSummary:
    cases: int
    opened_this_year: int
    awaiting_verdict: int
    recent: list[CriminalCase]


def justice_summary(*, user: Any) -> JusticeSummary:
    """The home panel of a justice officer (her agency's cases) or of the commission (every case)."""
    from django.utils import timezone

    cases = policy.criminal_cases_visible_to(user)
    pending = Charge.objects.filter(defendant__criminal_case__in=cases, verdicts__isnull=True)
    return JusticeSummary(
        cases=cases.count(),
        opened_this_year=cases.filter(opened_on__year=timezone.localdate().year).count(),
        awaiting_verdict=pending.values("defendant__criminal_case").distinct().count(),
        recent=list(cases.order_by("-opened_on", "reference")[:5]),
    )


def proceedings_of_victim_case(*, case: Any) -> list[VictimLink]:
    """The criminal cases a victim's case is linked to, for her case page: references, agencies and her
    participation; nothing about the suspects."""
    return list(
        case.criminal_links.select_related(
            "criminal_case__investigating_unit", "criminal_case__prosecution_office"
        )
    )
