"""The capabilities a role can grant. Roles are data; what each capability allows is decided in policy.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Any of these lets a user open the case pages; the policy then decides which cases and which tier.
CASE_READER_CAPABILITIES = (
    "case.view_own_organisation",
    "case.view_national_facts",
    "case.view_referred",
    "case.view_submitted",
)

# Holders of these must sign in with a second factor even when their role is not marked as seeing identity:
# each reveals identity on demand or lets its holder give herself (or a machine) access to it.
SECOND_FACTOR_CAPABILITIES = frozenset(
    {
        "case.break_glass",
        "hotline.contacts",
        "hotline.supervise",
        "referral.respond",
        "shelter.admit",
        "justice.criminal_cases",  # suspects and the victims linked to them are named
        "linkage.review",
        "audit.view",
        "admin.users",
        "admin.api_tokens",
    }
)

CAPABILITIES = {
    "home.own_organisation": _("Home page of one's organisation"),
    "home.national": _("National coordination home page"),
    "home.statistics": _("Statistics home page"),
    "home.audit": _("Audit home page"),
    "home.administration": _("Administration home page"),
    "case.view_own_organisation": _("Full files of the cases one's organisation owns"),
    "case.view_referred": _("Cases referred to one's organisation, while the referral is active"),
    "case.view_submitted": _("Cases submitted to one's organisation for a status decision"),
    "case.view_national_facts": _("National case facts without identity"),
    "case.break_glass": _("Break-glass access to the identity of one case, with a reason"),
    "case.screen": _("Screen persons with the identification guide and record case details"),
    "case.decide_status": _("Record the victim-status decision on cases submitted to one's organisation"),
    "case.manage": _("Consent, referrals, case plan, follow-up, transfer and closure of one's cases"),
    "referral.override_consent": _("Send a referral without valid consent, with a recorded reason"),
    "referral.respond": _("Answer the referrals sent to one's organisation and record the services given"),
    "shelter.admit": _("Admit to and discharge from one's shelter"),
    "hotline.contacts": _("Record and triage the contacts of one's hotline"),
    "hotline.supervise": _("Supervise the whole queue and the figures of one's hotline"),
    "hotline.national_figures": _("Hotline figures of every hotline, without contact content"),
    "justice.criminal_cases": _(
        "Criminal cases one's unit investigates, or that were referred to one's prosecution office or court"
    ),
    "justice.import_register": _("Import the prosecution register into the criminal cases of one's office"),
    "justice.national_facts": _("Facts of every criminal case, without the identity of suspects"),
    "plans.manage": _("Build the national plans, review progress reports, keep the recommendations register"),
    "plans.report": _("Report the progress of the plan measures one's organisation is responsible for"),
    "plans.view": _("Read the national plans, their progress and the recommendations register"),
    "prevention.record": _("Record the awareness campaigns and trainings one's organisation runs"),
    "prevention.view": _("Read every awareness campaign and training"),
    "statistics.view_published": _("Statistics after disclosure control"),
    "statistics.view_exact": _("Exact statistics before disclosure control"),
    "statistics.export": _(
        "Download the national tables and exports (CSV, XLSX, SDMX, CTDC), after disclosure control"
    ),
    "reports.write": _("Write the annual national report's narrative and generate the report"),
    "reports.view": _("Read and download the generated annual reports"),
    "tip.view": _("Read the TIP tier history of every country and the readiness of the current period"),
    "tip.rate": _("Rate the country's readiness against the TIP minimum standards, with notes"),
    "tip.import": _("Import a report year's TIP tier list"),
    "linkage.view": _("How many records were linked as one person and how many pairs wait for review"),
    "linkage.run": _("Run record linkage across organisations"),
    "linkage.review": _(
        "Review possible duplicates across organisations with both identities, link and unlink records"
    ),
    "audit.view": _("Audit trail and access reports"),
    "privacy.subject_access": _(
        "Find any person and produce everything held on her for a data-subject request (audited)"
    ),
    "privacy.rectify": _("Record the rectification of a person's identity on a data-subject request"),
    "admin.organisations": _("Manage organisations"),
    "admin.users": _("Manage users and memberships"),
    "admin.api_tokens": _("Create and revoke the API tokens of organisations"),
    "admin.catalogues": _("Load catalogue versions such as the identification guide"),
}
