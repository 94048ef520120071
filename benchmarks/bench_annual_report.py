"""Time to generate the annual national report as a PDF (goal of issue 7: under 15 s), on the demo data set,
in French and in Arabic: the tables computed with disclosure control, the charts drawn, WeasyPrint's layout.

Median of 3 runs per language after a warm-up run (fonts and catalogues loaded once, as in a running server).
Each PDF is opened with pypdf and its pages counted, so a blank or broken file would not pass for a fast one.
"""

from __future__ import annotations

import io
import os
import statistics
import time

from benchkit import start_django

start_django(database_from_environment=False)

from django.core.management import call_command  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from sanad.reports.pdf import annual_report_pdf  # noqa: E402

YEAR = 2025
ROUNDS = 3
GOAL_S = 15

call_command("migrate", verbosity=0)
call_command("demo", "--password", "benchmark password", stdout=open(os.devnull, "w"))  # noqa: SIM115
annual_report_pdf(YEAR, "fr")
for language in ("fr", "ar"):
    times, pages = [], 0
    for _round in range(ROUNDS):
        started = time.perf_counter()
        content = annual_report_pdf(YEAR, language)
        times.append(time.perf_counter() - started)
        pages = len(PdfReader(io.BytesIO(content)).pages)
    median = statistics.median(times)
    print(
        f"# annual report {YEAR} ({language}): {pages} pages, {len(content) / 1024:,.0f} KiB, median {median:.2f} s"
    )
    print(
        f"RESULT\tannual report PDF {YEAR} ({language}, demo data, {pages} pages)\t{median:.2f}\ts\t{GOAL_S}\tlower"
    )
