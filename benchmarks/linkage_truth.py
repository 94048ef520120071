"""Synthetic multi-agency registrations with known truth, for the linkage benchmark.

Each person is registered one to five times by different agencies (hotline, police, gendarmerie, shelters,
NGOs), in Arabic script or in one of several Latin spellings, with the errors registrations really carry:
typos, given and family name swapped, family name missing, birth date partial (year and month, year only),
estimated ("about 25") or with day and month transposed, nationality missing or wrong.

Independence from the matcher: the spellings below are whole-name variants written down name by name, as
they appear in civil-status, consular and press usage (one line per name, Arabic first where the name has
an Arabic form). Nothing here imports ``sanad.linkage``, and the matcher's letter rules
(``sanad/linkage/names.py``) were not used to write or check these lists: a variant the rules do not
reduce to the same skeleton stays in and costs recall, as it would in real data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# (Arabic or "", Latin spellings...) -- female given names
FEMALE = [
    ("أمينة", "Amina", "Aminah", "Ameena"), ("خديجة", "Khadija", "Khadidja", "Khadiga"),
    ("فاطمة", "Fatima", "Fatma", "Fatimah", "Fadma"), ("عائشة", "Aicha", "Aïcha", "Aisha", "Aisa"),
    ("مريم", "Meryem", "Maryam", "Mariam", "Meriem"), ("زينب", "Zineb", "Zaynab", "Zeinab"),
    ("سعاد", "Souad", "Suad", "Soad"), ("نادية", "Nadia", "Nadiya"), ("حنان", "Hanane", "Hanan"),
    ("سميرة", "Samira", "Sameera"), ("ليلى", "Leila", "Layla", "Laila"), ("هاجر", "Hajar", "Hadjer", "Hagar"),
    ("سلمى", "Salma", "Selma"), ("نوال", "Naoual", "Nawal"), ("إيمان", "Imane", "Iman", "Imen"),
    ("كريمة", "Karima", "Kerima"), ("لطيفة", "Latifa", "Latefa"), ("رشيدة", "Rachida", "Rashida"),
    ("حليمة", "Halima", "Halimah"), ("وفاء", "Wafae", "Wafa", "Ouafae"), ("يسرى", "Yousra", "Yusra", "Yosra"),
    ("سكينة", "Sakina", "Soukaina", "Sukayna"), ("نجاة", "Najat", "Nadjat"), ("بشرى", "Bouchra", "Bushra"),
    ("", "Aminata", "Aminatou"), ("", "Fatoumata", "Fatimata", "Fatoumatta"), ("", "Mariama", "Mariamma"),
    ("", "Awa", "Aoua"), ("", "Kadiatou", "Kadiatu", "Khadiatou"), ("", "Adama", "Addama"),
    ("", "Blessing", "Blesing"), ("", "Grace", "Grâce"), ("", "Marie", "Mary"), ("", "Chantal", "Shantal"),
    ("", "Nathalie", "Natalie"), ("", "Sophie", "Sofie"), ("", "Esther", "Ester"), ("", "Joy", "Joie"),
]  # fmt: skip
MALE = [
    ("محمد", "Mohamed", "Mohammed", "Muhammad", "Mhamed"), ("يوسف", "Youssef", "Youcef", "Yusuf", "Yousef"),
    ("أحمد", "Ahmed", "Ahmad", "Hmed"), ("عبد القادر", "Abdelkader", "Abd el Kader", "Abdulkadir"),
    ("بلقاسم", "Belkacem", "Belgacem", "Belkassem"), ("حسن", "Hassan", "Hasan", "Hassane"),
    ("حسين", "Hussein", "Houssine", "Hossein"), ("إبراهيم", "Brahim", "Ibrahim", "Ebrahim"),
    ("مصطفى", "Mustapha", "Moustafa", "Mostafa"), ("عمر", "Omar", "Umar", "Omer"), ("كريم", "Karim", "Kareem"),
    ("رشيد", "Rachid", "Rashid", "Rached"), ("سعيد", "Said", "Saïd", "Saeed"), ("خالد", "Khalid", "Khaled"),
    ("جمال", "Jamal", "Djamel", "Jamel"), ("نبيل", "Nabil", "Nabeel"), ("عادل", "Adil", "Adel"),
    ("طارق", "Tarik", "Tariq", "Tarek"), ("هشام", "Hicham", "Hisham", "Hichem"), ("عثمان", "Othmane", "Othman", "Osman"),
    ("إدريس", "Driss", "Idriss", "Idris"), ("عبد الله", "Abdellah", "Abdallah", "Abdullah"),
    ("", "Mamadou", "Mamadu"), ("", "Moussa", "Musa"), ("", "Ousmane", "Usman", "Ousman"),
    ("", "Ibrahima", "Ibrahimah"), ("", "Cheikh", "Sheikh", "Shaykh"), ("", "Boubacar", "Bubakar", "Aboubacar"),
    ("", "Emmanuel", "Emanuel"), ("", "Samuel", "Samuël"), ("", "Pierre", "Pier"), ("", "Jean", "Jehan"),
]  # fmt: skip
FAMILY = [
    ("بن زيان", "Benziane", "Ben Ziane", "Ben-Ziane"), ("العلوي", "Alaoui", "El Alaoui", "Alaoui"),
    ("التازي", "Tazi", "Ettazi", "Taazi"), ("الوزاني", "Ouazzani", "El Ouazzani", "Wazzani"),
    ("بناني", "Bennani", "Benani"), ("الإدريسي", "Idrissi", "El Idrissi", "Drissi"),
    ("بنجلون", "Benjelloun", "Ben Jelloun", "Benjeloun"), ("الفاسي", "Fassi", "El Fassi", "Elfassi"),
    ("برادة", "Berrada", "Berada"), ("الشرقاوي", "Cherkaoui", "Charkaoui", "Sharqawi"),
    ("العمراني", "Amrani", "El Amrani", "Elamrani"), ("الحسني", "Hassani", "El Hassani", "Hasani"),
    ("بوزيد", "Bouzid", "Bu Zid"), ("بلحاج", "Belhaj", "Belhadj", "Bel Hadj"), ("المنصوري", "Mansouri", "El Mansouri"),
    ("الزياني", "Ziani", "Zayani", "Ezziani"), ("الصديقي", "Seddiki", "Sedikki", "Siddiqi"),
    ("القادري", "Kadiri", "Qadiri", "Kaddiri"), ("الطاهري", "Tahiri", "Taheri", "Et-Tahiri"),
    ("بنعلي", "Benali", "Ben Ali"), ("الخطيب", "Khatib", "El Khatib", "Elkhatib"), ("الريفي", "Rifi", "Errifi"),
    ("السوسي", "Soussi", "Sousi", "Essoussi"), ("الدكالي", "Doukkali", "Doukali", "Dukkali"),
    ("بوعزة", "Bouazza", "Bou Azza"), ("الناصري", "Naciri", "Nasiri", "Nassiri"),
    ("الحداد", "Haddad", "El Haddad", "Hadad"), ("الجزائري", "Jazairi", "Djazairi", "Jazaeri"),
    ("المصري", "Masri", "El Masri", "Misri"), ("الحلبي", "Halabi", "Al Halabi", "Halaby"),
    ("الخوري", "Khoury", "Khouri", "Khuri"), ("العبدالله", "Abdallah", "Al Abdallah", "Abdullah"),
    ("الزعبي", "Zoubi", "Al Zoubi", "Zubi"), ("الشامي", "Chami", "Shami", "Al Shami"),
    ("", "Diallo", "Dialo", "Jallow"), ("", "Traoré", "Traore", "Traorè"), ("", "Coulibaly", "Kulibali", "Koulibaly"),
    ("", "Diop", "Diope"), ("", "Ndiaye", "N'Diaye", "Ndiay"), ("", "Camara", "Kamara"), ("", "Keita", "Keïta", "Kéita"),
    ("", "Touré", "Toure", "Ture"), ("", "Sow", "Sou"), ("", "Ba", "Bah"), ("", "Sylla", "Sila"),
    ("", "Okafor", "Okaphor"), ("", "Adeyemi", "Adeyemy"), ("", "Mensah", "Mensa"), ("", "Kouassi", "Kwasi", "Kouasi"),
    ("", "Martin", "Martín"), ("", "Bernard", "Bernhard"), ("", "Dubois", "Du Bois"), ("", "Lefèvre", "Lefebvre", "Lefevre"),
    ("", "Moreau", "Moro"), ("", "Girard", "Gérard"), ("", "Mercier", "Mercié"),
]  # fmt: skip
# Maghreb family names are mostly a root with or without a particle: Ben Ziane, Bouziane, Aït Ziane, El
# Ziane, Ziane. (Arabic root, Latin spellings of the root)
ROOTS = [
    ("زيان", "Ziane", "Zayane", "Ziyan"), ("علي", "Ali", "Aly"), ("حمو", "Hammou", "Hamou"),
    ("عمر", "Omar", "Amar"), ("يحيى", "Yahia", "Yahya"), ("عيسى", "Aissa", "Issa"), ("موسى", "Moussa", "Mousa"),
    ("جلون", "Jelloun", "Jeloun"), ("كيران", "Kirane", "Kiran"), ("شقرون", "Chekroun", "Chakroun"),
    ("عبو", "Abbou", "Abou"), ("زيد", "Zid", "Zaid"), ("سالم", "Salem", "Salim"), ("حدو", "Haddou", "Hadou"),
    ("منصور", "Mansour", "Mansur"), ("قاسم", "Kacem", "Qasim", "Gacem"), ("عزيز", "Aziz", "Azziz"),
    ("شريف", "Cherif", "Sharif", "Chérif"), ("طاهر", "Taher", "Tahar"), ("حميد", "Hamid", "Hameed"),
    ("بكر", "Bakr", "Bekr"), ("رحال", "Rahal", "Rehal"), ("عمار", "Ammar", "Amar"), ("داود", "Daoud", "Dawud"),
    ("نصر", "Nasr", "Naceur"), ("عياد", "Ayad", "Aiad"), ("قدور", "Kaddour", "Qaddour"),
    ("مختار", "Mokhtar", "Mukhtar"), ("عباس", "Abbas", "Abas"), ("مسعود", "Messaoud", "Masoud"),
    ("مبارك", "Mbarek", "Moubarak"), ("خليفة", "Khalifa", "Khelifa"), ("صالح", "Salah", "Saleh"),
    ("بشير", "Bachir", "Bashir"), ("ناصر", "Nacer", "Nasser"), ("رزوق", "Rezzouk", "Razouk"),
    ("فارس", "Fares", "Faris"), ("زروال", "Zeroual", "Zerwal"), ("حجاج", "Hajjaj", "Hadjadj"),
    ("شعيب", "Chouaib", "Shuayb"), ("غازي", "Ghazi", "Gazi"), ("سليمان", "Slimane", "Souleimane"),
    ("هاشم", "Hachem", "Hashem"), ("كبير", "Kabir", "Kbir"), ("جبار", "Jabbar", "Djebbar"),
    ("طيب", "Tayeb", "Taib"), ("حبيب", "Habib", "Hbib"), ("مالك", "Malek", "Malik"), ("رافع", "Rafii", "Rafi"),
    ("كريم", "Karim", "Krim"),
]  # fmt: skip
# (Arabic particle, joiner in Arabic, Latin spellings with "{}" for the root)
PARTICLES = [
    ("", "", ("{}",)), ("بن", " ", ("Ben{}", "Ben {}", "Ben-{}")), ("بو", "", ("Bou{}", "Bou {}", "Bu{}")),
    ("آيت", " ", ("Ait {}", "Aït {}", "Ait-{}")), ("ال", "", ("El {}", "{}", "El-{}")),
]  # fmt: skip
WEST_AFRICAN_AND_FRENCH_FAMILY = [
    ("", "Sangaré", "Sangare"), ("", "Konaté", "Konate", "Konnate"), ("", "Cissé", "Cisse", "Sisse"),
    ("", "Fofana", "Fofanah"), ("", "Bamba", "Bamaba"), ("", "Ouattara", "Wattara", "Ouatara"),
    ("", "Sanogo", "Sanogho"), ("", "Doumbia", "Dumbia"), ("", "Kouyaté", "Kouyate"), ("", "Bangoura", "Bangura"),
    ("", "Soumah", "Souma", "Sumah"), ("", "Balde", "Baldé"), ("", "Barry", "Bary"), ("", "Sarr", "Sar"),
    ("", "Faye", "Fay"), ("", "Gueye", "Guèye", "Gaye"), ("", "Mbaye", "M'Baye"), ("", "Seck", "Sek"),
    ("", "Niang", "Nyang"), ("", "Thiam", "Tiam"), ("", "Eze", "Ezeh"), ("", "Nwosu", "Nwoso"),
    ("", "Obi", "Obih"), ("", "Chukwu", "Chukwuh"), ("", "Olawale", "Olawalé"), ("", "Asante", "Asantey"),
    ("", "Boateng", "Boatenge"), ("", "Owusu", "Owusuh"), ("", "Yao", "Yaho"), ("", "Kone", "Koné", "Konee"),
    ("", "Dembélé", "Dembele"), ("", "Sissoko", "Sisoko"), ("", "Tall", "Tal"), ("", "Wade", "Wadé"),
    ("", "Roux", "Rou"), ("", "Fournier", "Fornier"), ("", "Lambert", "Lamber"), ("", "Fontaine", "Fontain"),
    ("", "Rousseau", "Rousseaux"), ("", "Vincent", "Vinsent"), ("", "Muller", "Müller", "Mueller"),
    ("", "Laurent", "Lorent"), ("", "Simon", "Symon"), ("", "Michel", "Michelle"), ("", "Garnier", "Garnié"),
]  # fmt: skip
MORE_GIVEN_WEST_AFRICAN_AND_FRENCH = {
    "female": [
        ("", "Oumou", "Umu"),
        ("", "Fanta", "Fantah"),
        ("", "Rokia", "Rokiya"),
        ("", "Djeneba", "Jeneba"),
        ("", "Assa", "Asa"),
        ("", "Ramatoulaye", "Ramatulaye"),
        ("", "Ndeye", "Ndèye"),
        ("", "Coumba", "Kumba"),
        ("", "Aissatou", "Aïssatou", "Aisatou"),
        ("", "Hawa", "Haoua"),
        ("", "Chioma", "Chiomah"),
        ("", "Ngozi", "Ngozy"),
        ("", "Adaeze", "Adaézé"),
        ("", "Ama", "Amah"),
        ("", "Akosua", "Akossua"),
        ("", "Claire", "Clair"),
        ("", "Julie", "Juli"),
        ("", "Camille", "Kamille"),
        ("", "Céline", "Celine"),
    ],
    "male": [
        ("", "Seydou", "Seidou", "Saydou"),
        ("", "Lamine", "Lamin"),
        ("", "Amadou", "Ahmadou", "Amadu"),
        ("", "Souleymane", "Suleiman", "Souleimane"),
        ("", "Modibo", "Modibbo"),
        ("", "Bakary", "Bakari"),
        ("", "Issa", "Isa"),
        ("", "Oumar", "Umar"),
        ("", "Sekou", "Sékou", "Sekouba"),
        ("", "Aliou", "Alioune"),
        ("", "Chinedu", "Chinedou"),
        ("", "Emeka", "Emekah"),
        ("", "Kwame", "Kwamé"),
        ("", "Kofi", "Koffi"),
        ("", "Yaw", "Yao"),
        ("", "Olivier", "Oliver"),
        ("", "Thomas", "Tomas"),
        ("", "Nicolas", "Nikolas"),
    ],
}
NATIONALITIES = ["MAR"] * 8 + ["DZA", "TUN", "SEN", "CIV", "NGA", "MLI", "GIN", "SYR", "CMR", "FRA"]
AGENCIES = ["hotline", "police", "gendarmerie", "shelter-casa", "shelter-tanger", "ngo-oujda", "ngo-rabat"]
ARABIC_NAMES_NATIONALITIES = {"MAR", "DZA", "TUN", "SYR"}
KEYBOARD_NEIGHBOURS = dict(zip("aeiouybdnmrslt", "eaoiuiqbmnteki", strict=True))


@dataclass(frozen=True)
class Registration:
    record_id: str
    person_id: int
    given_name: str
    family_name: str
    birth_year: int | None
    birth_month: int | None
    birth_day: int | None
    birth_estimated: bool
    sex: str | None
    nationality: str | None
    source: str


@dataclass(frozen=True)
class _Person:
    given: tuple[str, ...]
    family: tuple[str, ...]
    born: tuple[int, int, int]
    sex: str
    nationality: str


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    index = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.35:
        return word[:index] + word[index + 1 :]  # a letter left out
    if kind < 0.7:
        letter = word[index].lower()
        return word[:index] + KEYBOARD_NEIGHBOURS.get(letter, letter) + word[index + 1 :]
    return word[:index] + word[index] + word[index:]  # a letter doubled


def _spelling(rng: random.Random, forms: tuple[str, ...], arabic_script: bool) -> str:
    arabic, latin = forms[0], forms[1:]
    if arabic_script and arabic:
        return arabic
    spelled = rng.choice(latin)
    if rng.random() < 0.08:
        spelled = _typo(rng, spelled)
    return spelled.upper() if rng.random() < 0.2 else spelled


def _compound_families() -> list[tuple[str, ...]]:
    names: list[tuple[str, ...]] = []
    for arabic_root, *latin_roots in ROOTS:
        for particle, joiner, patterns in PARTICLES:
            arabic = f"{particle}{joiner}{arabic_root}" if particle else arabic_root
            latin = tuple(dict.fromkeys(pattern.format(root) for pattern in patterns for root in latin_roots))
            names.append((arabic, *latin))
    return names


ARAB_FAMILY = [forms for forms in FAMILY if forms[0]] + _compound_families()
OTHER_FAMILY = [forms for forms in FAMILY if not forms[0]] + WEST_AFRICAN_AND_FRENCH_FAMILY
GIVEN = {
    sex: (
        [forms for forms in pool if forms[0]],
        [forms for forms in pool if not forms[0]] + MORE_GIVEN_WEST_AFRICAN_AND_FRENCH[sex],
    )
    for sex, pool in (("female", FEMALE), ("male", MALE))
}


def _person(rng: random.Random) -> _Person:
    sex = rng.choice(["female", "female", "male"])
    nationality = rng.choice(NATIONALITIES)
    arab = nationality in ARABIC_NAMES_NATIONALITIES
    arab_given, other_given = GIVEN[sex]
    given = rng.choice(arab_given if arab else other_given)
    family = rng.choice(ARAB_FAMILY if arab else OTHER_FAMILY)
    born = (rng.randint(1975, 2012), rng.randint(1, 12), rng.randint(1, 28))
    return _Person(given, family, born, sex, nationality)


def _registration(
    rng: random.Random, person: _Person, person_id: int, record_id: str, source: str
) -> Registration:
    arabic_script = bool(person.given[0]) and rng.random() < 0.35
    given = _spelling(rng, person.given, arabic_script)
    family = _spelling(rng, person.family, arabic_script)
    if rng.random() < 0.08:
        given, family = family, given
    if rng.random() < 0.07:
        family = ""
    year, month, day = person.born
    estimated = False
    shape = rng.random()
    if shape < 0.45:
        parts: tuple[int | None, int | None, int | None] = (year, month, day)
    elif shape < 0.55:
        parts = (year, day, month) if day <= 12 else (year, month, day)  # transposed
    elif shape < 0.68:
        parts = (year, month, None)
    elif shape < 0.83:
        parts = (year, None, None)
    elif shape < 0.95:
        parts, estimated = (year + rng.choice([-2, -1, 0, 1, 2]), None, None), True
    else:
        parts = (None, None, None)
    nationality: str | None = person.nationality
    if rng.random() < 0.12:
        nationality = None
    elif rng.random() < 0.03:
        nationality = rng.choice(NATIONALITIES)
    sex: str | None = person.sex if rng.random() > 0.03 else None
    return Registration(record_id, person_id, given, family, *parts, estimated, sex, nationality, source)


def registrations(records: int, *, seed: int = 2026) -> list[Registration]:
    """About ``records`` registrations: persons registered one to five times (mostly once or twice), each
    time by a different agency."""
    rng = random.Random(seed)
    found: list[Registration] = []
    person_id = 0
    while len(found) < records:
        person = _person(rng)
        times = rng.choices([1, 2, 3, 4, 5], weights=[45, 30, 14, 7, 4])[0]
        for source in rng.sample(AGENCIES, times):
            found.append(_registration(rng, person, person_id, f"r{len(found)}", source))
        person_id += 1
    return found[:records]
