"""The demo's cast of organisations and one user per role (the justice officer twice: the police and the
prosecution side of the criminal cases; the national plan's focal point twice: a ministry and the police),
and the focal points who write the progress reports of the other organisations responsible for plan
measures."""

from __future__ import annotations

# (short_code, name, name_ar, type, region, owns_cases)
ORGANISATIONS = [
    ("cnclt", "Commission nationale de lutte contre la traite des êtres humains", "اللجنة الوطنية لتنسيق إجراءات مكافحة الاتجار بالبشر والوقاية منه", "commission", "MA-04", False),
    ("hotline", "Ligne d'écoute nationale (démo)", "خط الاستماع الوطني", "hotline", "MA-04", True),
    ("unit-casablanca", "Cellule de prise en charge Casablanca-Settat", "خلية التكفل الدار البيضاء سطات", "social_services", "MA-06", True),
    ("unit-tanger", "Cellule de prise en charge Tanger-Tétouan-Al Hoceïma", "خلية التكفل طنجة تطوان الحسيمة", "social_services", "MA-01", True),
    ("unit-oujda", "Cellule de prise en charge de l'Oriental", "خلية التكفل جهة الشرق", "social_services", "MA-02", True),
    ("unit-marrakech", "Cellule de prise en charge Marrakech-Safi", "خلية التكفل مراكش آسفي", "social_services", "MA-07", True),
    ("unit-agadir", "Cellule de prise en charge Souss-Massa", "خلية التكفل سوس ماسة", "social_services", "MA-09", True),
    ("police-bnpj", "Police judiciaire, brigade nationale (démo)", "الفرقة الوطنية للشرطة القضائية", "police", "MA-06", False),
    ("gendarmerie", "Gendarmerie royale, brigade régionale (démo)", "الدرك الملكي", "gendarmerie", "MA-04", False),
    ("police-tanger", "Police judiciaire, brigade régionale de Tanger (démo)", "الفرقة الجهوية للشرطة القضائية بطنجة", "police", "MA-01", False),
    ("police-marrakech", "Police judiciaire, brigade régionale de Marrakech (démo)", "الفرقة الجهوية للشرطة القضائية بمراكش", "police", "MA-07", False),
    ("parquet-rabat", "Parquet près la Cour d'appel de Rabat (démo)", "النيابة العامة لدى محكمة الاستئناف بالرباط", "prosecution", "MA-04", False),
    ("parquet-casablanca", "Parquet près la Cour d'appel de Casablanca (démo)", "النيابة العامة لدى محكمة الاستئناف بالدار البيضاء", "prosecution", "MA-06", False),
    ("parquet-tanger", "Parquet près la Cour d'appel de Tanger (démo)", "النيابة العامة لدى محكمة الاستئناف بطنجة", "prosecution", "MA-01", False),
    # Trafficking is a felony: the criminal chambers of a Cour d'appel try it at first instance and on appeal.
    # A tribunal de première instance tries the cases charged only with lesser offences (procuring, forced
    # labour).
    ("court-appeal-rabat", "Cour d'appel de Rabat (démo)", "محكمة الاستئناف بالرباط", "court", "MA-04", False),
    ("court-appeal-casablanca", "Cour d'appel de Casablanca (démo)", "محكمة الاستئناف بالدار البيضاء", "court", "MA-06", False),
    ("court-appeal-tanger", "Cour d'appel de Tanger (démo)", "محكمة الاستئناف بطنجة", "court", "MA-01", False),
    ("court-first-rabat", "Tribunal de première instance de Rabat (démo)", "المحكمة الابتدائية بالرباط", "court", "MA-04", False),
    ("court-first-casablanca", "Tribunal de première instance de Casablanca (démo)", "المحكمة الابتدائية بالدار البيضاء", "court", "MA-06", False),
    ("court-first-tanger", "Tribunal de première instance de Tanger (démo)", "المحكمة الابتدائية بطنجة", "court", "MA-01", False),
    ("ngo-nour", "Association Nour Solidarité (démo)", "جمعية نور للتضامن", "ngo", "MA-06", True),
    ("ngo-tadamoun", "Association Tadamoun Migrants (démo)", "جمعية تضامن المهاجرين", "ngo", "MA-02", True),
    ("shelter-tanger", "Centre d'hébergement d'urgence de Tanger (démo)", "مركز الإيواء الاستعجالي بطنجة", "shelter", "MA-01", False),
    ("shelter-oujda", "Centre d'hébergement temporaire d'Oujda (démo)", "مركز الإيواء المؤقت بوجدة", "shelter", "MA-02", False),
    ("shelter-casablanca", "Maison d'accueil de Casablanca (démo)", "دار الاستقبال بالدار البيضاء", "shelter", "MA-06", False),
    ("io-rabat", "Organisation internationale, bureau de Rabat (démo)", "منظمة دولية، مكتب الرباط", "international_organisation", "MA-04", True),
    ("hospital-marrakech", "Centre hospitalier régional de Marrakech (démo)", "المركز الاستشفائي الجهوي بمراكش", "health", "MA-07", False),
    # Responsible for measures of the national plans (demo/plans.py), with the commission, the police, the
    # gendarmerie and the NGOs above.
    ("min-justice", "Ministère de la Justice (démo)", "وزارة العدل", "ministry", "MA-04", False),
    ("min-solidarite", "Ministère de la Solidarité, de l'Insertion sociale et de la Famille (démo)", "وزارة التضامن والإدماج الاجتماعي والأسرة", "ministry", "MA-04", False),
    ("min-education", "Ministère de l'Éducation nationale (démo)", "وزارة التربية الوطنية", "ministry", "MA-04", False),
    ("labour-inspection", "Inspection du travail, Ministère de l'Emploi (démo)", "مفتشية الشغل بوزارة التشغيل", "labour_inspection", "MA-04", False),
    ("pmp", "Présidence du Ministère Public (démo)", "رئاسة النيابة العامة", "prosecution", "MA-04", False),
]  # fmt: skip

# (username, first name, last name, organisation short code, role codes)
USERS = [
    ("admin", "Nabil", "Sekkat", "cnclt", ["admin"]),
    ("coordinator", "Leila", "Bennis", "cnclt", ["coordinator"]),
    ("analyst", "Driss", "Kettani", "cnclt", ["analyst"]),
    ("auditor", "Samira", "Filali", "cnclt", ["auditor"]),
    ("reviewer", "Wafae", "Chaoui", "cnclt", ["linkage_reviewer"]),
    ("operator", "Hanane", "Mouline", "hotline", ["hotline_operator"]),
    # Not "Meryem Chraibi": user names are stored in clear, and both are demo person names (names.py),
    # which the plaintext-at-rest test looks for on disk.
    ("supervisor", "Rajae", "Tahiri", "hotline", ["hotline_supervisor"]),
    ("caseworker", "Nawal", "Sbihi", "unit-casablanca", ["case_worker"]),
    ("caseworker.tanger", "Karima", "Alami", "unit-tanger", ["case_worker"]),
    ("manager", "Ouafae", "Lazrak", "unit-casablanca", ["case_manager"]),
    ("provider", "Souad", "Rami", "shelter-casablanca", ["service_provider"]),
    ("authority", "Adil", "Bekkali", "parquet-rabat", ["identification_authority"]),
    ("justice", "Tarik", "Lamrani", "police-bnpj", ["justice_officer"]),
    # The prosecution side of the criminal cases. User names are stored in clear: none is a demo person's,
    # defendant's or police officer's name (names.py, justice.py, hotline.py).
    ("justice.parquet", "Mounia", "Zniber", "parquet-rabat", ["justice_officer"]),
    # National plan focal points: they report on their organisation's measures and record its campaigns and
    # trainings. Their names, like the reporters' below, are nobody else's in the demo.
    ("focal.justice", "Hind", "Guessous", "min-justice", ["focal_point"]),
    ("focal.police", "Othmane", "Kabbaj", "police-bnpj", ["focal_point"]),
]

# (username, first name, last name, organisation short code): the focal points of the other organisations
# responsible for plan measures, who wrote their progress reports. Not demo logins: they have no usable
# password, and `sanad demo` lists one login per role.
REPORTERS = [
    ("focal.cnclt", "Jamila", "Cherkaoui", "cnclt"),
    ("focal.gendarmerie", "Abdelaziz", "Ziani", "gendarmerie"),
    ("focal.pmp", "Fouad", "Lahbabi", "pmp"),
    ("focal.travail", "Zakaria", "Ouali", "labour-inspection"),
    ("focal.solidarite", "Btissam", "Guennoun", "min-solidarite"),
    ("focal.education", "Khalid", "Souiri", "min-education"),
    ("focal.nour", "Malika", "Sefrioui", "ngo-nour"),
    ("focal.tadamoun", "Aissatou", "Diallo", "ngo-tadamoun"),
]

# The service directory of the referral mechanism (codes of catalogs/data/services.yaml, regions.yaml and
# languages.yaml): short code -> (services, regions served, languages spoken, accepting referrals now).
DIRECTORY: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]] = {
    "unit-casablanca": (("psychosocial", "documentation"), ("MA-06",), ("darija", "arabic", "french", "english"), True),
    "unit-tanger": (("psychosocial", "documentation"), ("MA-01",), ("darija", "arabic", "french", "spanish", "tarifit"), True),
    "unit-oujda": (("psychosocial", "documentation"), ("MA-02",), ("darija", "arabic", "french", "tarifit"), True),
    "unit-marrakech": (("psychosocial", "documentation"), ("MA-07", "MA-08"), ("darija", "arabic", "french", "tamazight"), True),
    "unit-agadir": (("psychosocial", "documentation"), ("MA-09", "MA-10", "MA-11", "MA-12"), ("darija", "arabic", "french", "tamazight"), True),
    "ngo-nour": (("psychosocial", "legal_aid", "interpretation", "reintegration", "education_training"),
                 ("MA-06", "MA-04", "MA-05", "MA-07"), ("darija", "arabic", "french", "english"), True),
    "ngo-tadamoun": (("psychosocial", "legal_aid", "interpretation", "reintegration", "education_training"),
                     ("MA-02", "MA-01", "MA-03", "MA-04", "MA-06"),
                     ("french", "english", "darija", "arabic", "wolof", "bambara", "pidgin_nigerian", "lingala",
                      "fulah"), True),
    "shelter-tanger": (("shelter",), ("MA-01", "MA-03", "MA-04"), ("darija", "arabic", "french", "spanish", "tarifit"), True),
    # Not accepting new referrals now (see NOT_ACCEPTING_SINCE in referrals.py).
    "shelter-oujda": (("shelter",), ("MA-02", "MA-03", "MA-08"), ("darija", "arabic", "french", "english", "tarifit"), False),
    "shelter-casablanca": (("shelter",), ("MA-06", "MA-04", "MA-05", "MA-07", "MA-09"), ("darija", "arabic", "french", "english"), True),
    "io-rabat": (("repatriation", "reintegration", "financial_support", "documentation"),
                 tuple(f"MA-{number:02d}" for number in range(1, 13)),
                 ("french", "english", "arabic", "darija", "spanish", "tagalog", "bengali"), True),
    "hospital-marrakech": (("medical",), ("MA-07", "MA-06", "MA-08", "MA-09", "MA-05"), ("darija", "arabic", "french", "tamazight"), True),
}  # fmt: skip

# Beds of the demo shelters by category; a category without beds has no capacity row.
SHELTER_BEDS: dict[str, dict[str, int]] = {
    "shelter-tanger": {"women": 12, "children": 8, "emergency": 4, "men": 0},
    "shelter-oujda": {"women": 15, "children": 10, "emergency": 5, "men": 0},
    "shelter-casablanca": {"women": 20, "children": 6, "emergency": 6, "men": 10},
}
