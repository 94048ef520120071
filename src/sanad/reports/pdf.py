"""The annual national report as a PDF: cover, contents, the commission's narrative, the national tables
after disclosure control with charts drawn from the same published figures, and a methods annex.

The report leaves the system, so every table goes through ``publish_table`` whatever the rights of whoever
asked for it, and the charts read the published cells, never the exact ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sanad.charts import builders, render
from sanad.documents.pdf import render_pdf
from sanad.identification.models import VictimStatus
from sanad.reports.models import SECTION_ORDER, JobStep, NarrativeSection, PeriodKind, Section
from sanad.statistics import disclosure
from sanad.statistics.justice import STAGES, stage_label
from sanad.statistics.periods import Period, period
from sanad.statistics.population import SHIPPED, population_file
from sanad.statistics.table import CellStatus, ShownTable
from sanad.statistics.tables import compute_tables
from sanad.statistics.victim_tables import detection_note, form_labels, sex_labels
from sanad.statistics.victims import AGE_GROUPS, GLOTIP_FORMS, SEXES, qualifying_statuses

Progress = Callable[[str, int], None]
# A table with more columns than this is printed on a landscape page.
PORTRAIT_COLUMNS = 7


def _no_progress(step: str, percent: int) -> None:
    return None


@dataclass
class Chart:
    anchor: str
    title: str
    svg: SafeString | None
    notes: list[str]


@dataclass
class TableBlock:
    anchor: str
    shown: ShownTable
    wide: bool

    @property
    def source(self) -> Any:
        return self.shown.source

    def rows(self) -> list[tuple[Any, list[str]]]:
        return list(zip(self.shown.source.rows, self.shown.display, strict=True))


def published_int(shown: ShownTable, row_key: str, column_key: str) -> int | None:
    """A count exactly as the published table prints it; None when the cell is hidden or holds no count."""
    table = shown.source
    row, column = table.row_index(row_key), table.column_index(column_key)
    if shown.status[row][column] != CellStatus.SHOWN:
        return None
    text = shown.display[row][column]
    return int(text) if text.isdigit() else None


def victims_chart(shown: ShownTable) -> Chart:
    """Detected victims by form and sex: a sex's bar adds the published age cells of that form, and is left
    out when one of them is hidden, since a partial sum would understate it."""
    forms, sexes = form_labels(), sex_labels()
    rows: list[dict[str, Any]] = []
    left_out: list[str] = []
    for form in GLOTIP_FORMS:
        for sex in SEXES:
            cells = [published_int(shown, f"form:{form}", f"{sex}:{age}") for age in AGE_GROUPS]
            if any(cell is None for cell in cells):
                left_out.append(_("%(form)s, %(sex)s") % {"form": forms[form], "sex": sexes[sex]})
                continue
            total = sum(cell or 0 for cell in cells)
            if total or sex in ("female", "male"):
                rows.append({"form": forms[form], "sex": sexes[sex], "victims": total})
    return _chart(
        "chart-victims",
        _("Detected victims by form of exploitation and sex"),
        builders.grouped_bars(
            rows,
            category="form",
            series="sex",
            value="victims",
            category_title=_("Form of exploitation"),
            value_title=_("Persons"),
        )
        if rows
        else None,
        left_out,
    )


def justice_chart(shown: ShownTable) -> Chart:
    rows: list[dict[str, Any]] = []
    left_out: list[str] = []
    for stage in STAGES:
        value = published_int(shown, stage, "total")
        if value is None:
            left_out.append(stage_label(stage))
        else:
            rows.append({"stage": stage_label(stage), "persons": value})
    return _chart(
        "chart-justice",
        _("Persons investigated, prosecuted and convicted"),
        builders.bar_chart(
            rows, category="stage", value="persons", category_title=_("Stage"), value_title=_("Persons")
        )
        if rows
        else None,
        left_out,
    )


def _chart(anchor: str, title: str, chart: Any, left_out: list[str]) -> Chart:
    notes = [_("Drawn from the published figures of the table of the same name.")]
    if left_out:
        notes.append(
            _("Left out because the figure is hidden by disclosure control: %(bars)s.")
            % {"bars": "; ".join(left_out)}
        )
    return Chart(anchor, title, render.printable(chart) if chart is not None else None, notes)


def methods(year: int, report_period: Period) -> list[tuple[str, list[str]]]:
    """The methods annex: (heading, paragraphs)."""
    k = disclosure.threshold()
    width = disclosure.protection_width()
    identified_only = qualifying_statuses() == (VictimStatus.IDENTIFIED,)
    source = population_file()
    if source == SHIPPED:
        population_source = _(
            "the general census figures of the Haut-Commissariat au Plan shipped with Sanad"
        )
    else:
        population_source = _("the population table configured by the commission (%(file)s)") % {
            "file": source.name
        }
    if report_period.kind == PeriodKind.TIP:
        period_text = _(
            "Figures are for the TIP reporting period from %(start)s to %(end)s unless a table says "
            "otherwise."
        ) % {"start": report_period.start.isoformat(), "end": report_period.end.isoformat()}
    else:
        period_text = _(
            "Figures are for the calendar year %(year)s, 1 January to 31 December, unless a table says "
            "otherwise."
        ) % {"year": year}
    return [
        (
            _("Counting units"),
            [
                _(
                    "Each table states its unit. Persons (detected victims, defendants), criminal cases, "
                    "referrals and hotline contacts are different units and are never added together: one "
                    "person can have several criminal cases, be referred to several services and call the "
                    "hotline several times."
                )
            ],
        ),
        (
            _("Periods"),
            [
                period_text,
                _(
                    "The TIP reporting period runs from 1 April to 31 March and is named by the year in "
                    "which it ends."
                ),
            ],
        ),
        (
            _("Who counts as a detected victim"),
            [
                _(
                    "A person counts as a detected victim in the period of her first identified status "
                    "decision by a competent authority."
                )
                if identified_only
                else _(
                    "A person counts as a detected victim in the period of her first presumed or identified "
                    "status decision by a competent authority."
                ),
                _(
                    "Age is her age on the date of that decision: a girl of 17 then counts as a child in "
                    "that period's tables even if she is an adult today. An unknown date of birth stays "
                    "unknown and is never guessed."
                ),
                _(
                    "Forms of exploitation are multi-valued: a victim of two forms counts once in each form "
                    "and once in the total, so the forms add up to more than all victims."
                ),
                _(
                    "Records of the same person registered by several organisations and linked as one "
                    "person count once."
                ),
                detection_note(),
            ],
        ),
        (
            _("Disclosure control"),
            [
                _(
                    'No count from 1 to %(last)s is published: such a count is shown as "<%(k)s" '
                    "(primary suppression)."
                )
                % {"last": k - 1, "k": k},
                _(
                    'Further cells are then shown as "x" (secondary suppression) until no hidden count can '
                    "be worked out from the totals of the table to an interval narrower than %(width)s."
                )
                % {"width": width},
                _(
                    'A rate, share or change computed from a hidden count is hidden as well. "—" means '
                    "that there is no value."
                ),
            ],
        ),
        (
            _("Population behind the SDG 16.2.2 rates"),
            [
                _(
                    "The rates set detected victims against the population of the same sex and age group, "
                    "per 100,000 inhabitants, from %(source)s. A year without its own population figure uses "
                    "the latest earlier year; the table says which year it used."
                )
                % {"source": population_source}
            ],
        ),
    ]


def narrative(year: int, language: str) -> list[dict[str, str]]:
    texts = dict(NarrativeSection.objects.filter(year=year, language=language).values_list("section", "text"))
    labels = dict(Section.choices)
    return [
        {
            "code": code,
            "anchor": f"section-{code}",
            "title": str(labels[code]),
            "text": texts.get(code, "").strip(),
        }
        for code in SECTION_ORDER
    ]


def annual_report_html(
    year: int, language: str, *, period_kind: str = PeriodKind.CALENDAR, progress: Progress = _no_progress
) -> str:
    """The report as one self-contained HTML document: every figure in it already published."""
    with translation.override(language):
        report_period = period(period_kind, year)
        progress(JobStep.TABLES, 5)
        tables = compute_tables(report_period)
        blocks = []
        for index, table in enumerate(tables):
            shown = disclosure.publish_table(table)
            blocks.append(
                TableBlock(f"table-{table.code}", shown, wide=len(table.columns) > PORTRAIT_COLUMNS)
            )
            progress(JobStep.TABLES, 5 + 45 * (index + 1) // len(tables))
        by_code = {block.source.code: block.shown for block in blocks}
        progress(JobStep.CHARTS, 55)
        charts = [victims_chart(by_code["victims"]), justice_chart(by_code["justice_persons"])]
        progress(JobStep.NARRATIVE, 70)
        return render_to_string(
            "reports/annual_report_pdf.html",
            {
                "year": year,
                "language": language,
                "rtl": translation.get_language_bidi(),
                "period": report_period,
                "generated_on": timezone.localdate(),
                "sections": narrative(year, language),
                "charts": charts,
                "tables": blocks,
                "methods": methods(year, report_period),
            },
        )


def annual_report_pdf(
    year: int, language: str, *, period_kind: str = PeriodKind.CALENDAR, progress: Progress = _no_progress
) -> bytes:
    """The annual report for ``year`` in ``language``; ``progress(step, percent)`` is told as it goes."""
    html = annual_report_html(year, language, period_kind=period_kind, progress=progress)
    progress(JobStep.RENDERING, 75)
    content = render_pdf(html)
    progress(JobStep.DONE, 100)
    return content
