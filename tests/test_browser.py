"""Real headless Chromium (Debian's package) driven by Playwright against a live Sanad server."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from sanad.audit.models import AuditAction, AuditEvent
from tests.cast import PASSWORD, Cast
from tests.conftest import require_component
from tests.signing_in import unused_totp_code

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip
REASON = "Prosecutor requests the identity for a hearing tomorrow morning."


def _chromium_path() -> str | None:
    for candidate in (os.environ.get("SANAD_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium_path()
    require_component(executable is not None, "Debian's chromium package")
    # Playwright's sync API runs an event loop in this thread; Django's ORM in the same thread is safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.console_errors = errors
    yield tab
    context.close()


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(lambda url: url in {f"{base}/", f"{base}/accounts/2fa/authenticate/"})
    if page.url.endswith("/accounts/2fa/authenticate/"):
        page.fill("#id_code", unused_totp_code(username))
        page.click('form[action$="/accounts/2fa/authenticate/"] button[type=submit]:not([form])')
    page.wait_for_url(f"{base}/")


def test_case_worker_signs_in_and_sees_her_cases(
    live_server: Any, transactional_cast: Cast, page: Any
) -> None:
    cast = transactional_cast
    _sign_in(page, live_server.url, "caseworker")
    assert page.locator('[data-panel="organisation"] [data-count="total"]').inner_text() == "2"
    page.click("nav >> text=Cases")
    assert page.locator(f"text={cast.case_a.reference}").is_visible()
    assert page.locator("text=Amina").first.is_visible()
    assert page.locator(f"text={cast.case_b.reference}").count() == 0
    # htmx is loaded from our static files and works under the Content-Security-Policy.
    assert page.evaluate("typeof window.htmx") == "object"
    page.select_option("#id_region", "MA-01")
    from playwright.sync_api import expect

    # Waits in Playwright itself: page-side eval is (rightly) blocked by our CSP.
    expect(page.locator("#case-table")).not_to_contain_text("Amina")
    assert "region=MA-01" in page.url
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def test_other_agency_case_worker_is_refused_the_same_url(
    live_server: Any, transactional_cast: Cast, page: Any
) -> None:
    cast = transactional_cast
    _sign_in(page, live_server.url, "other_caseworker")
    response = page.goto(f"{live_server.url}/cases/{cast.case_a.pk}/")
    assert response.status == 404, page.content()
    assert page.locator("text=Amina").count() == 0


def test_arabic_interface_is_right_to_left(live_server: Any, transactional_cast: Cast, page: Any) -> None:
    _sign_in(page, live_server.url, "caseworker")
    page.click("button[name=language][value=ar]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    direction = page.evaluate("getComputedStyle(document.querySelector('main')).direction")
    assert direction == "rtl"
    # Mirrored layout: the brand sits at the right edge of the top bar.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2
    page.screenshot(
        path=os.path.join(os.environ.get("SANAD_SCREENSHOTS", tempfile.gettempdir()), "sanad-home-ar.png")
    )


def test_coordinator_sees_facts_without_names_then_breaks_glass(
    live_server: Any, transactional_cast: Cast, page: Any
) -> None:
    cast = transactional_cast
    _sign_in(page, live_server.url, "coordinator")
    page.goto(f"{live_server.url}/cases/")
    assert page.locator(f"text={cast.case_a.reference}").is_visible()
    for name in ("Amina", "Benziane", "أمينة"):
        assert page.locator(f"text={name}").count() == 0
    page.click(f"text={cast.case_a.reference}")
    assert page.locator("text=Benziane").count() == 0
    page.fill("#id_reason", REASON)
    page.click("button.danger")
    # Breaking glass asks for the password again, then carries the request through.
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.fill("#id_password", PASSWORD)
    page.click('form[action$="/accounts/reauthenticate/"] button[type=submit]:not([form])')
    page.wait_for_selector('[data-tier="identity"]')
    assert page.locator("text=Benziane").is_visible()
    assert page.locator("text=بن زيان").is_visible()
    event = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS)
    assert event.reason == REASON and event.actor == cast.coordinator
    assert event.object_id == str(cast.case_a.pk)


def _as(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    _sign_in(tab, base, username)
    return tab


YES = ("DR01", "DR02", "EX01", "EX02", "CD01", "CD05")


def test_whole_path_from_a_call_to_a_status_decision(
    live_server: Any, transactional_cast: Cast, browser: Any
) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    # 1. The operator records a call from the keyboard, triaged on the call, and escalates it.
    operator = _as(browser, base, "operator")
    operator.click("text=Record a contact")
    operator.select_option("#id_channel", "phone")
    operator.keyboard.press("Tab")
    operator.select_option("#id_contact_type", "crisis")
    operator.check("input[name=urgency][value='3']")
    operator.select_option("#id_reporter_relation", "self")
    operator.select_option("#id_language", "darija")
    operator.select_option("#id_region", "MA-06")
    operator.fill("#id_narrative", "Elle dit être retenue dans une ferme près de Berrechid, sans papiers.")
    operator.fill("#id_callback_number", "0677 11 22 33")
    operator.click("button[name=save_triaged]")
    expect(operator.locator('[data-testid="contact-state"]')).to_have_text("Triaged")
    operator.select_option("#escalate #id_organisation", label="Org unit-a")
    operator.fill("#escalate #id_given_name_latin", "Salma")
    operator.select_option("#escalate #id_sex", "female")
    operator.click("#escalate button[type=submit]")
    expect(operator.locator('[data-testid="contact-state"]')).to_have_text("Escalated")
    case_reference = operator.locator(".message").inner_text().split("case ")[-1].rstrip(".")
    operator.context.close()

    # 2. The case worker of the receiving unit screens the person; the score updates live.
    worker = _as(browser, base, "caseworker")
    worker.goto(f"{base}/cases/?reference={case_reference}")
    worker.click(f"text={case_reference}")
    worker.click("text=New screening")
    for radio in worker.locator(".indicator input[type=radio][value=no]").all():
        radio.check()
    expect(worker.locator('[data-testid="outcome"]')).to_have_text("No positive dimension")
    for indicator in YES:
        worker.check(f"input[name=answer_{indicator}][value=yes]")
        worker.select_option(f"select[name=evidence_{indicator}]", "self_report")
    expect(worker.locator('[data-testid="outcome"]')).to_have_text("Presumed victim")
    expect(worker.locator("#score .reasons")).to_contain_text("Deceptive recruitment is positive")
    worker.click("text=Save the screening")
    expect(worker.locator("#identification")).to_contain_text("Presumed victim")
    worker.select_option("#id_authority", label="Org prosecution")
    worker.click("text=Submit for a status decision")
    expect(worker.locator(".message")).to_contain_text("Org prosecution")
    expect(worker.locator('[data-testid="current-status"]')).to_have_text("No decision yet")
    worker.context.close()

    # 3. The competent authority finds the case waiting and records the decision.
    authority = _as(browser, base, "authority")
    authority.click(f'[data-panel="decisions"] >> text={case_reference}')
    authority.click("text=Record a status decision")
    authority.select_option("#id_status", "identified")
    today = timezone.localdate().isoformat()  # the case was opened today by the escalation
    authority.fill("#id_decided_on", today)
    authority.fill("#id_legal_basis", "Loi 27-14")
    authority.fill("#id_rationale", "Indicateurs concordants, audition du 30 novembre.")
    authority.click("text=Record the decision")
    expect(authority.locator('[data-testid="current-status"]')).to_have_text(f"Identified victim ({today})")
    expect(authority.locator('[data-testid="decisions"]')).to_contain_text("Loi 27-14")
    authority.context.close()


def test_consent_referral_to_a_shelter_admission_and_national_occupancy(
    live_server: Any, transactional_cast: Cast, browser: Any
) -> None:
    from playwright.sync_api import expect

    from sanad.cases.models import Case

    cast = transactional_cast
    base = live_server.url
    case = (
        Case.objects.filter(owning_organisation=cast.organisations["unit_a"]).exclude(pk=cast.case_a.pk).get()
    )

    commission = _as(browser, base, "coordinator")
    commission.goto(f"{base}/shelters/")
    expect(commission.locator('[data-testid="occupied-women"]')).to_have_text("1")

    # The case worker records consent, then refers the person to the shelter.
    worker = _as(browser, base, "caseworker")
    worker.goto(f"{base}/cases/{case.pk}/")
    worker.click("text=Record consent")
    worker.select_option("#id_purpose", "referral")
    worker.check("input[name=decision][value=given]")
    worker.select_option("#id_method", "signed_form")
    worker.click("button[type=submit].primary")
    expect(worker.locator("#network .consents")).to_contain_text("Given")
    worker.click("text=Refer to a service")
    worker.select_option("#id_service_type", "shelter")
    worker.select_option("#id_to_organisation", label="Org shelter")
    worker.select_option("#id_urgency", "emergency")
    worker.fill("#id_note", "Needs a bed tonight.")
    worker.click("button[type=submit].primary")
    expect(worker.locator(".message")).to_contain_text("Referral sent to Org shelter")
    expect(worker.locator('[data-testid="case-referrals"]')).to_contain_text("Sent")
    worker.context.close()

    # The shelter accepts from its inbox and admits her.
    shelter = _as(browser, base, "provider")
    shelter.click("nav >> text=Referrals received")
    shelter.click(f"text={case.reference}")
    expect(shelter.locator('[data-tier="identity"]')).to_contain_text("Needs a bed tonight.")
    shelter.select_option("#id_to_state", "accepted")
    shelter.click("text=Record the answer")
    expect(shelter.locator('[data-testid="referral-state"]')).to_have_text("Accepted")
    shelter.select_option("#admit #id_category", "women")
    shelter.click("#admit button[type=submit]")
    expect(shelter.locator(".message")).to_contain_text("Admitted")
    expect(shelter.locator('[data-testid="referral-state"]')).to_have_text("In progress")
    shelter.context.close()

    # The commission sees one more bed taken.
    commission.reload()
    expect(commission.locator('[data-testid="occupied-women"]')).to_have_text("2")
    commission.context.close()


def _persons_row(tab: Any) -> list[str]:
    return [cell.inner_text() for cell in tab.locator('[data-testid="persons-all"] td').all()]


def test_a_criminal_case_from_opening_to_sentence_moves_the_justice_figures(
    live_server: Any, transactional_cast: Cast, browser: Any
) -> None:
    from playwright.sync_api import expect

    today = timezone.localdate().isoformat()
    officer = _as(browser, live_server.url, "justice")
    officer.click("nav >> text=Justice figures")
    before = [int(cell) for cell in _persons_row(officer)]

    officer.click("nav >> text=Criminal cases")
    officer.click("text=Open a criminal case")
    officer.fill("#id_reference", "PJ-BROWSER-1")
    officer.select_option("#id_region", "MA-06")
    officer.fill("#id_opened_on", today)
    officer.select_option("#id_origin", "victim_complaint")
    officer.check("input[name=forms_of_exploitation][value=forced_labour]")
    officer.click("button[type=submit].primary")
    expect(officer.locator(".message")).to_contain_text("Criminal case PJ-BROWSER-1 opened")

    for name, sex, role, official in (
        ("Driss Kabbaj", "male", "recruiter", False),
        ("Nadia Sqalli", "female", "exploiter", True),
    ):
        officer.click("text=Add a suspect")
        officer.fill("#id_full_name", name)
        officer.select_option("#id_sex", sex)
        officer.select_option("#id_nationality", "MAR")
        officer.select_option("#id_role", role)
        if official:
            officer.check("#id_is_public_official")
            officer.fill("#id_official_function", "agent d'autorité")
        officer.click("button[type=submit].primary")
        expect(officer.locator(".message")).to_contain_text("Suspect added")
    expect(officer.locator('[data-testid="defendant-2"]')).to_contain_text("Nadia Sqalli")
    expect(officer.locator('[data-testid="defendant-2"]')).to_contain_text("Public official")

    officer.locator('[data-testid="defendant-1"] >> text=Add a charge').click()
    officer.select_option("#id_article", label="PC-448-2 — Trafficking in persons")
    officer.fill("#id_charged_on", today)
    officer.click("button[type=submit].primary")
    officer.locator(
        '[data-testid="defendant-1"] [data-testid="charge-PC-448-2"] >> text=Record a verdict'
    ).click()
    officer.select_option("#id_court_level", "first_instance")
    officer.select_option("#id_outcome", "convicted")
    officer.fill("#id_decided_on", today)
    officer.select_option("#id_court", label="Org court")
    officer.click("button[type=submit].primary")
    expect(officer.locator('[data-testid="charge-PC-448-2"]')).to_contain_text("Convicted")
    officer.locator('[data-testid="defendant-1"] >> text=Record a sentence').click()
    officer.select_option("#id_court_level", "first_instance")
    officer.fill("#id_decided_on", today)
    officer.fill("#id_prison_months", "84")
    officer.fill("#id_fine", "50000")
    officer.click("button[type=submit].primary")
    expect(officer.locator('[data-testid="sentence-1-first_instance"]')).to_contain_text(
        "84 months of prison, of which 0 suspended"
    )

    officer.click("nav >> text=Justice figures")
    after = [int(cell) for cell in _persons_row(officer)]
    assert [a - b for a, b in zip(after, before, strict=True)] == [2, 1, 1]
    expect(officer.locator('[data-testid="persons-officials"] td').first).to_have_text("1")
    expect(officer.locator('[data-testid="sentences"]')).to_contain_text("5 to under 10 years")
    officer.context.close()


def _implementation(page: Any, status: str) -> str:
    return str(
        page.locator(
            f'[data-testid="implementation-table"] tr[data-axis="protection"] td[data-status="{status}"]'
        )
        .inner_text()
        .strip()
    )


def test_a_measure_with_a_computed_indicator_is_reported_approved_and_moves_the_dashboard(
    live_server: Any, transactional_cast: Cast, browser: Any
) -> None:
    from playwright.sync_api import expect

    cast = transactional_cast
    coordinator = _as(browser, live_server.url, "coordinator")
    coordinator.click("nav >> text=National plans")
    coordinator.click("text=National strategy (test)")
    coordinator.click("text=New objective")
    coordinator.select_option("#id_pillar", "protection")
    coordinator.fill("#id_code", "2.1")
    coordinator.fill("#id_title", "Identify and refer every victim")
    coordinator.click("button[type=submit].primary")
    expect(coordinator.locator(".message")).to_contain_text("Objective added")
    coordinator.click("text=New measure")
    coordinator.select_option("#id_objective", label="Protection — 2.1 Identify and refer every victim")
    coordinator.fill("#id_code", "2.1.1")
    coordinator.fill("#id_title", "Screen undocumented migrants in Oujda")
    coordinator.select_option("#id_responsible", label="Org ministry")
    coordinator.fill("#id_starts_on", "2024-01-01")
    coordinator.fill("#id_ends_on", "2027-12-31")
    coordinator.fill("#id_budget_planned", "480000")
    coordinator.click("button[type=submit].primary")
    expect(coordinator.locator(".message")).to_contain_text("Measure 2.1.1 added")
    coordinator.click("text=New indicator")
    coordinator.fill("#id_name", "Victims identified nationally")
    coordinator.fill("#id_unit", "persons")
    coordinator.select_option("#id_source", "computed")
    coordinator.select_option("#id_statistic", "victims_identified")
    coordinator.fill("#id_targets", "2025=150; 2026=200")
    coordinator.click("button[type=submit].primary")
    expect(coordinator.locator('[data-testid="indicators"]')).to_contain_text("Victims identified nationally")
    measure_url = coordinator.url
    coordinator.goto(f"{live_server.url}/plans/{cast.plan.pk}/dashboard/")
    assert _implementation(coordinator, "on_track") == "0"
    assert _implementation(coordinator, "not_reported") == "1"

    focal = _as(browser, live_server.url, "focal")
    focal.goto(measure_url)
    focal.select_option("#id_period_start", "2025-07-01")
    focal.click("text=Write the report")
    expect(focal.locator(".message")).to_contain_text("Report started")
    focal.select_option("#id_status", "on_track")
    focal.fill("#id_percent_done", "45")
    focal.fill("#id_budget_spent", "120000")
    focal.fill("#id_narrative", "Screening teams trained in Oujda and Nador.")
    focal.click("text=Save the draft")
    expect(focal.locator(".message")).to_contain_text("Report saved as a draft")
    focal.set_input_files("#id_file", files=[{"name": "minutes.pdf", "mimeType": "application/pdf",
                                                "buffer": b"%PDF-1.4 minutes"}])  # fmt: skip
    focal.click("text=Attach")
    expect(focal.locator('[data-testid="evidence"]')).to_contain_text("minutes.pdf")
    focal.click("text=Submit to the commission")
    expect(focal.locator('[data-testid="report-state"]')).to_have_text("Submitted")
    focal.context.close()

    coordinator.click("nav >> text=National plans")
    coordinator.locator('[data-testid="awaiting-review"] >> text=2.1.1').click()
    expect(coordinator.locator('[data-testid="report-values"]')).to_contain_text(
        "Victims identified nationally"
    )
    coordinator.fill("#id_comment", "Approved: keep the Nador team.")
    coordinator.click("text=Approve")
    expect(coordinator.locator('[data-testid="report-state"]')).to_have_text("Approved")
    coordinator.goto(f"{live_server.url}/plans/{cast.plan.pk}/dashboard/")
    assert _implementation(coordinator, "on_track") == "1"
    assert _implementation(coordinator, "not_reported") == "0"
    expect(coordinator.locator('[data-testid="budget-table"]')).to_contain_text("120\u202f000 MAD")
    assert coordinator.locator("figure svg").count() == 3
    coordinator.context.close()


def test_analyst_filters_the_dashboard_and_downloads_the_published_csv(
    live_server: Any, transactional_cast: Cast, page: Any
) -> None:
    from datetime import date

    from sanad.cases.models import Case
    from sanad.identification.models import StatusDecision
    from sanad.people.models import Person

    cast = transactional_cast
    owner = cast.organisations["unit_a"]
    for number, (region, forms) in enumerate(
        [("MA-06", ["forced_labour"])] * 6
        + [("MA-06", ["sexual_exploitation"])] * 2
        + [("MA-01", ["forced_labour"])]
    ):
        person = Person.objects.create(owning_organisation=owner, sex="female", nationalities=["MAR"])
        case = Case.objects.create(
            reference=f"B-{number}", person=person, owning_organisation=owner, opened_on=date(2024, 3, 1),
            region=region, forms_of_exploitation=forms,
        )  # fmt: skip
        StatusDecision.objects.create(
            case=case, status="identified", decided_on=date(2024, 3, 2),
            decided_by_organisation=cast.organisations["prosecution"], legal_basis="Law 27-14",
        )  # fmt: skip
    base = live_server.url
    _sign_in(page, base, "analyst")
    page.click("nav >> text=National statistics")
    page.select_option("#id_year", "2024")
    page.select_option("#id_region", "MA-06")
    total = page.locator('[data-testid="table-victims"] tr[data-row="all"] td[data-column="total"]')
    total.filter(has_text="8").wait_for()
    assert "region=MA-06" in page.url  # htmx pushed the filter into the address bar
    sexual = page.locator(
        '[data-testid="table-victims"] tr[data-row="form:sexual_exploitation"] td[data-column="total"]'
    )
    assert sexual.inner_text() == "<5"
    assert page.locator('[data-testid="table-victims"] svg, section figure svg').count() >= 1

    page.click('[data-testid="download-victims-csv"]')
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.fill("#id_password", PASSWORD)
    with page.expect_download() as download_info:
        page.click('form[action$="/accounts/reauthenticate/"] button[type=submit]')
    download = download_info.value
    assert download.suggested_filename == "sanad-victims-year2024-MA-06-published.csv"
    from pathlib import Path

    text = Path(download.path()).read_text(encoding="utf-8")
    assert "<5" in text
    assert ",8\r\n" in text or ",8\n" in text
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=cast.analyst).count() == 1
    assert page.console_errors == []


def test_coordinator_reads_morocco_history_and_rates_readiness(
    live_server: Any, transactional_cast: Cast, page: Any
) -> None:
    from playwright.sync_api import expect

    from sanad.tip.models import ReadinessRating
    from sanad.tip.services import install_shipped_history

    install_shipped_history()  # a transactional test's flush removed the data migration's history
    base = live_server.url
    _sign_in(page, base, "coordinator")
    page.click("nav >> text=TIP report")
    page.click('[data-testid="country-list"] >> text=Morocco')
    years = page.locator('[data-testid="history-table"] tr[data-year]')
    expect(years.first).to_have_attribute("data-year", "2001")
    assert years.count() >= 20
    assert page.locator('[data-testid="history-chart"] svg').count() == 1
    assert page.locator('[data-testid="outlook"]').is_visible()

    page.click(".subnav >> text=Readiness")
    form = page.locator('[data-testid="rating-form-C1"]')
    form.locator("select[name=rating]").select_option("partly")
    form.locator("textarea[name=note]").fill("Convictions fell; sentences stayed short.")
    form.locator("button[type=submit]").click()
    expect(page.locator('[data-testid="rating-form-C1"] [data-testid="rating-saved"]')).to_be_visible()
    rating = ReadinessRating.objects.get(criterion="C1")
    assert (rating.rating, rating.note) == ("partly", "Convictions fell; sentences stayed short.")
    assert rating.set_by == transactional_cast.coordinator
    assert page.url.startswith(f"{base}/tip-report/readiness/")  # saved in place, no page load
    assert page.console_errors == []


def test_reviewer_runs_linkage_watches_it_finish_and_unlinks_a_record(
    live_server: Any, transactional_cast: Cast, page: Any
) -> None:
    from datetime import date

    from playwright.sync_api import expect

    from sanad.people.models import BirthDatePrecision, Person
    from sanad.people.services import identity_indexes
    from tests.cast import PHONE_A

    cast = transactional_cast
    # The hotline registered unit A's Amina in Arabic script, with the same phone number.
    hotline_record = Person.objects.create(
        owning_organisation=cast.organisations["hotline"], given_name_ar="أمينة", family_name_ar="بن زيان",
        sex="female", birth_date=date(2003, 7, 1), birth_date_precision=BirthDatePrecision.YEAR,
        nationalities=["MAR"], phone=PHONE_A, **identity_indexes(phone=PHONE_A, document_number=""),
    )  # fmt: skip
    base = live_server.url
    _sign_in(page, base, "reviewer")
    page.click("nav >> text=Duplicates")
    expect(page.locator('[data-testid="persons"]')).to_have_text("4")
    page.click('[data-testid="start-run"] button')
    status = page.locator('[data-testid="run-status"]')
    expect(status).to_have_attribute("data-state", "done", timeout=60_000)
    expect(page.locator("#run-progress")).to_have_attribute("value", "100")
    assert "4 records, 3 persons" in page.locator('[data-testid="run-result"]').inner_text()

    page.click("text=Back to duplicates")
    expect(page.locator('[data-testid="persons"]')).to_have_text("3")
    page.click("text=Linked records")
    page.locator('[data-testid="links"] a').first.click()
    records = page.locator('[data-testid="record"]')
    expect(records).to_have_count(2)
    assert "بن زيان" in records.all_inner_texts()[0] + records.all_inner_texts()[1]
    hotline_index = 2 if cast.persons_a[0].created_at < hotline_record.created_at else 1
    form = page.locator(f'[data-testid="unlink-{hotline_index}"]')
    form.locator("textarea").fill("The caller was her sister, not her.")
    form.locator("button[type=submit]").click()
    expect(page.locator('[data-testid="record"]')).to_have_count(1)
    hotline_record.refresh_from_db()
    assert hotline_record.linked_to_id is None
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_IDENTITY, actor=cast.reviewer).count() == 2
    assert page.console_errors == []
