"""The draft of the government's annual submission to the TIP report, in the report's structure:
prosecution, protection, prevention, then the minimum standards and the national plan, each with its
figures for the period beside the previous one and the commission's ratings and notes.

The draft leaves the system, so its figures are always the published ones (after disclosure control),
whatever the rights of whoever asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanad.documents.pdf import render_pdf
from sanad.documents.spreadsheet import workbook
from sanad.statistics.disclosure import publish_table, threshold
from sanad.statistics.periods import Period, tip_period
from sanad.statistics.tables import compute_table
from sanad.tip.models import Rating, ReadinessRating
from sanad.tip.readiness import CRITERIA, PlanEvidence, plan_evidence

PILLARS = ("prosecution", "protection", "prevention")
FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class FigureLine:
    label: str
    previous: str
    current: str
    change: str


@dataclass(frozen=True)
class CommissionNote:
    code: str
    statute: str
    title: str
    rating: str
    note: str


@dataclass(frozen=True)
class SubmissionSection:
    anchor: str
    title: str
    figures: list[FigureLine]
    notes: list[CommissionNote]


@dataclass(frozen=True)
class Submission:
    period: Period
    previous: Period
    sections: list[SubmissionSection]
    plans: PlanEvidence
    recommendations: list[tuple[int, str, str]]  # (priority, text in the language, status)
    threshold: int
    language: str


def _titles() -> dict[str, str]:
    return {
        "prosecution": _("Prosecution"),
        "protection": _("Protection"),
        "prevention": _("Prevention"),
        "standards": _("Minimum standards and other criteria"),
    }


def build_submission(period_year: int, language: str) -> Submission:
    """The submission's content in ``language``; figures from the published TIP submission table."""
    with translation.override(language):
        period = tip_period(period_year)
        shown = publish_table(compute_table("tip_submission", period=period, region=""))
        figures: dict[str, list[FigureLine]] = {pillar: [] for pillar in PILLARS}
        pillar = ""
        for row, cells in zip(shown.source.rows, shown.display, strict=True):
            if row.key.startswith("pillar:"):
                pillar = row.key.split(":", 1)[1]
                continue
            figures[pillar].append(FigureLine(row.label, *cells))
        ratings = {r.criterion: r for r in ReadinessRating.objects.filter(period_year=period_year)}
        labels = dict(Rating.choices)
        notes: dict[str, list[CommissionNote]] = {pillar: [] for pillar in (*PILLARS, "standards")}
        for criterion in CRITERIA:
            rating = ratings.get(criterion.code)
            section = criterion.pillar if criterion.pillar in PILLARS else "standards"
            notes[section].append(
                CommissionNote(
                    code=criterion.code,
                    statute=criterion.statute,
                    title=str(criterion.title),
                    rating=str(labels[rating.rating]) if rating else _("Not rated yet"),
                    note=rating.note if rating else "",
                )
            )
        titles = _titles()
        sections = [
            SubmissionSection(name, titles[name], figures.get(name, []), notes[name])
            for name in (*PILLARS, "standards")
        ]
        plans = plan_evidence(period)
        return Submission(
            period=period,
            previous=tip_period(period_year - 1),
            sections=sections,
            plans=plans,
            recommendations=[
                (r.priority, r.text_in(language), str(r.get_status_display())) for r in plans.recommendations
            ],
            threshold=threshold(),
            language=language,
        )


def submission_pdf(period_year: int, language: str) -> bytes:
    submission = build_submission(period_year, language)
    with translation.override(language):
        html = render_to_string(
            "tip/submission_pdf.html",
            {
                "submission": submission,
                "language": language,
                "rtl": language == "ar",
                "generated_on": timezone.localdate(),
            },
        )
    return render_pdf(html)


def submission_xlsx(period_year: int, language: str) -> bytes:
    submission = build_submission(period_year, language)
    with translation.override(language):
        header = [
            _("Figure"),
            submission.previous.label,
            submission.period.label,
            _("Change from the previous period"),
        ]
        note_header = [_("Criterion"), _("Statute"), _("Title"), _("Rating"), _("Commission's note")]
        sheets: list[tuple[str, list[str], list[list[str]]]] = []
        for section in submission.sections:
            if section.figures:
                sheets.append(
                    (
                        section.title,
                        header,
                        [[f.label, f.previous, f.current, f.change] for f in section.figures],
                    )
                )
        sheets.append(
            (
                _("Commission's notes"),
                note_header,
                [
                    [n.code, n.statute, n.title, n.rating, n.note]
                    for s in submission.sections
                    for n in s.notes
                ],
            )
        )
        sheets.append(
            (
                _("Recommendations"),
                [_("Priority"), _("Recommendation"), _("Status")],
                [[str(priority), text, status] for priority, text, status in submission.recommendations],
            )
        )
        return workbook(sheets, rtl=language == "ar")


def file_name(period_year: int, language: str, file_format: str) -> str:
    return f"sanad-tip-submission-{period_year}-{language}.{file_format}"
