"""What the demo plans say: the 2023-2030 national strategy and the 2024-2025 action plan that implements it
(objectives, measures, who is responsible, indicators), and the prioritized recommendations of the TIP reports
the action plan answers.

The measures are invented but follow the themes of Morocco's strategy and of the TIP reports (shared facts
§2 and §4): the identification guide and the national referral mechanism approved in March 2023, the shelter
in Fès completed but not yet open, the commission short of staff. The recommendation texts quoted in English
are the published wording as far as it was retrieved (a cut-off text ends with "…"); the others are written
for the demo from the recurring themes of the reports, and marked as synthetic.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

# How a measure's progress reports read over time (see demo/plans.py).
STEADY = "steady"  # on track, done at its last period
EARLY = "early"  # not started at its first period, then on track
LATE = "late"  # on track at first, then delayed
STALLED = "stalled"  # not started, then delayed
CANCELLED = "cancelled"  # on track at first, then cancelled


@dataclass(frozen=True)
class Manual:
    """An indicator entered in each report; its yearly targets go in a straight line from the baseline at
    the measure's start to ``target`` at its end."""

    name: str
    unit: str
    baseline: int
    baseline_year: int
    target: int
    direction: str = "increase"


@dataclass(frozen=True)
class Computed:
    statistic: str  # a code of sanad.statistics.indicators.STATISTICS


# Name and unit of the computed indicators, by statistic.
COMPUTED_NAMES = {
    "victims_identified": ("Victimes identifiées (statistique nationale)", "personnes"),
    "persons_investigated": ("Personnes mises en cause dans une enquête", "personnes"),
    "persons_prosecuted": ("Personnes poursuivies", "personnes"),
    "persons_convicted": ("Personnes condamnées", "personnes"),
    "referrals_accepted_in_time": ("Orientations acceptées dans les délais", "%"),
    "hotline_contacts": ("Contacts reçus par la ligne d'écoute", "contacts"),
    "persons_trained": ("Professionnels formés (participations)", "participants"),
    "campaigns_run": ("Campagnes de sensibilisation menées", "campagnes"),
}


@dataclass(frozen=True)
class MeasureSpec:
    code: str  # axis.objective.measure: the axis by its first digit, the objective by the first two
    title: str
    responsible: str  # organisation short code
    partners: tuple[str, ...]
    start: str  # "YYYY-MM": from the first day of the month
    end: str  # "YYYY-MM": to the last day of the month
    budget: int  # planned, in dirhams
    profile: str
    indicators: tuple[Manual | Computed, ...] = ()

    @property
    def objective(self) -> str:
        return self.code.rsplit(".", 1)[0]

    @property
    def starts_on(self) -> date:
        year, month = map(int, self.start.split("-"))
        return date(year, month, 1)

    @property
    def ends_on(self) -> date:
        year, month = map(int, self.end.split("-"))
        return date(year, month, monthrange(year, month)[1])


@dataclass(frozen=True)
class PlanSpec:
    code: str
    kind: str
    title: str
    starts_on: date
    ends_on: date
    reporting: str
    objectives: dict[str, str]
    measures: tuple[MeasureSpec, ...]


M = MeasureSpec
STRATEGY = PlanSpec(
    "strategy-2023-2030", "strategy", "Stratégie nationale de lutte contre la traite des êtres humains 2023-2030",
    date(2023, 1, 1), date(2030, 12, 31), "yearly",
    {
        "1.1": "Sensibiliser le grand public et les populations vulnérables aux risques de la traite",
        "1.2": "Réduire la vulnérabilité à l'exploitation par le travail",
        "1.3": "Prévenir la traite en ligne et l'exploitation des enfants",
        "2.1": "Identifier les victimes de manière proactive",
        "2.2": "Héberger et accompagner les victimes",
        "2.3": "Orienter et prendre en charge les victimes par le mécanisme national d'orientation",
        "3.1": "Renforcer les enquêtes",
        "3.2": "Poursuivre et juger les auteurs",
        "3.3": "Protéger les victimes et les témoins pendant la procédure",
        "4.1": "Coordonner l'action nationale",
        "4.2": "Coopérer avec les pays partenaires et les organisations internationales",
        "4.3": "Associer la société civile et le secteur privé",
    },
    (
        M("1.1.1", "Campagne nationale de sensibilisation dans les écoles", "min-education", ("cnclt",),
          "2024-01", "2027-06", 2_500_000, STEADY,
          (Computed("campaigns_run"),
           Manual("Établissements scolaires ayant accueilli la campagne", "établissements", 0, 2023, 1200))),
        M("1.1.2", "Diffuser des spots radio et télévisés en arabe, en amazighe et en français", "cnclt", ("io-rabat",),
          "2024-01", "2030-12", 1_800_000, STEADY, (Computed("campaigns_run"),)),
        M("1.1.3", "Mettre en place un numéro vert dédié", "cnclt", ("hotline",), "2023-03", "2024-06", 900_000,
          STEADY, (Manual("Heures d'ouverture par semaine", "heures", 0, 2022, 84),)),
        M("1.1.4", "Sensibiliser les travailleurs migrants à leurs droits et aux risques du recrutement frauduleux",
          "ngo-tadamoun", ("io-rabat",), "2024-01", "2028-12", 600_000, STEADY,
          (Manual("Migrantes et migrants sensibilisés", "personnes", 1200, 2023, 6000),)),
        M("1.2.1", "Former les inspecteurs du travail à l'identification des victimes", "labour-inspection",
          ("io-rabat",), "2024-01", "2026-12", 750_000, STEADY,
          (Computed("persons_trained"), Manual("Inspecteurs formés (cumul)", "inspecteurs", 40, 2023, 300))),
        M("1.2.2", "Renforcer les contrôles dans l'agriculture, le bâtiment et le travail domestique",
          "labour-inspection", ("gendarmerie",), "2023-01", "2030-12", 1_200_000, LATE,
          (Manual("Visites de contrôle ciblées", "visites", 350, 2022, 1200),)),
        M("1.2.3", "Appliquer la loi 19.12 sur les travailleuses et travailleurs domestiques", "labour-inspection", (),
          "2023-01", "2025-12", 300_000, STEADY,
          (Manual("Contrats de travail domestique déposés", "contrats", 4000, 2022, 12_000),)),
        M("1.2.4", "Encadrer les agences de recrutement pour l'emploi à l'étranger", "labour-inspection", ("io-rabat",),
          "2025-01", "2027-12", 400_000, EARLY, (Manual("Agences de recrutement contrôlées", "agences", 0, 2024, 60),)),
        M("1.3.1", "Campagne contre le recrutement en ligne sur les réseaux sociaux", "cnclt", ("police-bnpj",),
          "2024-03", "2026-12", 500_000, STEADY, (Computed("campaigns_run"),)),
        M("1.3.2", "Traiter les signalements de contenus d'exploitation en ligne", "police-bnpj", (),
          "2025-01", "2027-12", 350_000, EARLY, (Manual("Signalements traités", "signalements", 0, 2024, 500),)),
        M("1.3.3", "Lutter contre la mendicité forcée des enfants dans les grandes villes", "min-solidarite",
          ("ngo-nour",), "2023-01", "2026-06", 1_100_000, LATE,
          (Manual("Enfants soustraits à la mendicité et pris en charge", "enfants", 120, 2022, 600),)),
        M("2.1.1", "Déployer le guide d'identification des victimes auprès des intervenants de première ligne",
          "cnclt", ("io-rabat",), "2023-03", "2025-12", 850_000, STEADY,
          (Manual("Intervenants formés au guide", "personnes", 0, 2022, 1500),)),
        M("2.1.2", "Dépister les indicateurs de traite parmi les migrants en situation irrégulière", "police-bnpj",
          ("ngo-tadamoun", "io-rabat"), "2024-01", "2030-12", 400_000, STEADY, (Computed("victims_identified"),)),
        M("2.1.3", "Former les agents consulaires à l'identification des Marocains victimes à l'étranger", "cnclt",
          ("io-rabat",), "2024-01", "2026-12", 250_000, STALLED,
          (Manual("Agents consulaires formés", "personnes", 0, 2023, 150),)),
        M("2.2.1", "Ouvrir un centre d'accueil spécialisé à Fès", "min-solidarite", ("io-rabat", "ngo-nour"),
          "2023-06", "2026-06", 6_500_000, LATE, (Manual("Places d'hébergement ouvertes", "places", 0, 2023, 30),)),
        M("2.2.2", "Ouvrir un centre d'hébergement pour les hommes victimes", "min-solidarite", ("shelter-casablanca",),
          "2025-01", "2028-12", 4_000_000, STALLED, (Manual("Places pour hommes ouvertes", "places", 0, 2024, 20),)),
        M("2.2.3", "Renforcer le centre d'hébergement d'urgence de Tanger", "min-solidarite",
          ("shelter-tanger", "io-rabat"), "2023-01", "2024-12", 1_500_000, STEADY,
          (Manual("Victimes hébergées", "personnes", 40, 2022, 90),)),
        M("2.2.4", "Soutenir financièrement les associations d'aide aux victimes", "min-solidarite",
          ("ngo-nour", "ngo-tadamoun"), "2024-01", "2030-12", 3_000_000, STEADY,
          (Manual("Associations bénéficiant d'une subvention", "associations", 2, 2023, 12),)),
        M("2.3.1", "Généraliser le mécanisme national d'orientation dans les douze régions", "cnclt",
          ("min-solidarite",), "2024-01", "2026-12", 1_200_000, STEADY,
          (Computed("referrals_accepted_in_time"), Manual("Régions couvertes", "régions", 3, 2023, 12))),
        M("2.3.2", "Assurer l'assistance juridique gratuite aux victimes", "min-justice", ("ngo-nour",),
          "2024-01", "2030-12", 900_000, STEADY,
          (Manual("Victimes bénéficiant d'une aide juridique", "personnes", 80, 2023, 300),
           Manual("Délai moyen de désignation d'un avocat", "jours", 30, 2023, 10, "decrease"))),
        M("2.3.3", "Faciliter le retour volontaire et la réintégration des victimes étrangères", "ngo-tadamoun",
          ("io-rabat",), "2024-01", "2027-12", 700_000, STEADY,
          (Manual("Retours volontaires accompagnés", "personnes", 3, 2023, 25),)),
        M("2.3.4", "Garantir la non-pénalisation des victimes pour les infractions commises sous la contrainte",
          "pmp", ("min-justice",), "2024-01", "2030-12", 150_000, LATE,
          (Manual("Parquets appliquant la circulaire de non-pénalisation", "parquets", 0, 2023, 22),)),
        M("3.1.1", "Créer des cellules spécialisées de la police judiciaire dans les régions prioritaires",
          "police-bnpj", (), "2023-01", "2025-12", 2_000_000, STEADY,
          (Manual("Cellules spécialisées opérationnelles", "cellules", 2, 2022, 8),)),
        M("3.1.2", "Former les officiers de police judiciaire aux enquêtes financières parallèles", "police-bnpj",
          ("io-rabat",), "2024-01", "2027-12", 600_000, STEADY, (Computed("persons_investigated"),)),
        M("3.1.3", "Renforcer les enquêtes de la gendarmerie en milieu rural", "gendarmerie", ("labour-inspection",),
          "2024-01", "2028-12", 800_000, STEADY, (Computed("persons_investigated"),)),
        M("3.1.4", "Enquêter sur la complicité d'agents publics dans la traite", "pmp", ("police-bnpj", "gendarmerie"),
          "2024-01", "2030-12", 100_000, STEADY, (Manual("Agents publics poursuivis", "personnes", 2, 2023, 10),)),
        M("3.2.1", "Désigner des magistrats du parquet référents dans chaque cour d'appel", "pmp", (),
          "2023-01", "2024-12", 50_000, STEADY, (Manual("Magistrats référents désignés", "magistrats", 42, 2022, 44),)),
        M("3.2.2", "Publier les statistiques judiciaires désagrégées", "pmp", ("cnclt",), "2024-01", "2030-12",
          200_000, STEADY,
          (Computed("persons_prosecuted"), Manual("Rapports statistiques publiés", "rapports", 0, 2023, 7))),
        M("3.2.3", "Former les juges et les procureurs à la loi 27.14", "min-justice", ("pmp", "io-rabat"),
          "2024-01", "2027-12", 1_000_000, STEADY, (Computed("persons_trained"),)),
        M("3.2.4", "Distinguer la traite du trafic de migrants dans les données pénales", "min-justice",
          ("police-bnpj",), "2024-01", "2026-06", 300_000, LATE, (Computed("persons_convicted"),)),
        M("3.3.1", "Équiper les tribunaux de salles d'audition adaptées aux mineurs", "min-justice", (),
          "2024-01", "2027-12", 3_000_000, EARLY, (Manual("Salles d'audition équipées", "salles", 4, 2023, 22),)),
        M("3.3.2", "Créer un fonds d'indemnisation des victimes", "min-justice", (), "2027-01", "2030-12",
          5_000_000, STEADY, (Manual("Victimes indemnisées", "personnes", 0, 2026, 100),)),
        M("4.1.1", "Doter la Commission nationale d'un secrétariat permanent et de moyens propres", "cnclt", (),
          "2023-01", "2025-12", 2_000_000, LATE,
          (Manual("Postes pourvus au secrétariat permanent", "postes", 2, 2022, 12),)),
        M("4.1.2", "Mettre en service le système d'information national sur la traite", "cnclt", ("io-rabat",),
          "2024-01", "2026-12", 1_500_000, STEADY,
          (Computed("hotline_contacts"), Manual("Organisations connectées", "organisations", 0, 2023, 40))),
        M("4.1.3", "Publier le rapport annuel de la Commission nationale", "cnclt", (), "2023-01", "2030-12",
          400_000, STEADY, (Manual("Rapports annuels publiés", "rapports", 0, 2022, 8),)),
        M("4.2.1", "Conclure des accords de coopération judiciaire avec les pays d'origine et de destination",
          "min-justice", (), "2024-01", "2028-12", 250_000, STEADY, (Manual("Accords signés", "accords", 1, 2023, 6),)),
        M("4.2.2", "Participer aux opérations conjointes de police internationales contre la traite", "police-bnpj",
          ("gendarmerie",), "2024-01", "2030-12", 500_000, STEADY),
        M("4.3.1", "Associer les associations au comité de suivi de la stratégie", "cnclt", ("ngo-nour", "ngo-tadamoun"),
          "2023-01", "2030-12", 100_000, STEADY,
          (Manual("Associations membres du comité de suivi", "associations", 2, 2022, 8),)),
        M("4.3.2", "Adopter une charte avec les entreprises pour des chaînes d'approvisionnement sans travail forcé",
          "labour-inspection", ("io-rabat",), "2025-01", "2030-12", 200_000, STALLED,
          (Manual("Entreprises signataires", "entreprises", 0, 2024, 50),)),
        M("4.3.3", "Créer un observatoire régional de la traite à Laâyoune", "cnclt", (), "2023-01", "2027-12",
          1_200_000, CANCELLED),
    ),
)  # fmt: skip

ACTION_PLAN = PlanSpec(
    "action-plan-2024-2025", "action_plan", "Plan d'action 2024-2025", date(2024, 1, 1), date(2025, 12, 31),
    "half_yearly",
    {
        "1.1": "Prévenir le recrutement frauduleux et le travail forcé",
        "2.1": "Identifier de manière proactive les victimes parmi les populations vulnérables",
        "2.2": "Héberger et protéger les victimes, sans les pénaliser",
        "3.1": "Enquêter, poursuivre et condamner, y compris pour travail forcé",
        "4.1": "Doter la Commission nationale et le système de données des moyens nécessaires",
    },
    (
        M("1.1.1", "Opération d'été : informer les Marocains résidant à l'étranger et les saisonniers", "cnclt",
          ("io-rabat",), "2024-06", "2025-09", 400_000, STEADY, (Computed("campaigns_run"),)),
        M("1.1.2", "Former 200 inspecteurs du travail au repérage du travail forcé", "labour-inspection", ("io-rabat",),
          "2024-01", "2025-12", 500_000, STEADY,
          (Computed("persons_trained"), Manual("Inspecteurs formés", "inspecteurs", 40, 2023, 200))),
        M("2.1.1", "Appliquer les procédures opérationnelles standard d'identification aux points de contrôle migratoire",
          "police-bnpj", ("ngo-tadamoun",), "2024-01", "2025-12", 300_000, STEADY, (Computed("victims_identified"),)),
        M("2.1.2", "Dépister la traite lors des interpellations de migrants en situation irrégulière", "gendarmerie",
          ("ngo-tadamoun", "io-rabat"), "2024-01", "2025-12", 150_000, LATE,
          (Manual("Migrants ayant fait l'objet d'un dépistage", "personnes", 0, 2023, 2000),)),
        M("2.1.3", "Former les associations et les intervenants sociaux au mécanisme national d'orientation", "cnclt",
          ("ngo-nour", "io-rabat"), "2024-01", "2025-12", 350_000, STEADY,
          (Computed("persons_trained"), Computed("referrals_accepted_in_time"))),
        M("2.2.1", "Mettre en service le centre d'accueil spécialisé de Fès", "min-solidarite", ("io-rabat",),
          "2024-01", "2025-12", 2_500_000, LATE,
          (Manual("Victimes accueillies au centre de Fès", "personnes", 0, 2023, 40),)),
        M("2.2.2", "Signer des conventions de financement avec les associations d'aide aux victimes", "min-solidarite",
          ("ngo-nour", "ngo-tadamoun"), "2024-03", "2025-12", 1_200_000, STEADY,
          (Manual("Conventions signées", "conventions", 0, 2023, 8),)),
        M("2.2.3", "Diffuser aux parquets une instruction sur la non-pénalisation des victimes", "pmp", ("min-justice",),
          "2024-01", "2024-12", 20_000, STEADY),
        M("3.1.1", "Former les juges et les procureurs au mécanisme national d'orientation et à la loi 27.14",
          "min-justice", ("pmp", "io-rabat"), "2024-01", "2025-12", 600_000, STEADY, (Computed("persons_trained"),)),
        M("3.1.2", "Enquêter sur les cas de travail forcé signalés par l'inspection du travail", "pmp",
          ("labour-inspection", "gendarmerie"), "2024-01", "2025-12", 100_000, STEADY,
          (Computed("persons_prosecuted"),)),
        M("3.1.3", "Séparer la traite du trafic de migrants dans les statistiques pénales", "min-justice",
          ("police-bnpj",), "2024-07", "2025-12", 200_000, STALLED,
          (Manual("Parquets appliquant la nouvelle nomenclature", "parquets", 0, 2023, 22),)),
        M("4.1.1", "Allouer un budget propre et du personnel à la Commission nationale", "cnclt", (),
          "2024-01", "2025-12", 3_000_000, LATE, (Manual("Postes budgétaires créés", "postes", 0, 2023, 10),)),
        M("4.1.2", "Publier des données désagrégées par forme d'exploitation, sexe et âge", "cnclt", ("pmp",),
          "2025-01", "2025-12", 150_000, EARLY, (Computed("victims_identified"),)),
    ),
)  # fmt: skip


@dataclass(frozen=True)
class RecommendationSpec:
    report_year: int
    priority: int
    text_en: str
    text_fr: str
    text_ar: str
    synthetic: bool
    measures: tuple[str, ...]  # codes of measures of the action plan
    status: str
    status_note: str = ""


R = RecommendationSpec
RECOMMENDATIONS = (
    # TIP 2024: only the first two priorities were retrieved; the second is cut off.
    R(2024, 1,
      "Systematically implement procedures to proactively identify trafficking victims, especially among vulnerable "
      "populations such as undocumented migrants, and significantly increase efforts to screen for trafficking among "
      "these populations.",
      "Mettre en œuvre de manière systématique des procédures d'identification proactive des victimes de la traite, en "
      "particulier parmi les populations vulnérables telles que les migrants sans papiers, et accroître sensiblement les "
      "efforts de dépistage de la traite au sein de ces populations.",
      "التطبيق المنهجي لإجراءات التعرف الاستباقي على ضحايا الاتجار بالبشر، ولا سيما في صفوف الفئات الهشة مثل "
      "المهاجرين غير الموثقين، والزيادة الملموسة في جهود الكشف عن الاتجار في صفوف هذه الفئات.",
      False, ("2.1.1", "2.1.2"), "partly_addressed",
      "Procédures appliquées aux points de contrôle migratoire ; le dépistage lors des interpellations reste inégal."),
    R(2024, 2,
      "Fully implement the NRM and train judicial and law enforcement authorities, …",
      "Mettre pleinement en œuvre le mécanisme national d'orientation et former les autorités judiciaires et les "
      "services chargés de l'application de la loi, …",
      "التنفيذ الكامل للآلية الوطنية للإحالة وتدريب السلطات القضائية وأجهزة إنفاذ القانون، …",
      False, ("2.1.3", "3.1.1"), "addressed",
      "Mécanisme national d'orientation en service ; formations des magistrats et des associations menées en 2024 et 2025."),
    # TIP 2025: the first three priorities were retrieved; the third is cut off.
    R(2025, 1,
      "Use the established SOPs for victim identification to proactively identify trafficking victims by screening for "
      "trafficking indicators among vulnerable populations, including undocumented migrants.",
      "Utiliser les procédures opérationnelles standard établies pour l'identification des victimes afin d'identifier de "
      "manière proactive les victimes de la traite, en recherchant les indicateurs de traite parmi les populations "
      "vulnérables, y compris les migrants sans papiers.",
      "استخدام إجراءات العمل الموحدة المعتمدة لتحديد هوية الضحايا من أجل التعرف الاستباقي على ضحايا الاتجار بالبشر، "
      "عبر الكشف عن مؤشرات الاتجار في صفوف الفئات الهشة، بمن فيهم المهاجرون غير الموثقين.",
      False, ("2.1.1", "2.1.2"), "in_progress"),
    R(2025, 2,
      "Fully implement the NRM and train judicial and law enforcement authorities, as well as civil society and other "
      "victim protection actors, on its use.",
      "Mettre pleinement en œuvre le mécanisme national d'orientation et former à son utilisation les autorités "
      "judiciaires et les services chargés de l'application de la loi, ainsi que la société civile et les autres acteurs "
      "de la protection des victimes.",
      "التنفيذ الكامل للآلية الوطنية للإحالة وتدريب السلطات القضائية وأجهزة إنفاذ القانون، وكذا المجتمع المدني وسائر "
      "الفاعلين في حماية الضحايا، على استخدامها.",
      False, ("2.1.3", "3.1.1"), "partly_addressed",
      "Magistrats et associations formés ; les intervenants de santé restent à former."),
    R(2025, 3,
      "Increase front-line officials' capacity throughout Morocco to proactively identify trafficking victims and refer "
      "them to care, including both internal trafficking cases and cross-border trafficking cases, distinct from migrant "
      "smuggling cri…",
      "Renforcer dans tout le Maroc la capacité des agents de première ligne à identifier de manière proactive les "
      "victimes de la traite et à les orienter vers une prise en charge, qu'il s'agisse de traite interne ou "
      "transfrontalière, en la distinguant du trafic de migrants…",
      "تعزيز قدرات الموظفين العاملين في الخطوط الأمامية في جميع أنحاء المغرب على التعرف الاستباقي على ضحايا الاتجار "
      "بالبشر وإحالتهم إلى الرعاية، سواء في حالات الاتجار الداخلي أو الاتجار العابر للحدود، مع تمييزها عن تهريب "
      "المهاجرين…",
      False, ("2.1.1", "3.1.3"), "in_progress"),
    # Priorities 4 to 10: not retrieved; written for the demo from the recurring themes of the reports.
    R(2025, 4,
      "Screen detained migrants and persons in commercial sex for trafficking indicators, and ensure victims are not "
      "penalized for unlawful acts traffickers compelled them to commit, such as immigration or prostitution violations.",
      "Rechercher les indicateurs de traite chez les migrants placés en rétention et chez les personnes qui se livrent "
      "au commerce du sexe, et veiller à ce que les victimes ne soient pas sanctionnées pour des actes illicites que les "
      "trafiquants les ont contraintes à commettre, tels que les infractions à la législation sur le séjour ou sur la "
      "prostitution.",
      "الكشف عن مؤشرات الاتجار لدى المهاجرين المحتجزين والأشخاص الممارسين للجنس التجاري، وضمان عدم معاقبة الضحايا "
      "على أفعال غير مشروعة أرغمهم المتاجرون على ارتكابها، مثل مخالفات قوانين الإقامة أو الدعارة.",
      True, ("2.2.3",), "partly_addressed", "Instruction diffusée aux parquets en 2024 ; application à évaluer."),
    R(2025, 5,
      "Expand specialized shelters and services for all trafficking victims, including men and foreign nationals, and "
      "open the completed shelter in Fez.",
      "Étendre les centres d'hébergement et les services spécialisés à toutes les victimes de la traite, y compris les "
      "hommes et les ressortissants étrangers, et ouvrir le centre achevé à Fès.",
      "توسيع مراكز الإيواء والخدمات المتخصصة لتشمل جميع ضحايا الاتجار بالبشر، بمن فيهم الرجال والرعايا الأجانب، "
      "وفتح المركز المنجز بمدينة فاس.",
      True, ("2.2.1",), "in_progress"),
    R(2025, 6,
      "Provide funding or in-kind support to civil society organizations that assist trafficking victims.",
      "Accorder un financement ou un appui en nature aux organisations de la société civile qui assistent les victimes "
      "de la traite.",
      "تقديم تمويل أو دعم عيني لمنظمات المجتمع المدني التي تساعد ضحايا الاتجار بالبشر.",
      True, ("2.2.2",), "partly_addressed", "Conventions signées avec deux associations ; d'autres sont en cours."),
    R(2025, 7,
      "Allocate adequate resources and personnel to the national anti-trafficking commission to coordinate government "
      "efforts effectively.",
      "Doter la commission nationale de lutte contre la traite des ressources et du personnel nécessaires pour "
      "coordonner efficacement l'action du gouvernement.",
      "تخصيص الموارد والموظفين الكافيين للجنة الوطنية لمكافحة الاتجار بالبشر لتنسيق جهود الحكومة بفعالية.",
      True, ("4.1.1",), "not_addressed"),
    R(2025, 8,
      "Disaggregate law enforcement and victim identification data to distinguish trafficking cases from migrant "
      "smuggling cases.",
      "Désagréger les données relatives aux poursuites et à l'identification des victimes afin de distinguer les "
      "affaires de traite des affaires de trafic de migrants.",
      "تفصيل بيانات إنفاذ القانون وتحديد هوية الضحايا للتمييز بين قضايا الاتجار بالبشر وقضايا تهريب المهاجرين.",
      True, ("3.1.3", "4.1.2"), "in_progress"),
    R(2025, 9,
      "Increase efforts to investigate, prosecute, and convict traffickers, including in forced labor cases and officials "
      "allegedly complicit in trafficking, and seek adequate penalties under the anti-trafficking law.",
      "Intensifier les enquêtes, les poursuites et les condamnations des trafiquants, y compris dans les affaires de "
      "travail forcé et à l'encontre des agents publics soupçonnés de complicité, en requérant des peines adéquates en "
      "vertu de la loi contre la traite.",
      "تكثيف جهود التحقيق مع المتاجرين بالبشر وملاحقتهم وإدانتهم، بما في ذلك في قضايا العمل القسري وفي حق الموظفين "
      "العموميين المشتبه في تواطئهم، والمطالبة بعقوبات مناسبة بموجب قانون مكافحة الاتجار بالبشر.",
      True, ("3.1.2",), "in_progress"),
    R(2025, 10,
      "Train labor inspectors to identify forced labor indicators, including among domestic and agricultural workers, "
      "and regulate recruitment agencies.",
      "Former les inspecteurs du travail à repérer les indicateurs de travail forcé, notamment chez les travailleurs "
      "domestiques et agricoles, et encadrer les agences de recrutement.",
      "تدريب مفتشي الشغل على رصد مؤشرات العمل القسري، بما في ذلك في صفوف العمال المنزليين والزراعيين، وتنظيم وكالات "
      "التشغيل.",
      True, ("1.1.2", "1.1.1"), "addressed", "Plus de deux cents inspecteurs formés en 2024 et 2025."),
)  # fmt: skip
