"""National plans on the demo data set: the plan page, its dashboard (three server-rendered charts), the
recommendations outlook (every computed indicator for every year), a measure page, and the XLSX and PDF
exports of the 2023-2030 strategy (40 measures, 58 indicators across both plans).

Server time is measured around Django's test client. Set SANAD_DATABASE_URL to a PostgreSQL database to
measure there; by default a temporary SQLite file.
"""

from __future__ import annotations

import secrets
import time

from benchkit import percentile, start_django, timed_get

start_django()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from sanad.accounts.models import User  # noqa: E402
from sanad.demo.generator import create_demo  # noqa: E402
from sanad.plans.models import Indicator, Measure, Plan  # noqa: E402

ROUNDS = 15
EXPORT_ROUNDS = 3
# Goals for one modest server (2 cores): pages a coordinator opens many times a day, exports once.
GOALS_MS = {
    "plan page": 300,
    "plan dashboard": 1500,
    "recommendations outlook": 1500,
    "measure page": 500,
    "progress XLSX": 2000,
    "progress PDF (fr)": 5000,
    "progress PDF (ar)": 5000,
}


def _result(name: str, times: list[float]) -> None:
    p95 = percentile(times, 0.95)
    print(f"{name}: median {times[len(times) // 2]:.0f} ms, p95 {p95:.0f} ms over {len(times)} requests")
    print(f"RESULT\tplans: {name} p95\t{p95:.1f}\tms\t{GOALS_MS[name]}\tlower")


def _timed_download(client: Client, url: str) -> list[float]:
    times = []
    for _ in range(EXPORT_ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return sorted(times)


def main() -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    # Nobody signs in with these logins: the benchmark forces the session of a demo user.
    create_demo(seed=2014, password=secrets.token_urlsafe(16))
    print(f"demo data loaded in {time.perf_counter() - started:.1f} s")
    strategy = Plan.objects.get(code="strategy-2023-2030")
    print(
        f"{Measure.objects.count()} measures, {Indicator.objects.count()} indicators "
        f"({Indicator.objects.filter(source='computed').count()} computed)"
    )
    coordinator = User.objects.filter(membership__roles__code="coordinator").first()
    client = Client()
    client.force_login(coordinator)
    measure = Measure.objects.filter(objective__axis__plan=strategy, indicators__source="computed").first()
    assert measure is not None
    _result("plan page", timed_get(client, reverse("plans:detail", args=[strategy.pk]), rounds=ROUNDS))
    _result(
        "plan dashboard", timed_get(client, reverse("plans:dashboard", args=[strategy.pk]), rounds=ROUNDS)
    )
    _result("recommendations outlook", timed_get(client, reverse("plans:outlook"), rounds=ROUNDS))
    _result("measure page", timed_get(client, reverse("plans:measure", args=[measure.pk]), rounds=ROUNDS))
    _result("progress XLSX", _timed_download(client, reverse("plans:export_xlsx", args=[strategy.pk])))
    for language in ("fr", "ar"):
        url = reverse("plans:export_pdf", args=[strategy.pk, language])
        _result(f"progress PDF ({language})", _timed_download(client, url))


if __name__ == "__main__":
    main()
