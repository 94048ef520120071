"""Sanad's own deployment checks (`sanad check --deploy`), beside Django's: what must be true before real
identities are typed in. Django warns about some of these; Sanad makes them errors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

PROCESS_CACHE = "django.core.cache.backends.locmem.LocMemCache"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "*"}
CONSOLE_MAIL = "django.core.mail.backends.console.EmailBackend"


@register(Tags.security, deploy=True)
def check_deployment(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if settings.DEBUG:
        problems.append(Error("SANAD_DEBUG is on: error pages would show data.", id="sanad.S010"))
    hosts = set(settings.ALLOWED_HOSTS)
    if not hosts or hosts <= LOCAL_HOSTS or "*" in hosts:
        problems.append(
            Error(
                "SANAD_ALLOWED_HOSTS names no public host (or allows every host).",
                hint="Set SANAD_ALLOWED_HOSTS to the server's name, e.g. sanad.example.org.",
                id="sanad.S011",
            )
        )
    if not settings.SECURE_SSL_REDIRECT or not settings.SESSION_COOKIE_SECURE:
        problems.append(
            Error(
                "SANAD_HTTPS is off: passwords, codes and identities would travel in clear.",
                hint="Serve Sanad behind TLS and set SANAD_HTTPS=true.",
                id="sanad.S012",
            )
        )
    if not str(settings.SANAD_SITE_URL).startswith("https://"):
        problems.append(
            Warning(
                "SANAD_SITE_URL is not an https:// address: links in referral e-mails would not be secure.",
                id="sanad.S013",
            )
        )
    if settings.EMAIL_BACKEND == CONSOLE_MAIL:
        problems.append(
            Warning(
                "E-mails go to the console: referral notifications would be lost.",
                hint="Set SANAD_EMAIL_BACKEND and Django's EMAIL_HOST settings.",
                id="sanad.S014",
            )
        )
    if settings.CACHES["default"]["BACKEND"] == PROCESS_CACHE:
        problems.append(
            Warning(
                "Each server process keeps its own cache: a two-factor code could be used once per process "
                "and the tip-form limit is counted per process.",
                hint="Set SANAD_CACHE=database and run `sanad createcachetable` once.",
                id="sanad.S015",
            )
        )
    return problems
