"""The public anonymous tip form: no login, three languages, limits, a honeypot, and nothing revealed back."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from sanad.audit.models import AuditAction, AuditEvent
from sanad.hotline.models import Channel, Contact, ReporterRelation, TriageState
from tests.cast import Cast

TIP = "Des enfants mendient tous les jours devant la gare, un homme récupère l'argent le soir."
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _tips() -> list[Contact]:
    return list(Contact.objects.filter(channel=Channel.WEB_FORM))


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("fr", "Signaler une situation de traite"),
        ("ar", "الإبلاغ عن حالة اتجار"),
        ("en", "Report a situation of trafficking"),
    ],
)
def test_the_form_speaks_french_arabic_and_english(
    cast: Cast, client: Client, language: str, heading: str
) -> None:
    response = client.get(reverse("public:tip"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    body = response.content.decode()
    assert heading in body
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in body


def test_a_tip_becomes_a_new_anonymous_contact_and_only_a_reference_comes_back(
    cast: Cast, client: Client
) -> None:
    response = client.post(
        reverse("public:tip"), {"narrative": TIP, "region": "MA-06", "callback_number": ""}
    )
    assert response.status_code == 200
    (contact,) = _tips()
    assert contact.state == TriageState.NEW and contact.reporter_relation == ReporterRelation.ANONYMOUS
    assert contact.hotline == cast.organisations["hotline"] and contact.recorded_by is None
    assert contact.narrative == TIP
    body = response.content.decode()
    assert contact.reference in body
    assert "mendient" not in body and "gare" not in body  # nothing of what was sent is echoed


def test_script_is_stored_as_text_and_shown_escaped_to_the_operator(cast: Cast, client: Client) -> None:
    client.post(reverse("public:tip"), {"narrative": SCRIPT, "region": ""})
    (contact,) = _tips()
    assert contact.narrative == SCRIPT
    client.force_login(cast.operator)
    body = client.get(reverse("hotline:detail", args=[contact.pk])).content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert" in body


def test_missing_fields_get_clear_errors_and_nothing_is_stored(cast: Cast, client: Client) -> None:
    response = client.post(reverse("public:tip"), {"narrative": "  ", "region": "MA-99"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"narrative", "region"}
    assert _tips() == []


def test_an_oversized_body_is_refused_before_anything_is_stored(cast: Cast, client: Client) -> None:
    response = client.post(reverse("public:tip"), {"narrative": "x" * 70_000})
    assert response.status_code == 413
    assert _tips() == []
    # Within the request limit but above the field limit: a form error, nothing stored.
    response = client.post(reverse("public:tip"), {"narrative": "x" * 6_000})
    assert response.status_code == 400 and "narrative" in response.context["form"].errors
    assert _tips() == []


@override_settings(SANAD_TIP_LIMIT_PER_HOUR=3)
def test_a_flood_from_one_address_is_refused_after_the_limit(cast: Cast, client: Client) -> None:
    statuses = [client.post(reverse("public:tip"), {"narrative": f"{TIP} {n}"}).status_code for n in range(6)]
    assert statuses == [200, 200, 200, 429, 429, 429]
    assert len(_tips()) == 3
    # Another address is not held back by the first one's flood.
    other = client.post(reverse("public:tip"), {"narrative": TIP}, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 200 and len(_tips()) == 4


def test_the_honeypot_swallows_bots_without_telling_them(cast: Cast, client: Client) -> None:
    response = client.post(reverse("public:tip"), {"narrative": TIP, "leave_empty": "http://spam.example"})
    assert response.status_code == 200 and 'data-testid="tip-reference"' in response.content.decode()
    assert _tips() == []


@override_settings(SANAD_TIP_HOTLINE="")
def test_without_one_clear_hotline_the_form_says_it_is_unavailable(cast: Cast, client: Client) -> None:
    # The cast has two hotlines: without a setting Sanad does not guess which one receives tips.
    response = client.post(reverse("public:tip"), {"narrative": TIP})
    assert response.status_code == 503 and _tips() == []


def test_a_long_arabic_tip_within_the_field_limit_is_accepted(cast: Cast, client: Client) -> None:
    # URL-encoded Arabic takes about six bytes a character: 4,500 characters must still get through.
    arabic = ("أطفال يتسولون أمام المحطة كل يوم " * 200)[:4500]
    response = client.post(reverse("public:tip"), {"narrative": arabic})
    assert response.status_code == 200
    assert _tips()[0].narrative == arabic


def test_the_tipsters_address_is_not_kept_with_the_tip(cast: Cast, client: Client) -> None:
    client.post(reverse("public:tip"), {"narrative": TIP}, REMOTE_ADDR="203.0.113.9")
    (contact,) = _tips()
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(contact.pk))
    assert event.ip_address is None and event.actor is None


@override_settings(SANAD_TIP_LIMIT_PER_HOUR=2, SANAD_TRUSTED_PROXIES=1)
def test_behind_a_proxy_each_client_is_counted_on_its_own(cast: Cast, client: Client) -> None:
    def send(forwarded: str) -> int:
        return client.post(
            reverse("public:tip"), {"narrative": TIP}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    # The proxy's own address is shared by everyone: the limit follows the forwarded client instead.
    assert [send("198.51.100.7"), send("198.51.100.7"), send("198.51.100.7")] == [200, 200, 429]
    assert send("198.51.100.8") == 200
    # A client cannot escape by writing its own X-Forwarded-For entries to the left of the proxy's.
    assert send("1.2.3.4, 198.51.100.7") == 429
    # IPv6 addresses of one /64 (one home, one phone) count together.
    assert [send("2001:db8:1:2::a"), send("2001:db8:1:2::b"), send("2001:db8:1:2::c")] == [200, 200, 429]
