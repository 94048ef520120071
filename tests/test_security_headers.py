"""Content-Security-Policy with nonces, the standard security headers, and no stack trace in a browser."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import path, reverse

from tests.cast import Cast


def test_pages_carry_a_strict_csp_and_security_headers(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    response = client.get(reverse("web:home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    nonce = re.search(r"script-src 'self' 'nonce-([\w+/=-]+)'", csp)
    assert nonce, csp
    assert f'"inlineScriptNonce": "{nonce.group(1)}"' in response.content.decode()
    assert "unsafe-inline" not in csp and "http" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert re.fullmatch(r"[0-9a-f-]{36}", response["X-Request-ID"])


def test_scripts_come_from_our_own_static_files(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    body = client.get(reverse("web:home")).content.decode()
    sources = re.findall(r'<script[^>]*src="([^"]+)"', body)
    assert sources and all(source.startswith("/static/") for source in sources)
    assert "<script>" not in body  # no inline script without a nonce


def _explode(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("secret detail that must not reach the browser")


urlpatterns = [path("explode/", _explode)]


@pytest.mark.urls("tests.test_security_headers")
def test_server_errors_show_no_stack_trace(db: None) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/explode/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Traceback" not in body and "secret detail" not in body
    assert "Something went wrong" in body
