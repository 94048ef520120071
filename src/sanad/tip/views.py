"""Tier history pages: the year table, a country's history with what the statute says about next year, a
comparison, and the administrator's import of a new year's list."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sanad.access import policy
from sanad.access.decorators import capability_required
from sanad.tip import catalogue, imports, selectors
from sanad.tip.charts import history_chart
from sanad.tip.forms import TierListForm, chosen_year
from sanad.tip.messages import describe, tier_label, worded_findings

COMPARED_AT_MOST = 8


@capability_required("tip.view")
def index(request: HttpRequest) -> HttpResponse:
    years = selectors.report_years()
    if not years:
        return render(
            request, "tip/index.html", {"years": [], "may_import": policy.may_import_tier_lists(request.user)}
        )
    year = chosen_year(request.GET.get("year"), allowed=years, default=years[-1])
    table = selectors.year_table(user=request.user, year=year)
    rows = [
        (
            code,
            catalogue.region_label(code),
            [
                (tier, table.counts.get((code, tier), 0), table.names.get((code, tier), []))
                for tier in table.tiers
            ],
        )
        for code in table.regions
    ]
    return render(
        request,
        "tip/index.html",
        {
            "years": years,
            "year": year,
            "table": table,
            "tier_headers": [(tier, tier_label(tier)) for tier in table.tiers],
            "rows": rows,
            "totals": [table.tier_totals[tier] for tier in table.tiers],
            "countries": selectors.countries(),
            "may_import": policy.may_import_tier_lists(request.user),
        },
    )


@capability_required("tip.view")
def country(request: HttpRequest, iso3: str) -> HttpResponse:
    history = selectors.country_history(user=request.user, iso3=iso3.upper())
    if history is None:
        raise Http404
    outlook = history.outlook
    return render(
        request,
        "tip/country.html",
        {
            "history": history,
            "region": catalogue.region_label(history.region),
            "placements": [
                (year, tier, tier_label(tier), year in history.waiver_years)
                for year, tier in history.placements
            ],
            "chart": history_chart(history.placements),
            "outlook": outlook,
            "constraints": [describe(constraint) for constraint in outlook.constraints],
            "upgrade_tiers": [tier_label(str(tier)) for tier in outlook.upgrade_tiers],
        },
    )


@capability_required("tip.view")
def compare(request: HttpRequest) -> HttpResponse:
    codes = [code.upper() for code in request.GET.getlist("c") if code.strip()][:COMPARED_AT_MOST]
    years, rows = selectors.comparison(user=request.user, codes=codes)
    return render(
        request,
        "tip/compare.html",
        {
            "countries": selectors.countries(),
            "chosen": set(codes),
            "years": years,
            "rows": [
                (entry, [(year, tier_label(by_year[year]) if year in by_year else "") for year in years])
                for entry, by_year in rows
            ],
            "at_most": COMPARED_AT_MOST,
        },
    )


@capability_required("tip.import")
def import_list(request: HttpRequest) -> HttpResponse:
    """ "Check" shows what the file would change and what the statute says about it; "Import" stores it,
    all or nothing, and replaces held placements only when the administrator ticked that she saw them."""
    form = TierListForm(request.POST or None, request.FILES or None)
    preview = batch = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["tier_list"]
        if upload.size > imports.MAX_BYTES:
            form.add_error(
                "tier_list", _("The file is larger than %(size)s MB.") % {"size": imports.MAX_BYTES // 2**20}
            )
        elif "import" in request.POST:
            preview, batch = imports.import_tier_list(
                actor=request.user,
                content=upload.read(),
                file_name=upload.name,
                replace_conflicts=form.cleaned_data["replace_conflicts"],
            )
        else:
            preview = imports.read_tier_list(upload.read())
    findings = worded_findings(preview.check) if preview and preview.check else []
    status = 400 if (form.is_bound and form.errors) or (preview and preview.errors) else 200
    return render(
        request,
        "tip/import.html",
        {
            "form": form,
            "preview": preview,
            "batch": batch,
            "new": [(iso3, name, tier_label(tier)) for iso3, name, tier in preview.new] if preview else [],
            "conflicts": [
                (c.iso3, c.name, tier_label(c.held), tier_label(c.proposed)) for c in preview.conflicts
            ]
            if preview
            else [],
            "findings": findings,
        },
        status=status,
    )
