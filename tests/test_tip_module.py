"""The TIP module as its users meet it: the tier history pages, the import of a year's list, readiness for a
reporting period with the coordinator's ratings, and the draft submission."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sanad.audit.models import AuditAction, AuditEvent
from sanad.prevention.services import record_training
from sanad.statistics.disclosure import exact_table, publish_table
from sanad.statistics.periods import tip_period
from sanad.statistics.tables import compute_table
from sanad.tip import imports, services
from sanad.tip.models import ReadinessRating, TierListImport, TierPlacement
from sanad.tip.readiness import CRITERIA, current_period_year, readiness
from sanad.tip.submission import build_submission, submission_pdf, submission_xlsx
from tests.cast import PASSWORD, Cast
from tests.pdf_reading import pdf_text

# The cast's trainings and criminal case fall in the TIP periods ending 31 March 2025 and 2026.
PERIOD = 2026


def _csv(*lines: str) -> bytes:
    return ("iso3,year,tier\n" + "\n".join(lines) + "\n").encode()


def _upload(name: str, content: bytes) -> io.BytesIO:
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def _reauthenticate(client: Client, user: Any) -> None:
    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


# --- the tier history -------------------------------------------------------------------------------------


def test_morocco_page_shows_its_history_from_2001_and_what_the_statute_says_next(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.analyst)
    response = client.get(reverse("tip:country", kwargs={"iso3": "MAR"}))
    assert response.status_code == 200
    page = response.content.decode()
    years = [int(year) for year in re.findall(r'<tr data-year="(\d{4})"', page)]
    assert years[0] == 2001
    assert years == sorted(years) and len(years) == len(set(years))
    held = dict(TierPlacement.objects.filter(iso3="MAR").values_list("year", "tier"))
    assert {int(y): t for y, t in re.findall(r'data-year="(\d{4})" data-tier="([^"]+)"', page)} == held
    assert 'data-testid="history-chart"' in page and "<svg" in page
    assert f"about the {max(held) + 1} report" in page


def test_year_table_counts_every_placement_of_the_year_once(cast: Cast, client: Client) -> None:
    client.force_login(cast.coordinator)
    response = client.get(reverse("tip:index"), {"year": "2013"})
    table = response.context["table"]
    assert table.year == 2013
    assert table.total == TierPlacement.objects.filter(year=2013).count() > 150
    watch_list = TierPlacement.objects.filter(year=2013, tier="2WL").count()
    assert table.tier_totals["2WL"] == watch_list


def test_comparison_lines_up_the_chosen_countries_by_year(cast: Cast, client: Client) -> None:
    client.force_login(cast.coordinator)
    response = client.get(reverse("tip:compare"), {"c": ["MAR", "TUN", "zzz"]})
    rows = response.context["rows"]
    assert [entry.iso3 for entry, _cells in rows] == ["MAR", "TUN"]
    years = response.context["years"]
    morocco_2013 = TierPlacement.objects.get(iso3="MAR", year=2013).get_tier_display()
    assert dict(rows[0][1])[2013] == morocco_2013 and 2013 in years


# --- importing a year's list ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("XYZ,2027,2", "Row 3, column “iso3”: “XYZ” is not an ISO 3166-1 country code"),
        ("TUN,2027,4", "Row 3, column “tier”: not a tier"),
        ("MAR,2027,3", "Row 3, column “iso3”: this country is already listed"),
        ("TUN,27,2", "Row 3, column “year”: not a four-digit report year"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(cast: Cast, line: str, named: str) -> None:
    before = TierPlacement.objects.count()
    preview, batch = imports.import_tier_list(
        actor=cast.admin, content=_csv("MAR,2027,2", line), file_name="2027.csv", replace_conflicts=True
    )
    assert batch is None
    assert any(error.startswith(named) for error in preview.errors), preview.errors
    assert TierPlacement.objects.count() == before
    assert not TierListImport.objects.exists()


def test_conflicts_are_shown_before_anything_is_written_then_replaced_on_confirmation(
    cast: Cast, client: Client
) -> None:
    held = TierPlacement.objects.get(iso3="MAR", year=2015).tier
    other = "3" if held != "3" else "1"
    content = _csv(f"MAR,2015,{other}")
    client.force_login(cast.admin)
    response = client.post(reverse("tip:import"), {"tier_list": _upload("2015.csv", content), "check": "1"})
    assert response.status_code == 200
    assert 'data-testid="conflicts"' in response.content.decode()
    response = client.post(reverse("tip:import"), {"tier_list": _upload("2015.csv", content), "import": "1"})
    assert response.status_code == 400
    assert TierPlacement.objects.get(iso3="MAR", year=2015).tier == held
    response = client.post(
        reverse("tip:import"),
        {"tier_list": _upload("2015.csv", content), "import": "1", "replace_conflicts": "on"},
    )
    assert response.status_code == 200
    placement = TierPlacement.objects.get(iso3="MAR", year=2015)
    assert placement.tier == other and placement.list_import is not None
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(placement.list_import.pk))
    assert event.detail["replaced"] == ["MAR"] and event.actor == cast.admin


def test_a_new_year_is_checked_against_the_statute_and_imported_whole(cast: Cast) -> None:
    last = max(TierPlacement.objects.values_list("year", flat=True))
    year = last + 1
    preview = imports.read_tier_list(_csv(f"MAR,{year},2", f"TUN,{year},2WL"))
    assert not preview.errors and preview.year == year and len(preview.new) == 2
    assert preview.check is not None
    _preview, batch = imports.import_tier_list(
        actor=cast.admin,
        content=_csv(f"MAR,{year},2", f"TUN,{year},2WL"),
        file_name="new.csv",
        replace_conflicts=False,
    )
    assert batch is not None and batch.created == 2
    assert set(TierPlacement.objects.filter(year=year).values_list("iso3", "tier")) == {
        ("MAR", "2"),
        ("TUN", "2WL"),
    }


# --- readiness --------------------------------------------------------------------------------------------


def _second_training(cast: Cast) -> None:
    # One training in the previous period too, so that trainings have a trend.
    record_training(
        actor=cast.focal, title="Labour inspectors and forced labour", audience_sector="police",
        organiser=cast.organisations["ministry"], held_on=date(2024, 11, 5), region="MA-04", hours=4,
        participants_female=3, participants_male=30, covers_identification_guide=False,
    )  # fmt: skip


@pytest.mark.parametrize(("role", "exact"), [("coordinator", True), ("analyst", False)])
def test_readiness_figures_are_the_statistics_modules_figures(cast: Cast, role: str, exact: bool) -> None:
    _second_training(cast)
    user = getattr(cast, role)
    found = readiness(user=user, period_year=PERIOD)
    table = compute_table("tip_submission", period=tip_period(PERIOD))
    shown = exact_table(table) if exact else publish_table(table)
    expected = {
        row.key: (cells[0], cells[1], cells[2])
        for row, cells in zip(shown.source.rows, shown.display, strict=True)
        if not row.key.startswith("pillar:")
    }
    seen = 0
    for item in found.criteria:
        for evidence in item.evidence:
            assert (evidence.previous, evidence.current, evidence.change) == expected[evidence.key], (
                evidence.key
            )
            seen += 1
    assert seen > 30
    assert found.exact is exact
    if exact:
        trained = expected["persons_trained"]
        assert trained == ("33", "23", "-10")
        assert any(item.key == "persons_trained" for item in found.went_down)


def test_readiness_covers_the_four_standards_and_twelve_criteria(cast: Cast, client: Client) -> None:
    assert [criterion.code for criterion in CRITERIA] == [
        "MS1", "MS2", "MS3", "MS4", *(f"C{number}" for number in range(1, 13))
    ]  # fmt: skip
    client.force_login(cast.coordinator)
    response = client.get(reverse("tip:readiness"), {"period": str(PERIOD)})
    page = response.content.decode()
    for criterion in CRITERIA:
        assert f'data-testid="criterion-{criterion.code}"' in page
    assert 'data-testid="efforts-answer"' in page
    assert response.context["period_year"] == PERIOD


def test_the_coordinator_rates_and_a_concurrent_rating_is_refused_not_lost(
    cast: Cast, client: Client
) -> None:
    period = current_period_year(timezone.localdate())
    url = reverse("tip:rate", kwargs={"period_year": period, "criterion": "C1"})
    client.force_login(cast.coordinator)
    first = client.post(
        url, {"rating": "partly", "note": "Convictions fell.", "version": "0"}, HTTP_HX_REQUEST="true"
    )
    assert first.status_code == 200 and 'data-testid="rating-saved"' in first.content.decode()
    rating = ReadinessRating.objects.get(period_year=period, criterion="C1")
    assert (rating.rating, rating.note, rating.set_by, rating.version) == (
        "partly",
        "Convictions fell.",
        cast.coordinator,
        1,
    )
    # A second form opened before the first save still says version 0.
    stale = client.post(url, {"rating": "meets", "note": "All good.", "version": "0"}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 409
    assert "Someone else changed this record" in stale.content.decode()
    rating.refresh_from_db()
    assert (rating.rating, rating.note) == ("partly", "Convictions fell.")
    newer = client.post(url, {"rating": "meets", "note": "Reviewed.", "version": "1"}, HTTP_HX_REQUEST="true")
    assert newer.status_code == 200
    rating.refresh_from_db()
    assert (rating.rating, rating.version) == ("meets", 2)
    events = AuditEvent.objects.filter(object_id=str(rating.pk)).values_list("action", flat=True)
    assert sorted(events) == sorted([AuditAction.CREATE, AuditAction.UPDATE])


def test_the_analyst_reads_readiness_but_may_not_rate(cast: Cast, client: Client) -> None:
    client.force_login(cast.analyst)
    page = client.get(reverse("tip:readiness")).content.decode()
    assert 'data-testid="criterion-C1"' in page and "rating-form-C1" not in page
    with pytest.raises(PermissionDenied, match=r"tip\.rate"):
        services.rate_criterion(
            actor=cast.analyst,
            period_year=PERIOD,
            criterion="C1",
            rating="meets",
            note="",
            expected_version=None,
        )


# --- the draft submission ---------------------------------------------------------------------------------


def test_the_submission_carries_the_published_figures_and_the_commissions_notes(cast: Cast) -> None:
    _second_training(cast)
    services.rate_criterion(
        actor=cast.coordinator, period_year=PERIOD, criterion="C7", rating="partly",
        note="Thirty-three officers trained on the guide.", expected_version=None,
    )  # fmt: skip
    submission = build_submission(PERIOD, "en")
    assert [section.title for section in submission.sections][:3] == [
        "Prosecution",
        "Protection",
        "Prevention",
    ]
    published = publish_table(compute_table("tip_submission", period=tip_period(PERIOD)))
    figures = {
        line.label: (line.previous, line.current, line.change)
        for s in submission.sections
        for line in s.figures
    }
    for row, cells in zip(published.source.rows, published.display, strict=True):
        if not row.key.startswith("pillar:"):
            assert figures[row.label] == tuple(cells)

    text = pdf_text(submission_pdf(PERIOD, "en"))
    assert "Prosecution" in text and "Protection" in text and "Prevention" in text
    assert "Thirty-three officers trained on the guide." in text
    assert "Not rated yet" in text

    book = load_workbook(io.BytesIO(submission_xlsx(PERIOD, "en")))
    assert {"Prosecution", "Protection", "Prevention", "Commission's notes"} <= set(book.sheetnames)
    sheet_rows = {row[0]: tuple(row[1:]) for row in book["Prevention"].iter_rows(min_row=2, values_only=True)}
    trained_label = next(row.label for row in published.source.rows if row.key == "persons_trained")
    assert sheet_rows[trained_label] == figures[trained_label]
    notes = [
        row for row in book["Commission's notes"].iter_rows(min_row=2, values_only=True) if row[0] == "C7"
    ]
    assert notes[0][3:] == ("Partly meets the standard", "Thirty-three officers trained on the guide.")


def test_downloading_the_submission_needs_a_fresh_password_and_is_audited(cast: Cast, client: Client) -> None:
    period = current_period_year(timezone.localdate())
    url = reverse("tip:submission", kwargs={"period_year": period, "file_format": "xlsx"})
    client.force_login(cast.coordinator)
    assert client.get(url, {"lang": "ar"}).status_code == 302  # to re-authentication
    _reauthenticate(client, cast.coordinator)
    response = client.get(url, {"lang": "ar"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="sanad-tip-submission-{period}-ar.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.worksheets[0].sheet_view.rightToLeft
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=cast.coordinator)
    assert event.detail == {"period_year": period, "language": "ar", "format": "xlsx", "published": True}
    assert client.get(url, {"lang": "de"}).status_code == 404


def test_the_year_of_the_one_year_waiver_limit_is_configuration(
    cast: Cast, client: Client, settings: Any
) -> None:
    client.force_login(cast.analyst)
    url = reverse("tip:country", kwargs={"iso3": "MAR"})
    assert client.get(url).context["outlook"].waiver_limit == 1
    settings.SANAD_TIP_ONE_WAIVER_YEAR_FROM = 2100
    assert client.get(url).context["outlook"].waiver_limit == 2
