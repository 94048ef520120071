"""Real headless Chromium (Debian's package) driven by Playwright against a live Sanad server."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

from sanad.audit.models import AuditAction, AuditEvent
from tests.cast import PASSWORD, Cast
from tests.conftest import require_component

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
    page.wait_for_selector('[data-tier="identity"]')
    assert page.locator("text=Benziane").is_visible()
    assert page.locator("text=بن زيان").is_visible()
    event = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS)
    assert event.reason == REASON and event.actor == cast.coordinator
    assert event.object_id == str(cast.case_a.pk)
