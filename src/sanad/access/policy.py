"""The one access policy of Sanad.

Every selector that lists or fetches persons or cases filters through the functions here, and every view
checks a capability through ``require``. Roles are data (accounts.Role) granting capabilities; this module
alone decides what a capability lets a user see.

Data tiers: identity (names, contacts, documents, narratives), case facts (sex, age, nationality, dates,
statuses) and statistics. Record scopes: the organisation's own records, records referred to it while a
referral is active, national case facts without identity, or nothing.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from sanad.access.capabilities import SECOND_FACTOR_CAPABILITIES

if TYPE_CHECKING:
    from sanad.accounts.models import Organisation, User
    from sanad.cases.models import Case
    from sanad.hotline.models import Contact
    from sanad.justice.models import CriminalCase
    from sanad.people.models import Person
    from sanad.referrals.models import Referral


class Tier(StrEnum):
    IDENTITY = "identity"
    CASE_FACTS = "case_facts"
    STATISTICS = "statistics"


class Scope(StrEnum):
    OWN_ORGANISATION = "own_organisation"
    REFERRAL_RECIPIENT = "referral_recipient"
    SUBMITTED_FOR_DECISION = "submitted_for_decision"
    NATIONAL_WITHOUT_IDENTITY = "national_without_identity"
    NONE = "none"


def _is_staff_member(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.active_membership is not None)


def has_capability(user: Any, capability: str) -> bool:
    return _is_staff_member(user) and user.has_capability(capability)


def require(user: Any, capability: str) -> None:
    """Raise PermissionDenied unless the user's roles grant ``capability``."""
    if not has_capability(user, capability):
        raise PermissionDenied(capability)


def case_scopes(user: Any) -> set[Scope]:
    """The record scopes through which the user reaches cases."""
    if not _is_staff_member(user):
        return set()
    scopes: set[Scope] = set()
    if user.has_capability("case.view_own_organisation"):
        scopes.add(Scope.OWN_ORGANISATION)
    if user.has_capability("case.view_referred"):
        # Referrals arrive with the NRM module; until then the recipient scope reaches no case.
        scopes.add(Scope.REFERRAL_RECIPIENT)
    if user.has_capability("case.view_submitted"):
        scopes.add(Scope.SUBMITTED_FOR_DECISION)
    if user.has_capability("case.view_national_facts"):
        scopes.add(Scope.NATIONAL_WITHOUT_IDENTITY)
    return scopes


def cases_visible_to(user: Any) -> QuerySet[Case]:
    from sanad.cases.models import Case

    scopes = case_scopes(user)
    if Scope.NATIONAL_WITHOUT_IDENTITY in scopes:
        return Case.objects.all()
    reach = Q(pk__in=[])
    if Scope.OWN_ORGANISATION in scopes:
        reach |= Q(owning_organisation=user.organisation)
    if Scope.SUBMITTED_FOR_DECISION in scopes:
        reach |= Q(pk__in=_submitted_to(user.organisation))
    if not scopes - {Scope.REFERRAL_RECIPIENT}:
        return Case.objects.none()
    return Case.objects.filter(reach)


def _submitted_to(organisation: Any) -> QuerySet[Any]:
    from sanad.identification.models import CaseSubmission

    return CaseSubmission.objects.filter(authority=organisation, withdrawn_at__isnull=True).values("case_id")


def _is_submitted_to(case: Case, organisation: Any) -> bool:
    return _submitted_to(organisation).filter(case_id=case.pk).exists()


def persons_visible_to(user: Any) -> QuerySet[Person]:
    """Persons whose identity the user may see in lists: only those her organisation registered."""
    from sanad.people.models import Person

    if Scope.OWN_ORGANISATION in case_scopes(user) and _sees_identity(user):
        return Person.objects.filter(owning_organisation=user.organisation)
    return Person.objects.none()


def case_list_tier(user: Any) -> Tier:
    """Lists show names only when every case they can hold is one whose identity the user may see."""
    scopes = case_scopes(user)
    if scopes and scopes <= {Scope.OWN_ORGANISATION} and _sees_identity(user):
        return Tier.IDENTITY
    return Tier.CASE_FACTS


def requires_second_factor(user: Any) -> bool:
    """Whoever can see identity, break glass or grant access signs in with a second factor (issue 11)."""
    if not getattr(user, "is_authenticated", False):
        return False
    membership = user.active_membership
    if membership is None:
        return False
    return any(
        role.sees_identity or SECOND_FACTOR_CAPABILITIES.intersection(role.capabilities)
        for role in membership.roles.all()
    )


def _sees_identity(user: User) -> bool:
    membership = user.active_membership
    return membership is not None and any(role.sees_identity for role in membership.roles.all())


def identity_tier_for_case(user: Any, case: Case) -> Tier:
    """The richest tier of this case the user may see: identity, or case facts only."""
    return identity_tiers_for_cases(user, [case])[case.pk]


def identity_tiers_for_cases(user: Any, cases: list[Case]) -> dict[Any, Tier]:
    """``identity_tier_for_case`` for many cases at once (a list of linked victims), by case id: at most one
    query for the submissions and one for the break-glass grants, whatever the number of cases."""
    if not _is_staff_member(user):
        raise PermissionDenied("case")
    tiers = dict.fromkeys((case.pk for case in cases), Tier.CASE_FACTS)
    scopes, sees_identity = case_scopes(user), _sees_identity(user)
    if Scope.OWN_ORGANISATION in scopes and sees_identity:
        for case in cases:
            if case.owning_organisation_id == user.organisation.pk:
                tiers[case.pk] = Tier.IDENTITY
    undecided = [pk for pk, tier in tiers.items() if tier != Tier.IDENTITY]
    if undecided and Scope.SUBMITTED_FOR_DECISION in scopes and sees_identity:
        submitted = _submitted_to(user.organisation).filter(case_id__in=undecided)
        for pk in submitted.values_list("case_id", flat=True):
            tiers[pk] = Tier.IDENTITY
    undecided = [pk for pk, tier in tiers.items() if tier != Tier.IDENTITY]
    if undecided:
        for pk in (
            _active_break_glass_grants(user).filter(case_id__in=undecided).values_list("case_id", flat=True)
        ):
            tiers[pk] = Tier.IDENTITY
    return tiers


def _is_anonymised_file(case: Case) -> bool:
    """An anonymised person's cases are read-only: nothing new may be written into a file whose identity
    the retention rule removed (a note would bring identity back; a decision would have no age)."""
    from sanad.people.models import Person

    if "person" in case._state.fields_cache:
        return case.person.anonymised_at is not None
    return Person.objects.filter(pk=case.person_id, anonymised_at__isnull=False).exists()


def may_screen(user: Any, case: Case) -> bool:
    """Screenings, case details and submissions belong to the organisation that owns the case."""
    return (
        has_capability(user, "case.screen")
        and case.owning_organisation_id == user.organisation.pk
        and not _is_anonymised_file(case)
    )


def may_decide_status(user: Any, case: Case) -> bool:
    return (
        has_capability(user, "case.decide_status")
        and _is_submitted_to(case, user.organisation)
        and not _is_anonymised_file(case)
    )


# Organisation types that own victim-assistance cases, to which a hotline may escalate a contact.
CASE_OWNING_ORGANISATION_TYPES = ("social_services", "ngo", "international_organisation")
# Organisation types a hotline may alert, and that may decide victim status.
ALERTABLE_ORGANISATION_TYPES = ("police", "gendarmerie")
STATUS_AUTHORITY_ORGANISATION_TYPES = ("police", "gendarmerie", "prosecution")


def may_open_case_in(user: Any, organisation: Any) -> bool:
    """A case worker opens cases in her own organisation; a hotline escalates into a case-owning one."""
    if not _is_staff_member(user) or organisation is None:
        return False
    if organisation.pk == user.organisation.pk and user.has_capability("case.view_own_organisation"):
        return True
    return (
        user.has_capability("hotline.contacts")
        and organisation.is_active
        and organisation.type in CASE_OWNING_ORGANISATION_TYPES
    )


def contacts_visible_to(user: Any) -> QuerySet[Contact]:
    """Contacts of the user's own hotline: operators and supervisors never see another hotline's contacts."""
    from sanad.hotline.models import Contact

    if has_capability(user, "hotline.contacts"):
        return Contact.objects.filter(hotline=user.organisation)
    return Contact.objects.none()


def contacts_counted_for(user: Any) -> QuerySet[Contact]:
    """Contacts whose figures (counts and times, never content) the user may see."""
    from sanad.hotline.models import Contact

    if has_capability(user, "hotline.national_figures"):
        return Contact.objects.all()
    if has_capability(user, "hotline.supervise"):
        return Contact.objects.filter(hotline=user.organisation)
    return Contact.objects.none()


def may_break_glass(user: Any, case: Case) -> bool:
    return has_capability(user, "case.break_glass") and cases_visible_to(user).filter(pk=case.pk).exists()


def active_break_glass_grant(user: Any, case: Case) -> Any:
    return _active_break_glass_grants(user).filter(case=case).first()


def _active_break_glass_grants(user: Any) -> QuerySet[Any]:
    from sanad.access.models import BreakGlassGrant

    if not has_capability(user, "case.break_glass"):
        return BreakGlassGrant.objects.none()
    return BreakGlassGrant.objects.filter(user=user, expires_at__gt=timezone.now())


def may_manage_case(user: Any, case: Case) -> bool:
    """Consent, referrals, plan, follow-up, transfer and closure belong to the case's owning organisation."""
    owner = case.owning_organisation_id
    return (
        has_capability(user, "case.manage")
        and owner == user.organisation.pk
        and not _is_anonymised_file(case)
    )


def require_case_manager(user: Any, case: Case) -> None:
    if not may_manage_case(user, case):
        raise PermissionDenied("case.manage")


def referrals_received_by(user: Any) -> QuerySet[Referral]:
    from sanad.referrals.models import Referral

    if has_capability(user, "referral.respond"):
        return Referral.objects.filter(to_organisation=user.organisation)
    return Referral.objects.none()


def referrals_sent_by(user: Any) -> QuerySet[Referral]:
    from sanad.referrals.models import Referral

    if has_capability(user, "case.manage"):
        return Referral.objects.filter(from_organisation=user.organisation)
    return Referral.objects.none()


def recipient_may_see(user: Any, referral: Referral) -> frozenset[str]:
    """The fields of the person and case a recipient may see: those its service type allows, and only while
    the referral is active. Nothing for anyone else."""
    if not has_capability(user, "referral.respond") or referral.to_organisation_id != user.organisation.pk:
        return frozenset()
    return referral.recipient_fields if referral.is_active else frozenset()


def may_admit(user: Any, shelter: Any) -> bool:
    return has_capability(user, "shelter.admit") and shelter.pk == user.organisation.pk


def shelters_counted_for(user: Any) -> QuerySet[Organisation]:
    """Shelters whose occupancy the user may see: all of them for the commission, else her own."""
    from sanad.accounts.models import Organisation

    shelters = Organisation.objects.filter(type="shelter", is_active=True)
    if has_capability(user, "statistics.view_exact"):
        return shelters
    if has_capability(user, "shelter.admit"):
        return shelters.filter(pk=user.organisation.pk)
    return shelters.none()


def organisation_of(user: Any) -> Organisation:
    """The organisation a staff member acts for; refused when she has none."""
    if not _is_staff_member(user):
        raise PermissionDenied("membership")
    organisation: Organisation = user.organisation
    return organisation


# Organisation types that investigate criminal cases; prosecution offices and courts receive them.
INVESTIGATING_ORGANISATION_TYPES = ("police", "gendarmerie")
PROSECUTION_ORGANISATION_TYPES = ("prosecution",)
COURT_ORGANISATION_TYPES = ("court",)


def _agency_reach(organisation: Any) -> Q:
    return Q(investigating_unit=organisation) | Q(prosecution_office=organisation) | Q(court=organisation)


def criminal_cases_visible_to(user: Any) -> QuerySet[CriminalCase]:
    """The unit that investigates, the prosecution office it was referred to and the court trying it see a
    criminal case; the commission sees every case's facts."""
    from sanad.justice.models import CriminalCase

    if has_capability(user, "justice.national_facts"):
        return CriminalCase.objects.all()
    if has_capability(user, "justice.criminal_cases"):
        return CriminalCase.objects.filter(_agency_reach(user.organisation))
    return CriminalCase.objects.none()


def is_agency_of(user: Any, criminal_case: CriminalCase) -> bool:
    """Whether the user works the case: a justice officer of its unit, prosecution office or court. Only they
    record anything on it, and only they see the suspects' identity."""
    if not has_capability(user, "justice.criminal_cases"):
        return False
    organisation_id = user.organisation.pk
    return organisation_id in (
        criminal_case.investigating_unit_id,
        criminal_case.prosecution_office_id,
        criminal_case.court_id,
    )


def require_agency_of(user: Any, criminal_case: CriminalCase) -> None:
    if not is_agency_of(user, criminal_case):
        raise PermissionDenied("justice.criminal_cases")


def may_import_register(user: Any) -> bool:
    return (
        has_capability(user, "justice.import_register")
        and user.organisation.type in PROSECUTION_ORGANISATION_TYPES
    )


def criminal_cases_counted_for(user: Any) -> tuple[Q, bool]:
    """The criminal cases whose figures the user may see, as a condition on CriminalCase, and whether she
    sees them exactly (True) or only after disclosure control (False)."""
    if has_capability(user, "statistics.view_exact"):
        return Q(), True
    if has_capability(user, "justice.criminal_cases"):
        return _agency_reach(user.organisation), True
    if has_capability(user, "statistics.view_published"):
        return Q(), False
    return Q(pk__in=[]), False


# --- National plans, recommendations, campaigns and trainings -------------------------------------------
# Plans hold no identity: every holder of ``plans.view`` reads every plan. Writing is split: the commission
# builds plans and reviews reports; an organisation reports only on the measures it is responsible for.


COMMISSION_ORGANISATION_TYPES = ("commission",)


def may_read_plans(user: Any) -> bool:
    return has_capability(user, "plans.view")


def may_manage_plans(user: Any) -> bool:
    return has_capability(user, "plans.manage")


def is_responsible_for(user: Any, organisation_id: Any) -> bool:
    """Whether the user reports for ``organisation_id``: the organisation responsible for a measure (to
    start a report) or the organisation that writes a report (to change, submit or attach to it)."""
    return has_capability(user, "plans.report") and user.organisation.pk == organisation_id


def may_review_report(user: Any, report: Any) -> bool:
    """The commission approves or returns a report, but never one its own organisation wrote or its own
    user submitted: nobody approves their own work."""
    return (
        may_manage_plans(user)
        and report.organisation_id != user.organisation.pk
        and report.submitted_by_id != user.pk
    )


def may_see_evidence(user: Any, writing_organisation_id: Any) -> bool:
    """Evidence files of a progress report (and their names): the commission that reviews it and the
    organisation that wrote it; no one else, even among plan readers."""
    return may_manage_plans(user) or is_responsible_for(user, writing_organisation_id)


def measures_followed_by(user: Any) -> Q:
    """The measures whose reports the user follows (due, overdue, late): every measure for the commission,
    its own organisation's for a focal point, none for anyone else."""
    if may_manage_plans(user):
        return Q()
    if has_capability(user, "plans.report"):
        return Q(responsible=user.organisation)
    return Q(pk__in=[])


def sees_exact_national_figures(user: Any) -> bool:
    """Plan indicators computed from Sanad's records are national counts: exact for the roles that see
    exact statistics, after disclosure control for every other plan reader."""
    return has_capability(user, "statistics.view_exact")


def may_read_national_statistics(user: Any) -> bool:
    """The national tables and dashboards: exact for the roles that hold that right, published otherwise."""
    return has_capability(user, "statistics.view_exact") or has_capability(user, "statistics.view_published")


def may_export_statistics(user: Any) -> bool:
    """Exports leave the system: always after disclosure control, audited, after re-authentication."""
    return has_capability(user, "statistics.export")


def may_write_annual_report(user: Any) -> bool:
    return has_capability(user, "reports.write")


def may_read_annual_reports(user: Any) -> bool:
    return has_capability(user, "reports.view") or has_capability(user, "reports.write")


def may_read_prevention(user: Any) -> bool:
    return has_capability(user, "prevention.view")


def may_record_prevention_for(user: Any, organiser_id: Any) -> bool:
    """Campaigns and trainings: an organisation records its own; the commission records anyone's (it keeps
    the national register and enters what partners report on paper)."""
    if not has_capability(user, "prevention.record"):
        return False
    organisation = user.organisation
    return organisation.type in COMMISSION_ORGANISATION_TYPES or organisation.pk == organiser_id


# --- The TIP report: tier history, readiness, the government's submission ----------------------------------
# The tier history is public record; readiness shows national figures (exact or published as the user sees
# statistics). Only the commission rates itself, and only an administrator replaces placements.


def may_read_tip(user: Any) -> bool:
    return has_capability(user, "tip.view")


def may_rate_readiness(user: Any) -> bool:
    return has_capability(user, "tip.rate")


def may_import_tier_lists(user: Any) -> bool:
    return has_capability(user, "tip.import")


def may_download_tip_submission(user: Any) -> bool:
    """The draft submission leaves the system: like every export, after disclosure control and audited."""
    return may_read_tip(user) and has_capability(user, "statistics.export")


# --- Record linkage: counts for the commission, identities for the reviewers only -------------------------
# The review queue sets two organisations' records side by side, so it needs both the capability and a
# role that sees identity; the run itself and its figures show no identity.


def may_see_linkage_figures(user: Any) -> bool:
    return has_capability(user, "linkage.view")


def may_run_linkage(user: Any) -> bool:
    return has_capability(user, "linkage.run")


def may_review_links(user: Any) -> bool:
    return has_capability(user, "linkage.review") and _sees_identity(user)


# --- The HTTP API: organisation tokens are created by an administrator -------------------------------------


def may_manage_api_tokens(user: Any) -> bool:
    return has_capability(user, "admin.api_tokens")


# --- Data protection: the data-protection officer answers data-subject requests ---------------------------
# She finds any person of any organisation and sees her whole file, so the role must be one that sees
# identity (and so is held to the rules for such roles); every search, opening and file produced is audited.


def may_answer_subject_requests(user: Any) -> bool:
    return has_capability(user, "privacy.subject_access") and _sees_identity(user)


def may_rectify_identity(user: Any) -> bool:
    return has_capability(user, "privacy.rectify") and _sees_identity(user)


def persons_for_subject_requests(user: Any) -> QuerySet[Person]:
    """Every person record, for the officer answering data-subject requests; none for anyone else."""
    from sanad.people.models import Person

    if may_answer_subject_requests(user):
        return Person.objects.all()
    return Person.objects.none()
