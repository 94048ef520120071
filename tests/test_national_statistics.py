"""National statistics as users meet them: the dashboard and table pages, `sanad stats`, and the published
downloads behind re-authentication."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from sanad.audit.models import AuditAction, AuditEvent
from sanad.cases.models import Case
from sanad.identification.models import StatusDecision
from sanad.people.models import BirthDatePrecision, Person
from tests.cast import PASSWORD, Cast


def _victim(
    cast: Cast, *, sex: str, forms: list[str], region: str = "MA-06", on: date = date(2024, 5, 2)
) -> None:
    owner = cast.organisations["unit_a"]
    person = Person.objects.create(
        owning_organisation=owner, sex=sex, birth_date=date(1990, 1, 1),
        birth_date_precision=BirthDatePrecision.FULL, nationalities=["MAR"],
    )  # fmt: skip
    case = Case.objects.create(
        reference=f"S-{person.pk.hex[:10]}", person=person, owning_organisation=owner,
        opened_on=on, region=region, forms_of_exploitation=forms,
    )  # fmt: skip
    StatusDecision.objects.create(
        case=case, status="identified", decided_on=on,
        decided_by_organisation=cast.organisations["prosecution"], legal_basis="Law 27-14",
    )  # fmt: skip


@pytest.fixture
def victims_2024(cast: Cast) -> Cast:
    """Seven women victims of forced labour and two men victims of sexual exploitation, all adults and
    nationals, identified in 2024 in Casablanca-Settat; one more woman in Tanger in 2024."""
    for _index in range(7):
        _victim(cast, sex="female", forms=["forced_labour"])
    for _index in range(2):
        _victim(cast, sex="male", forms=["sexual_exploitation"])
    _victim(cast, sex="female", forms=["forced_labour"], region="MA-01")
    return cast


def _reauthenticate(client: Client, user: Any) -> None:
    """Type the password again on the re-authentication page, as a user sent there by a download does."""
    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def _csv_rows(text: str) -> dict[str, list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    return {row[0].strip(): row[1:] for row in rows[1:]}


def test_stats_list_names_every_table(capsys: Any, db: None) -> None:
    call_command("stats", "--list")
    output = capsys.readouterr().out
    for code in (
        "victims",
        "victims_by_country",
        "sdg_16_2_2",
        "justice_persons",
        "justice_cases",
        "tip_submission",
    ):
        assert code in output


def test_stats_writes_exact_and_published_tables(victims_2024: Cast, capsys: Any) -> None:
    call_command("stats", "victims", "--period", "2024", "--region", "MA-06")
    exact = _csv_rows(capsys.readouterr().out)
    assert exact["All detected victims"][-1] == "9"  # the Tanger victim is in another region
    assert exact["Sexual exploitation"][-1] == "2"

    call_command("stats", "victims", "--period", "2024", "--region", "MA-06", "--published")
    published = _csv_rows(capsys.readouterr().out)
    assert published["Sexual exploitation"][-1] == "<5"
    assert "2" not in published["Sexual exploitation"]
    assert (
        AuditEvent.objects.filter(action=AuditAction.EXPORT, object_label="statistics table victims").count()
        == 2
    )


def test_stats_json_and_xlsx_carry_the_same_numbers(victims_2024: Cast, capsys: Any, tmp_path: Path) -> None:
    call_command("stats", "victims", "--period", "2024", "--format", "json", "--published")
    document = json.loads(capsys.readouterr().out)
    rows = {row["key"]: row for row in document["rows"]}
    assert rows["all"]["values"][-1] == 10
    assert rows["form:forced_labour"]["values"][-1] == 8
    assert rows["form:sexual_exploitation"]["cells"][-1] == "<5"
    assert rows["form:sexual_exploitation"]["values"][-1] is None

    out = tmp_path / "victims.xlsx"
    call_command("stats", "victims", "--period", "2024", "--format", "xlsx", "--published", "--out", str(out))
    sheet = openpyxl.load_workbook(out).worksheets[0]
    values = {str(row[0]).strip(): row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["All detected victims"][-1] == 10
    assert values["Forced labour"][-1] == 8
    assert values["Sexual exploitation"][-1] == "<5"


def test_stats_refuses_bad_input_with_the_field_named(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="unknown table"):
        call_command("stats", "victimz", "--period", "2024")
    with pytest.raises(CommandError, match="--period"):
        call_command("stats", "victims")
    with pytest.raises(CommandError, match="--region"):
        call_command("stats", "victims", "--period", "2024", "--region", "MA-99")
    with pytest.raises(CommandError, match="--out"):
        call_command("stats", "victims", "--period", "2024", "--format", "xlsx")
    with pytest.raises(CommandError, match="--out"):
        call_command("stats", "victims", "--period", "2024", "--out", str(tmp_path / "missing" / "x.csv"))


def test_tip_period_table_compares_with_the_previous_period(victims_2024: Cast, capsys: Any) -> None:
    call_command("stats", "tip_submission", "--period", "2025", "--tip-period")
    rows = _csv_rows(capsys.readouterr().out)
    assert rows["Victims identified (persons)"] == ["0", "10", "+10"]


def test_analyst_sees_published_figures_and_coordinator_exact(victims_2024: Cast, client: Client) -> None:
    url = reverse("statistics:dashboard") + "?year=2024&kind=calendar&region=MA-06"
    client.force_login(victims_2024.analyst)
    page = client.get(url).content.decode()
    assert 'data-row="form:sexual_exploitation"' in page
    assert "&lt;5" in page
    assert 'data-published="true"' in page and 'data-published="false"' not in page

    client.force_login(victims_2024.coordinator)
    page = client.get(url).content.decode()
    assert 'data-published="false"' in page
    assert "Exact figures, for internal use" in page


def test_the_region_filter_is_swapped_in_by_htmx(victims_2024: Cast, client: Client) -> None:
    client.force_login(victims_2024.coordinator)
    response = client.get(
        reverse("statistics:dashboard") + "?year=2024&kind=calendar&region=MA-01",
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "<html" not in body  # the partial only
    assert '<tr data-row="all"><th scope="row" class="level-0">All detected victims</th>' in body
    total = body.split('<tr data-row="all">', 1)[1].split('data-column="total"', 1)[1]
    assert '<span dir="ltr">1</span>' in total.split("</td>", 1)[0]


def test_download_asks_for_the_password_again(victims_2024: Cast, client: Client) -> None:
    client.force_login(victims_2024.coordinator)
    url = reverse("statistics:download", kwargs={"code": "victims", "file_format": "csv"}) + "?year=2024"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(response["Location"]).status_code == 200
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_download_is_published_and_audited_even_for_the_exact_viewer(
    victims_2024: Cast, client: Client
) -> None:
    _reauthenticate(client, victims_2024.coordinator)
    url = reverse("statistics:download", kwargs={"code": "victims", "file_format": "csv"})
    response = client.get(url + "?year=2024&region=MA-06")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="sanad-victims-year2024-MA-06-published'
    )
    rows = _csv_rows(response.content.decode())
    assert rows["Sexual exploitation"][-1] == "<5"
    assert rows["All detected victims"][-1] == "9"
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == victims_2024.coordinator
    assert event.detail["published"] is True and event.detail["table"] == "victims"


def test_xlsx_download_opens_with_the_same_numbers(
    victims_2024: Cast, client: Client, tmp_path: Path
) -> None:
    _reauthenticate(client, victims_2024.analyst)
    url = reverse("statistics:download", kwargs={"code": "justice_persons", "file_format": "xlsx"})
    response = client.get(url + "?year=2025")
    assert response.status_code == 200
    path = tmp_path / "justice.xlsx"
    path.write_bytes(response.content)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[1] == "About"
    values = {
        str(row[0]).strip(): row[1:] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)
    }
    assert values["Investigated"][-1] == "<5"  # the cast's one suspect


def test_every_table_page_renders_for_both_readers(victims_2024: Cast, client: Client) -> None:
    from sanad.statistics.tables import TABLES

    for user in (victims_2024.coordinator, victims_2024.analyst):
        client.force_login(user)
        for code in TABLES:
            response = client.get(reverse("statistics:table", kwargs={"code": code}) + "?year=2024&kind=tip")
            assert response.status_code == 200, code
            assert f'data-testid="table-{code}"' in response.content.decode()


def test_sdmx_and_ctdc_downloads_are_published_and_audited(victims_2024: Cast, client: Client) -> None:
    _reauthenticate(client, victims_2024.analyst)
    assert client.get(reverse("statistics:exports")).status_code == 200

    sdmx = client.get(reverse("statistics:sdmx") + "?year=2024")
    assert sdmx.status_code == 200
    assert sdmx["Content-Disposition"] == 'attachment; filename="sanad-sdg-16-2-2-2024.xml"'
    assert b"VC_HTF_DETV" in sdmx.content and b'value="10"' in sdmx.content

    ctdc = client.get(reverse("statistics:ctdc") + "?year=2024")
    assert ctdc.status_code == 200
    header, *rows = ctdc.content.decode().splitlines()
    assert header.startswith("yearOfRegistration,gender,ageBroad,citizenship")
    assert ctdc["X-Sanad-Records"] == f"{len(rows)}/10"
    assert len(rows) == 0  # ten victims in 2024 do not make a group of 11: nothing leaves
    exports = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=victims_2024.analyst)
    assert {event.detail["export"] for event in exports} == {"sdg_16_2_2_sdmx", "ctdc_csv"}


def test_tables_read_together_give_back_nothing_either_hides(victims_2024: Cast) -> None:
    """The victims table hides the two men (a small count) and, to protect them, the eight women; the SDG
    table must not then publish "women: 8" beside "all victims: 10", which would give the men back."""
    from sanad.statistics.disclosure import publish_table
    from sanad.statistics.periods import calendar_year
    from sanad.statistics.tables import compute_table

    memo: dict[Any, Any] = {}
    victims = publish_table(compute_table("victims", period=calendar_year(2024), memo=memo))
    all_row = victims.source.row_index("all")
    shown = dict(
        zip((column.key for column in victims.source.columns), victims.display[all_row], strict=True)
    )
    assert shown["male:adult"] == "<5"
    assert shown["female:adult"] == "x"
    assert shown["total"] == "10"

    sdg = publish_table(compute_table("sdg_16_2_2", period=calendar_year(2024), memo=memo))
    counts = {row.key: cells[0] for row, cells in zip(sdg.source.rows, sdg.display, strict=True)}
    assert counts["all"] == "10"
    assert counts["female"] == "x" and counts["male"] in {"<5", "x"}
    assert (
        counts["forced_labour"] == "8"
        or victims.display[victims.source.row_index("form:forced_labour")][-1] != "8"
    )

    tip = publish_table(compute_table("tip_submission", period=calendar_year(2024), memo=memo))
    tip_rows = {row.key: cells for row, cells in zip(tip.source.rows, tip.display, strict=True)}
    assert tip_rows["victims_identified"][1] == "10"
