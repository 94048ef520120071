"""Readiness for a TIP reporting period: for each minimum standard and each criterion of 22 U.S.C. 7106, the
evidence Sanad holds for the period beside the previous one, with its trend; the coordinator's rating and
note; and the Watch List question ("does the data show increasing efforts over the previous period?").

Every figure is a row of the statistics module's TIP submission table for the same period: readiness adds no
counting rule of its own, and the user sees it exactly or after disclosure control as she sees that table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad import money
from sanad.access import policy
from sanad.plans.models import Measure, ProgressReport, Recommendation, RecommendationStatus, ReportState
from sanad.statistics.charts import shown_number
from sanad.statistics.disclosure import shown_table
from sanad.statistics.periods import Period, tip_period
from sanad.statistics.table import ShownTable
from sanad.statistics.tables import compute_table
from sanad.tip.models import ReadinessRating

PREVIOUS, CURRENT, CHANGE = 0, 1, 2
UP, DOWN, SAME = "up", "down", "same"
PROSECUTION_SECTORS = ("police", "gendarmerie", "prosecutors", "judges")
PROTECTION_SECTORS = ("social_workers", "health_staff", "ngo_staff", "labour_inspectors")
# Figures where more is not better: a rise is a worse year.
LOWER_IS_BETTER = frozenset({"sentences_fully_suspended", "victims_penalised"})


@dataclass(frozen=True)
class Criterion:
    code: str
    statute: str
    pillar: str
    title: Promise
    summary: Promise
    evidence: tuple[str, ...]  # row keys of the TIP submission table
    plan_evidence: bool = False


def _trained(*sectors: str) -> tuple[str, ...]:
    return tuple(f"trained:{sector}" for sector in sectors)


PROSECUTION = ("persons_investigated", "persons_prosecuted", "persons_convicted")
SENTENCES = ("sentenced_one_year_or_more", "sentences_fully_suspended")
PROTECTION = (
    "victims_identified",
    "child_victims",
    "foreign_victims",
    "referrals_accepted",
    "consents_to_referral",
    "services_delivered",
    "shelter_admissions",
    "victims_penalised",
)

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "MS1",
        "22 U.S.C. 7106(a)(1)",
        "standard",
        gettext_lazy("Prohibit and punish severe forms of trafficking"),
        gettext_lazy("The law prohibits severe forms of trafficking in persons and the State punishes them."),
        ("persons_prosecuted_under_law", "persons_convicted_under_law"),
    ),
    Criterion(
        "MS2",
        "22 U.S.C. 7106(a)(2)",
        "standard",
        gettext_lazy("Penalties for the gravest forms commensurate with grave crimes"),
        gettext_lazy(
            "Sex trafficking by force, fraud or coercion, trafficking of children, and trafficking with "
            "rape, kidnapping or death are punished as severely as grave crimes such as rape."
        ),
        SENTENCES,
    ),
    Criterion(
        "MS3",
        "22 U.S.C. 7106(a)(3)",
        "standard",
        gettext_lazy("Penalties stringent enough to deter"),
        gettext_lazy("Penalties for every severe form deter and reflect the heinous nature of the offence."),
        SENTENCES,
    ),
    Criterion(
        "MS4",
        "22 U.S.C. 7106(a)(4)",
        "standard",
        gettext_lazy("Serious and sustained efforts to eliminate trafficking"),
        gettext_lazy("Judged against the twelve criteria below; the summary above sets out the trends."),
        (),
    ),
    Criterion(
        "C1",
        "22 U.S.C. 7106(b)(1)",
        "prosecution",
        gettext_lazy("Vigorous investigation, prosecution, conviction and sentencing"),
        gettext_lazy(
            "Traffickers are investigated, prosecuted, convicted and sentenced, with prison terms where "
            "appropriate; a government that gives no data is presumed not to act vigorously."
        ),
        (
            *PROSECUTION,
            "cases_investigated",
            "cases_prosecuted",
            "cases_convicted",
            *SENTENCES,
            *_trained(*PROSECUTION_SECTORS),
        ),
    ),
    Criterion(
        "C2",
        "22 U.S.C. 7106(b)(2)",
        "protection",
        gettext_lazy("Victim protection and non-penalisation"),
        gettext_lazy(
            "Victims are identified and protected, helped to take part in proceedings, offered legal "
            "alternatives to removal, and not penalised for acts they were compelled to commit."
        ),
        (*PROTECTION, *_trained(*PROTECTION_SECTORS)),
    ),
    Criterion(
        "C3",
        "22 U.S.C. 7106(b)(3)",
        "prevention",
        gettext_lazy("Prevention"),
        gettext_lazy(
            "Public information and education, measures against forced and child labour, and the "
            "training of officials."
        ),
        ("campaigns_run", "persons_trained", "hotline_contacts"),
    ),
    Criterion(
        "C4",
        "22 U.S.C. 7106(b)(4)",
        "partnership",
        gettext_lazy("Cooperation with other governments"),
        gettext_lazy("Cooperation in investigations and prosecutions with other governments."),
        (),
    ),
    Criterion(
        "C5",
        "22 U.S.C. 7106(b)(5)",
        "prosecution",
        gettext_lazy("Extradition"),
        gettext_lazy(
            "Persons charged with trafficking are extradited on the same terms as for other crimes."
        ),
        (),
    ),
    Criterion(
        "C6",
        "22 U.S.C. 7106(b)(6)",
        "prevention",
        gettext_lazy("Monitoring migration patterns"),
        gettext_lazy("Immigration and emigration are monitored for evidence of trafficking."),
        _trained("consular_staff"),
    ),
    Criterion(
        "C7",
        "22 U.S.C. 7106(b)(7)",
        "prosecution",
        gettext_lazy("Official complicity"),
        gettext_lazy(
            "Public officials who take part in or facilitate trafficking are investigated and punished."
        ),
        ("officials_investigated", "officials_prosecuted", "officials_convicted"),
    ),
    Criterion(
        "C8",
        "22 U.S.C. 7106(b)(8)",
        "context",
        gettext_lazy("Share of non-citizen victims"),
        gettext_lazy("Which share of the victims are non-citizens of the country."),
        ("victims_identified", "foreign_victims"),
    ),
    Criterion(
        "C9",
        "22 U.S.C. 7106(b)(9)",
        "partnership",
        gettext_lazy("Partnerships with measurable outcomes"),
        gettext_lazy(
            "Effective and transparent partnerships with civil society and others, with measurable outcomes."
        ),
        ("referrals_accepted", "services_delivered"),
    ),
    Criterion(
        "C10",
        "22 U.S.C. 7106(b)(10)",
        "governance",
        gettext_lazy("Self-monitoring and periodic public assessment"),
        gettext_lazy("The government monitors its own efforts and publishes a periodic assessment of them."),
        (),
        plan_evidence=True,
    ),
    Criterion(
        "C11",
        "22 U.S.C. 7106(b)(11)",
        "governance",
        gettext_lazy("Appreciable progress over the previous year"),
        gettext_lazy("Appreciable progress compared with the previous year's assessment."),
        (),
        plan_evidence=True,
    ),
    Criterion(
        "C12",
        "22 U.S.C. 7106(b)(12)",
        "prevention",
        gettext_lazy("Reducing the demand for commercial sex and sex tourism"),
        gettext_lazy(
            "Serious and sustained efforts to reduce the demand for commercial sex acts and for "
            "international sex tourism by nationals."
        ),
        ("campaigns_run",),
    ),
)
CRITERIA_BY_CODE = {criterion.code: criterion for criterion in CRITERIA}


def current_period_year(today: date) -> int:
    """The TIP reporting period under way: 1 April to 31 March, named by the year it ends."""
    return today.year + 1 if (today.month, today.day) >= (4, 1) else today.year


@dataclass(frozen=True)
class Evidence:
    key: str
    label: str
    previous: str  # as the user may see it ("<5" after disclosure control)
    current: str
    change: str
    trend: str | None  # UP, DOWN, SAME; None when a hidden cell would be needed
    better: bool | None  # whether the trend is an improvement


@dataclass(frozen=True)
class PlanEvidence:
    measures_running: int
    measures_by_status: list[tuple[str, int]]
    budget_planned: str
    budget_spent: str
    reports_approved: int
    recommendations: list[Recommendation]
    recommendations_by_status: list[tuple[str, int]]


@dataclass(frozen=True)
class CriterionReadiness:
    criterion: Criterion
    evidence: list[Evidence]
    rating: ReadinessRating | None


@dataclass(frozen=True)
class Readiness:
    period: Period
    previous: Period
    exact: bool
    criteria: list[CriterionReadiness]
    went_up: list[Evidence]
    went_down: list[Evidence]
    plans: PlanEvidence

    @property
    def increasing_efforts(self) -> bool | None:
        """Yes when more figures improved than worsened; None when nothing comparable is shown."""
        better = sum(1 for item in self.went_up + self.went_down if item.better)
        worse = sum(1 for item in self.went_up + self.went_down if item.better is False)
        if better == worse == 0:
            return None
        return better > worse


def _evidence(shown: ShownTable) -> dict[str, Evidence]:
    found: dict[str, Evidence] = {}
    parent = ""
    for index, row in enumerate(shown.source.rows):
        if row.key.startswith("pillar:"):
            continue
        if row.level <= 1:
            parent = row.label
        # A breakdown row ("Police") says what it breaks down when it stands alone in the summary.
        label = row.label
        if row.level > 1:
            label = _("%(total)s: %(part)s") % {"total": parent, "part": row.label}
        before, now = shown_number(shown, index, PREVIOUS), shown_number(shown, index, CURRENT)
        trend = better = None
        if before is not None and now is not None:
            trend = UP if now > before else DOWN if now < before else SAME
            improved = now > before if row.key not in LOWER_IS_BETTER else now < before
            better = None if trend == SAME else improved
        found[row.key] = Evidence(
            key=row.key,
            label=label,
            previous=shown.display[index][PREVIOUS],
            current=shown.display[index][CURRENT],
            change=shown.display[index][CHANGE],
            trend=trend,
            better=better,
        )
    return found


def plan_evidence(period: Period) -> PlanEvidence:
    """The national plan in the period: measures running, their budget, approved progress reports, and the
    status of the latest TIP report's prioritized recommendations."""
    running = Measure.objects.filter(starts_on__lte=period.end, ends_on__gte=period.start)
    totals = running.aggregate(planned=Sum("budget_planned_minor"), spent=Sum("budget_spent_minor"))
    currencies = set(running.values_list("objective__axis__plan__currency", flat=True))
    currency = currencies.pop() if len(currencies) == 1 else ""
    statuses = dict(Measure._meta.get_field("status").flatchoices)
    by_status = running.values("status").annotate(count=Count("id")).order_by("status")
    approved = ProgressReport.objects.filter(
        state=ReportState.APPROVED, reviewed_at__date__gte=period.start, reviewed_at__date__lte=period.end
    ).count()
    latest = Recommendation.objects.filter(Q(source__icontains="TIP")).order_by("-report_year").first()
    recommendations = (
        list(
            Recommendation.objects.filter(source=latest.source, report_year=latest.report_year).order_by(
                "priority"
            )
        )
        if latest
        else []
    )
    return PlanEvidence(
        measures_running=running.count(),
        measures_by_status=[
            (str(statuses.get(row["status"], row["status"])), row["count"]) for row in by_status
        ],
        budget_planned=money.display(totals["planned"], currency),
        budget_spent=money.display(totals["spent"], currency),
        reports_approved=approved,
        recommendations=recommendations,
        recommendations_by_status=[
            (str(label), sum(1 for r in recommendations if r.status == value))
            for value, label in RecommendationStatus.choices
        ],
    )


def readiness(*, user: Any, period_year: int) -> Readiness:
    policy.require(user, "tip.view")
    period = tip_period(period_year)
    exact = policy.sees_exact_national_figures(user)
    shown = shown_table(compute_table("tip_submission", period=period, region=""), exact=exact)
    evidence = _evidence(shown)
    # Each rating names who set it: read with the ratings, not once per criterion.
    found = ReadinessRating.objects.filter(period_year=period_year).select_related("set_by")
    ratings = {rating.criterion: rating for rating in found}
    criteria = [
        CriterionReadiness(
            criterion,
            [evidence[key] for key in criterion.evidence if key in evidence],
            ratings.get(criterion.code),
        )
        for criterion in CRITERIA
    ]
    compared = [item for item in evidence.values() if item.trend in (UP, DOWN)]
    return Readiness(
        period=period,
        previous=tip_period(period_year - 1),
        exact=exact,
        criteria=criteria,
        went_up=[item for item in compared if item.trend == UP],
        went_down=[item for item in compared if item.trend == DOWN],
        plans=plan_evidence(period),
    )


def pillar_label(pillar: str) -> str:
    return str(
        {
            "standard": _("Minimum standard"),
            "prosecution": _("Prosecution"),
            "protection": _("Protection"),
            "prevention": _("Prevention"),
            "partnership": _("Partnership"),
            "context": _("Context"),
            "governance": _("Governance"),
        }.get(pillar, pillar)
    )
