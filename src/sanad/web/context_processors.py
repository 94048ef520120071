"""Navigation entries, each shown only when the access policy grants what it leads to."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanad.access import policy
from sanad.access.capabilities import CASE_READER_CAPABILITIES

NAVIGATION = [
    ("web:home", _("Home"), None),
    ("cases:list", _("Cases"), CASE_READER_CAPABILITIES),
    ("people:list", _("Persons"), ("case.view_own_organisation",)),
    ("referrals:inbox", _("Referrals received"), ("referral.respond",)),
    ("identification:offline_import", _("Offline screenings"), ("case.screen",)),
    ("cases:import", _("Import cases"), ("case.manage",)),
    (
        "referrals:directory",
        _("Service directory"),
        ("case.manage", "referral.respond", "statistics.view_exact"),
    ),
    ("shelters:overview", _("Shelters"), ("shelter.admit", "statistics.view_exact")),
    ("hotline:queue", _("Hotline"), ("hotline.contacts",)),
    ("hotline:supervision", _("Hotline queue"), ("hotline.supervise",)),
    ("hotline:figures", _("Hotline figures"), ("hotline.supervise", "hotline.national_figures")),
    ("justice:list", _("Criminal cases"), ("justice.criminal_cases", "justice.national_facts")),
    (
        "justice:figures",
        _("Justice figures"),
        ("justice.criminal_cases", "statistics.view_exact", "statistics.view_published"),
    ),
    (
        "statistics:dashboard",
        _("National statistics"),
        ("statistics.view_exact", "statistics.view_published"),
    ),
    ("reports:index", _("Annual report"), ("reports.view", "reports.write")),
    ("tip:index", _("TIP report"), ("tip.view",)),
    ("linkage:index", _("Duplicates"), ("linkage.view",)),
    ("plans:list", _("National plans"), ("plans.view",)),
    ("plans:recommendations", _("Recommendations"), ("plans.view",)),
    ("prevention:dashboard", _("Campaigns and trainings"), ("prevention.view",)),
    ("audit:list", _("Audit trail"), ("audit.view",)),
    ("privacy:search", _("Data-subject requests"), ("privacy.subject_access",)),
    ("accounts:organisation_list", _("Organisations"), ("admin.organisations",)),
    ("accounts:user_list", _("Users"), ("admin.users",)),
    ("api_tokens:list", _("API tokens"), ("admin.api_tokens",)),
    ("guides:list", _("Identification guide"), ("admin.catalogues",)),
    ("offences:list", _("Offence articles"), ("admin.catalogues",)),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.active_membership is None:
        return {"navigation": []}
    entries = [
        {"url": reverse(name), "label": label, "active": request.path == reverse(name)}
        for name, label, capabilities in NAVIGATION
        if capabilities is None or any(policy.has_capability(user, c) for c in capabilities)
    ]
    return {"navigation": entries, "membership": user.active_membership}
