"""The query budgets of the list and detail pages, from one table, like the access matrix.

Every URL a GET reaches (tests/test_access_matrix.py) is either here, with the role that reads it and the rows
that make it longer, or in ``NOT_BUDGETED`` with the reason it lists no rows: tests/test_query_budgets.py
fails for a page in neither. The roles are those that answer 200 in the matrix, with identity where the
page shows it, because identity pages decrypt and audit what they show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from sanad.reports.models import ReportJob
from sanad.statistics.tables import TABLES
from tests import budget_rows as rows
from tests.cast import Cast

Grow = Callable[[Cast, int], list[str]]
Kwargs = Callable[[Cast], dict[str, Any]]


@dataclass(frozen=True)
class Budget:
    roles: tuple[str, ...]
    grow: Grow
    kwargs: Kwargs = lambda cast: {}
    query: dict[str, Any] = field(default_factory=dict)
    # A page whose rows are chosen in the query (a comparison of countries) is read again with more chosen.
    grown_query: dict[str, Any] | None = None
    # An operation of the HTTP API, called with an organisation token of the role instead of a session.
    api: bool = False
    label: str = ""


def quietly(*grows: Grow) -> Grow:
    """Rows that a page of figures counts without naming them."""

    def grow(cast: Cast, count: int) -> list[str]:
        for one in grows:
            one(cast, count)
        return []

    return grow


CASE_A: Kwargs = lambda cast: {"case_id": cast.case_a.pk}  # noqa: E731
REFERRAL: Kwargs = lambda cast: {"referral_id": cast.referral.pk}  # noqa: E731
CRIMINAL_CASE: Kwargs = lambda cast: {"criminal_case_id": cast.criminal_case.pk}  # noqa: E731
PERSON_A: Kwargs = lambda cast: {"person_id": cast.persons_a[0].pk}  # noqa: E731
RUN: Kwargs = lambda cast: {"run_id": cast.candidate_pair.run_id}  # noqa: E731
JOB: Kwargs = lambda cast: {  # noqa: E731
    "job_id": ReportJob.objects.get_or_create(
        year=2024, language="fr", defaults={"requested_at": timezone.now()}
    )[0].pk
}
STATISTICS = {"year": "2025"}
AUDITED = {"object": rows.AUDITED}
HOME_ROLES = (
    "caseworker", "manager", "coordinator", "analyst", "auditor", "admin", "provider", "justice", "operator",
    "supervisor", "authority", "focal", "reviewer",
)  # fmt: skip
READINESS = quietly(
    rows.tier_history, rows.victims, rows.campaigns, rows.trainings, rows.recommendations,
)  # fmt: skip

PAGES: dict[str, list[Budget]] = {
    "web:home": [Budget(HOME_ROLES, rows.everything)],
    # Cases and persons
    "cases:list": [Budget(("caseworker", "coordinator", "authority"), rows.cases)],
    "cases:detail": [Budget(("caseworker", "coordinator", "authority"), rows.case_a_file, CASE_A)],
    "cases:transfers": [Budget(("caseworker",), rows.transfers)],
    "people:list": [Budget(("caseworker",), rows.persons)],
    "people:detail": [
        Budget(("caseworker",), rows.cases_of_person_a, lambda cast: {"person_id": cast.persons_a[0].pk})
    ],
    # Identification
    "identification:screening_detail": [
        Budget(
            ("caseworker", "authority"),
            quietly(rows.case_a_identification),
            lambda cast: {"case_id": cast.case_a.pk, "screening_id": cast.screening.pk},
        )
    ],
    "identification:decide": [Budget(("authority",), rows.case_a_identification, CASE_A)],
    "guides:list": [Budget(("admin",), rows.guides)],
    # Referrals and shelters
    "referrals:inbox": [
        Budget(("provider",), rows.referrals_to_shelter),
        Budget(("provider",), rows.referrals_to_shelter, query={"all": "1"}, label="all"),
    ],
    "referrals:sent": [Budget(("caseworker",), rows.referrals_from_unit_a)],
    "referrals:detail": [Budget(("provider",), rows.referral_file, REFERRAL)],
    "referrals:directory": [Budget(("caseworker", "provider", "coordinator"), rows.organisations)],
    "referrals:figures": [Budget(("coordinator",), quietly(rows.referrals_to_shelter, rows.placements))],
    "shelters:overview": [
        Budget(("provider",), rows.placements),
        Budget(("coordinator",), rows.shelters),
    ],
    # Hotline
    "hotline:queue": [Budget(("operator",), rows.contacts)],
    "hotline:supervision": [Budget(("supervisor",), rows.contacts)],
    "hotline:list": [Budget(("operator", "supervisor"), rows.contacts)],
    "hotline:detail": [
        Budget(("operator", "supervisor"), rows.contact_file, lambda cast: {"contact_id": cast.contact.pk})
    ],
    "hotline:figures": [Budget(("supervisor", "coordinator"), quietly(rows.contacts))],
    # Criminal justice
    "justice:list": [Budget(("justice", "prosecutor", "coordinator"), rows.criminal_cases)],
    "justice:detail": [
        Budget(("justice", "prosecutor", "coordinator"), rows.criminal_case_file, CRIMINAL_CASE)
    ],
    "justice:figures": [
        Budget(("justice", "prosecutor", "coordinator", "analyst"), quietly(rows.criminal_cases))
    ],
    "offences:list": [Budget(("admin",), rows.articles)],
    # Record linkage
    "linkage:index": [Budget(("coordinator", "reviewer"), rows.runs)],
    "linkage:run": [Budget(("coordinator", "reviewer"), rows.runs, RUN)],
    "linkage:run_status": [Budget(("coordinator", "reviewer"), rows.runs, RUN)],
    "linkage:queue": [Budget(("reviewer",), rows.pairs)],
    "linkage:pair": [
        Budget(("reviewer",), rows.cases_of_person_a, lambda cast: {"pair_id": cast.candidate_pair.pk})
    ],
    "linkage:links": [Budget(("reviewer",), rows.links)],
    "linkage:person": [
        Budget(("reviewer",), rows.records_of_person_a, lambda cast: {"person_id": cast.persons_a[0].pk})
    ],
    # Data-subject requests: everything held on person A, and the persons a name search finds.
    "privacy:search": [Budget(("auditor",), rows.namesakes, query={"name": rows.NAMESAKE})],
    "privacy:person": [
        Budget(("auditor",), rows.records_of_person_a, PERSON_A),
        Budget(("auditor",), rows.cases_of_person_a, PERSON_A, label="cases"),
        # The page counts the rows of her whole file (the summary) without listing them.
        Budget(("auditor",), quietly(rows.case_a_file), PERSON_A, label="file"),
    ],
    # Audit and administration
    # The cast's services wrote more events than a page holds: the budget reads the events it adds, so that
    # they are more rows on the page and not the same number of other rows.
    "audit:list": [Budget(("auditor",), rows.audit_events, query=AUDITED)],
    # A download, budgeted all the same: the file has one line per event.
    "audit:export": [Budget(("auditor",), rows.audit_events, query=AUDITED)],
    "accounts:organisation_list": [Budget(("admin",), rows.organisations)],
    "accounts:user_list": [Budget(("admin",), rows.users)],
    "api_tokens:list": [Budget(("admin",), rows.tokens)],
    # Plans beyond those of tests/test_plans_query_budget.py
    "plans:measure": [
        Budget(("coordinator", "focal"), rows.measure_reports, lambda cast: {"measure_id": cast.measure.pk})
    ],
    "plans:report": [
        Budget(("coordinator", "focal"), rows.report_values, lambda cast: {"report_id": cast.report.pk})
    ],
    "plans:recommendations": [Budget(("coordinator", "analyst"), rows.recommendations)],
    # Prevention
    "prevention:dashboard": [
        Budget(("coordinator", "analyst", "focal"), quietly(rows.campaigns, rows.trainings))
    ],
    "prevention:campaigns": [Budget(("coordinator", "analyst"), rows.campaigns)],
    "prevention:campaign_detail": [
        Budget(("coordinator",), rows.campaign_partners, lambda cast: {"campaign_id": cast.campaign.pk})
    ],
    "prevention:trainings": [Budget(("coordinator", "analyst"), rows.trainings)],
    "prevention:training_detail": [
        Budget(("coordinator",), rows.training_partners, lambda cast: {"training_id": cast.training.pk})
    ],
    # National statistics and the annual report
    "statistics:dashboard": [Budget(("coordinator", "analyst"), quietly(rows.victims), query=STATISTICS)],
    "statistics:table": [
        Budget(
            ("coordinator",) if code != "victims" else ("coordinator", "analyst"),
            quietly(rows.victims, rows.referrals_to_shelter, rows.contacts),
            lambda cast, code=code: {"code": code},  # type: ignore[misc]
            query=STATISTICS,
            label=code,
        )
        for code in TABLES
    ],
    "reports:index": [Budget(("coordinator", "analyst"), quietly(rows.report_jobs))],
    "reports:job": [Budget(("coordinator", "analyst"), quietly(rows.report_jobs), JOB)],
    "reports:job_status": [Budget(("coordinator",), quietly(rows.report_jobs), JOB)],
    # TIP
    "tip:index": [Budget(("coordinator", "analyst", "admin"), quietly(rows.tier_history))],
    "tip:country": [Budget(("coordinator",), quietly(rows.tier_history), lambda cast: {"iso3": "MAR"})],
    "tip:compare": [
        Budget(
            ("coordinator",),
            quietly(rows.tier_history),
            query={"c": ["MAR"]},
            grown_query={"c": ["MAR", *rows.TIP_COUNTRIES[:6]]},
        )
    ],
    "tip:readiness": [Budget(("coordinator", "analyst"), READINESS)],
    # The HTTP API, with a token of the organisation of each role
    "api:case_list": [Budget(("caseworker", "coordinator"), rows.cases, api=True)],
    "api:case_detail": [
        Budget(
            ("caseworker", "coordinator"),
            quietly(rows.case_a_file),
            lambda cast: {"reference": cast.case_a.reference},
            api=True,
        )
    ],
    "api:contact_detail": [
        Budget(
            ("operator",),
            quietly(rows.contact_file),
            lambda cast: {"reference": cast.contact.reference},
            api=True,
        )
    ],
    "api:criminal_case_detail": [
        Budget(
            ("justice", "coordinator"),
            quietly(rows.criminal_case_file),
            lambda cast: {"reference": cast.criminal_case.reference},
            api=True,
        )
    ],
    "api:referral_inbox": [Budget(("provider",), rows.referrals_to_shelter, api=True)],
    "api:table_detail": [
        Budget(
            ("coordinator", "analyst"),
            quietly(rows.victims),
            lambda cast: {"code": "victims"},
            query=STATISTICS,
            api=True,
        )
    ],
    "api:tier_history": [
        Budget(("coordinator",), quietly(rows.tier_history), lambda cast: {"iso3": "MAR"}, api=True)
    ],
}

FORM = "a form: it shows one record or none, and no rows"
DOWNLOAD = "a download built by a job or a service, not a page of rows"
SIGN_IN = "a sign-in or account page of django-allauth: no rows"
NOT_BUDGETED: dict[str, str] = {
    "healthz": "answers a constant",
    "public:tip": "the public tip form",
    "api:api-root": "nothing is there (404)",
    "api:openapi-json": "the schema, built from the code",
    "api:openapi-view": "the schema's documentation page, built from the code",
    "api:table_list": "the tables defined in the code (statistics.tables.TABLES), not rows",
    "plans:list": "budgeted in tests/test_plans_query_budget.py",
    "plans:detail": "budgeted in tests/test_plans_query_budget.py",
    "plans:dashboard": "budgeted in tests/test_plans_query_budget.py",
    "plans:outlook": "budgeted in tests/test_plans_query_budget.py",
    "statistics:exports": "the form of the international exports: no rows",
    "privacy:download": "budgeted in tests/test_subject_file_budget.py: a GET after re-authentication",
    "privacy:rectify": "the rectification form of one person",
    **dict.fromkeys(
        [
            "accounts:organisation_create",
            "accounts:organisation_edit",
            "accounts:user_create",
            "accounts:user_edit",
            "api_tokens:create",
            "cases:import",
            "cases:plan",
            "cases:follow_up",
            "cases:transfer",
            "cases:close",
            "case_referrals:consent_new",
            "case_referrals:referral_new",
            "case_referrals:case_service_delivered",
            "case_referrals:consent_sheet",
            "identification:screening_new",
            "identification:case_details",
            "identification:offline_import",
            "hotline:record",
            "shelters:capacity",
            "offences:new",
            "offences:edit",
            "justice:new",
            "justice:edit",
            "justice:defendant_new",
            "justice:defendant_edit",
            "justice:charge_new",
            "justice:sentence_new",
            "justice:verdict_new",
            "justice:victim_link_new",
            "justice:participation",
            "justice:import",
            "plans:new",
            "plans:edit",
            "plans:objective_new",
            "plans:measure_new",
            "plans:measure_edit",
            "plans:indicator_new",
            "plans:indicator_edit",
            "plans:recommendation_new",
            "plans:recommendation_edit",
            "prevention:campaign_new",
            "prevention:campaign_edit",
            "prevention:training_new",
            "prevention:training_edit",
            "reports:narrative",
            "tip:import",
        ],
        FORM,
    ),
    **dict.fromkeys(
        [
            "cases:import_template",
            "identification:offline_form",
            "justice:import_template",
            "plans:export_xlsx",
            "plans:export_pdf",
            "plans:evidence",
            "statistics:download",
            "statistics:sdmx",
            "statistics:ctdc",
            "reports:download",
            "tip:submission",
        ],
        DOWNLOAD,
    ),
    **dict.fromkeys(
        [
            "account_login",
            "account_logout",
            "account_inactive",
            "account_signup",
            "account_reauthenticate",
            "mfa_index",
            "mfa_activate_totp",
            "mfa_authenticate",
            "mfa_generate_recovery_codes",
            "mfa_deactivate_totp",
            "mfa_view_recovery_codes",
            "mfa_download_recovery_codes",
            "mfa_reauthenticate",
            "account_email",
            "account_email_verification_sent",
            "account_change_password",
            "account_set_password",
            "account_reset_password",
            "account_confirm_login_code",
            "account_confirm_email",
            "account_reset_password_from_key_done",
            "account_reset_password_from_key",
            "account_reset_password_done",
        ],
        SIGN_IN,
    ),
}
