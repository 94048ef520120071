"""The shapes of the national-scale synthetic data: plausible for a country like Morocco, not measured.

Regions weigh roughly by population; about 55% of victims are women and a fifth are children when first seen;
a quarter are foreign (West and Central Africa, Syria, Bangladesh, the Philippines); sexual exploitation and
forced labour lead the forms. Half the birth dates are full dates, the rest partial, estimated or unknown.
"""

from __future__ import annotations

REGIONS = [f"MA-{n:02d}" for n in range(1, 13)]
REGION_WEIGHTS = [12, 10, 9, 12, 5, 20, 10, 3, 8, 4, 4, 3]
SEXES = ["female", "male", "other", "unknown"]
SEX_WEIGHTS = [55, 40, 0.5, 4.5]
PRECISIONS = ["full", "year_month", "year", "estimated", "unknown"]
PRECISION_WEIGHTS = [50, 5, 20, 15, 10]
FOREIGN = ["CIV", "NGA", "SEN", "CMR", "GIN", "SYR", "MLI", "COD", "BGD", "PHL", "YEM", "SDN"]
FORMS = [
    "sexual_exploitation", "forced_labour", "domestic_servitude", "forced_begging", "child_labour",
    "forced_criminality", "forced_marriage", "organ_removal", "slavery_and_similar_practices", "other",
]  # fmt: skip
FORM_WEIGHTS = [35, 20, 12, 12, 6, 5, 4, 0.5, 1, 2]
# (statuses in order, weight): 80% of cases reach presumed or identified.
DECISION_PATTERNS = [
    (("possible",), 8),
    (("not_a_victim",), 6),
    (("possible", "not_a_victim"), 6),
    (("presumed",), 30),
    (("identified",), 10),
    (("possible", "presumed"), 12),
    (("presumed", "identified"), 22),
    (("possible", "identified"), 6),
]
# The screening outcome that led to each first status.
SCREENING_FOR_STATUS = {"possible": "possible", "not_a_victim": "none", "presumed": "presumed",
                        "identified": "presumed"}  # fmt: skip
CLOSURE_REASONS = ["reintegrated", "returned", "transferred", "declined_assistance", "lost_contact"]
CLOSURE_WEIGHTS = [45, 15, 10, 15, 15]
CRIMINAL_FORMS = ["sexual_exploitation", "forced_labour", "forced_begging", "domestic_servitude"]
DEFENDANT_NATIONALITIES = ["MAR"] * 8 + ["SEN", "CIV", "NGA", "SYR", "ESP"]
DEFENDANT_ROLES = ["recruiter", "transporter", "harbourer", "exploiter", "intermediary", "financier", "other"]
CRIMINAL_ORIGINS = ["proactive", "victim_complaint", "hotline_alert", "labour_inspection"]
SERVICES = ["shelter", "medical", "psychosocial", "legal_aid", "interpretation", "repatriation"]
# Referrals answered days ago: where they ended.
ANSWERED_STATES = ["accepted", "declined", "expired", "withdrawn", "in_progress", "completed"]
ANSWERED_WEIGHTS = [10, 12, 3, 3, 12, 60]
CHANNELS = ["phone", "phone", "phone", "web_form", "social_media", "email", "walk_in"]
CONTACT_TYPES = ["crisis", "tip", "tip", "information", "information", "referral_request", "other"]
CONTACT_LANGUAGES = ["darija", "darija", "french", "arabic", "english", "tamazight"]
# How the contacts of days past were settled.
SETTLED_STATES = ["closed", "escalated", "information_only", "not_trafficking"]
SETTLED_WEIGHTS = [45, 15, 30, 10]
