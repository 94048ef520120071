# ruff: noqa: E501 -- name lists, one row of names a line
"""Synthetic multi-agency registrations with known truth, for the linkage benchmark.

Persons with Maghreb, Middle-Eastern, West-African and French names are each registered one to five times
by different agencies (hotline, police, gendarmerie, shelters, NGOs), in Arabic script or in one of several
Latin spellings, with the errors registrations really carry: typos, given and family name swapped, family
name missing, birth date partial (year and month, year only), estimated ("about 25") or with day and month
transposed, nationality missing or wrong. Some registrations carry a document number (the police usually
record a CIN or passport, the hotline rarely) or a phone number (the hotline usually), sometimes mistyped,
sometimes another document of the same person, and a phone is sometimes a contact number shared by several
persons (a recruiter's, an employer's, a relative's). Both reach the matcher only as opaque keys, as the
real system's blind indexes do, so the matcher can test them for equality and nothing else.

Names are drawn by a long-tailed frequency: a few family names are common (Alaoui, Diallo, Martin), most
are rare. Maghreb and Middle-Eastern family names are composed as such names are (Ben / Bou / El / Aït /
Abou + a root, or the root with the -i of origin), West-African and French ones come from lists. After every such name,
in the rarest ranks, comes a tail of names of origin (nisba): Mansouri, Ziani, Aissaoui, Hamzaoui formed
from the roots and given names by the -i / -aoui rule of Maghreb usage, bare or with the article, and a
hand-written list of names of places and tribes (Slaoui, Tlemcani, Regragui); a nisba already among the
common names stays common. The
frequency ranks are fixed by a separate seed, so every run sees the same population of names.

Independence from the matcher: every spelling below is a whole-name variant written down name by name (or
root by root, then put together with the particle's own written forms), as the names appear in civil
status, consular and press usage. Nothing here imports the matcher, and its letter rules
(``sanad.linkage.names``) were not used to write or check these lists: a variant that the rules do not
reduce to the same skeleton stays in and costs recall, as it would in real data.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

Forms = tuple[str, ...]  # (Arabic or "", Latin spellings...)

FEMALE_ARAB: list[Forms] = [
    ("فاطمة", "Fatima", "Fatma", "Fatimah", "Fadma"), ("خديجة", "Khadija", "Khadidja", "Khadiga"),
    ("أمينة", "Amina", "Aminah", "Ameena"), ("عائشة", "Aicha", "Aïcha", "Aisha", "Aisa"),
    ("مريم", "Meryem", "Maryam", "Mariam", "Meriem"), ("زينب", "Zineb", "Zaynab", "Zeinab"),
    ("نادية", "Nadia", "Nadiya"), ("سعاد", "Souad", "Suad", "Soad"), ("حنان", "Hanane", "Hanan"),
    ("سميرة", "Samira", "Sameera"), ("ليلى", "Leila", "Layla", "Laila"), ("هاجر", "Hajar", "Hadjer", "Hagar"),
    ("سلمى", "Salma", "Selma"), ("نوال", "Naoual", "Nawal"), ("إيمان", "Imane", "Iman", "Imen"),
    ("كريمة", "Karima", "Kerima"), ("لطيفة", "Latifa", "Latefa"), ("رشيدة", "Rachida", "Rashida"),
    ("حليمة", "Halima", "Halimah"), ("وفاء", "Wafae", "Wafa", "Ouafae"), ("يسرى", "Yousra", "Yusra", "Yosra"),
    ("سكينة", "Sakina", "Soukaina", "Sukayna"), ("نجاة", "Najat", "Nadjat"), ("بشرى", "Bouchra", "Bushra"),
    ("سناء", "Sanaa", "Sana", "Sanae"), ("أسماء", "Asmaa", "Asma", "Esma"), ("هدى", "Houda", "Huda", "Hoda"),
    ("نور", "Nour", "Noor", "Nur"), ("ياسمين", "Yasmine", "Yasmin", "Jasmine"), ("سارة", "Sara", "Sarah"),
    ("غزلان", "Ghizlane", "Ghizlan", "Rizlane"), ("إكرام", "Ikram", "Ikrame"), ("مليكة", "Malika", "Melika"),
    ("زهرة", "Zahra", "Zohra", "Zahrae"), ("رجاء", "Rajae", "Raja", "Radja"), ("دنيا", "Dounia", "Dunya", "Donia"),
    ("شيماء", "Chaimae", "Shaimaa", "Chaima"), ("هند", "Hind", "Hende"), ("فدوى", "Fadoua", "Fadwa"),
    ("جميلة", "Jamila", "Djamila", "Gamila"), ("نعيمة", "Naima", "Naïma", "Naeema"), ("سهام", "Siham", "Sihame"),
    ("وردة", "Warda", "Ouarda"), ("ربيعة", "Rabia", "Rabiaa", "Rebiha"), ("حياة", "Hayat", "Hayet"),
    ("لبنى", "Loubna", "Lubna"), ("منى", "Mouna", "Mona", "Muna"), ("رانيا", "Rania", "Ranya"),
    ("دعاء", "Douae", "Doaa", "Duaa"), ("صفاء", "Safae", "Safa", "Safaa"), ("عزيزة", "Aziza", "Azziza"),
    ("رقية", "Rokia", "Ruqayya", "Roukaya"), ("جنات", "Jannat", "Djenat"), ("هيفاء", "Haifa", "Haifae"),
]  # fmt: skip
MALE_ARAB: list[Forms] = [
    ("محمد", "Mohamed", "Mohammed", "Muhammad", "Mhamed"), ("أحمد", "Ahmed", "Ahmad", "Hmed"),
    ("يوسف", "Youssef", "Youcef", "Yusuf", "Yousef"), ("عبد القادر", "Abdelkader", "Abd el Kader", "Abdulkadir"),
    ("بلقاسم", "Belkacem", "Belgacem", "Belkassem"), ("حسن", "Hassan", "Hasan", "Hassane"),
    ("حسين", "Hussein", "Houssine", "Hossein"), ("إبراهيم", "Brahim", "Ibrahim", "Ebrahim"),
    ("مصطفى", "Mustapha", "Moustafa", "Mostafa"), ("عمر", "Omar", "Umar", "Omer"), ("كريم", "Karim", "Kareem"),
    ("رشيد", "Rachid", "Rashid", "Rached"), ("سعيد", "Said", "Saïd", "Saeed"), ("خالد", "Khalid", "Khaled"),
    ("جمال", "Jamal", "Djamel", "Jamel"), ("نبيل", "Nabil", "Nabeel"), ("عادل", "Adil", "Adel"),
    ("طارق", "Tarik", "Tariq", "Tarek"), ("هشام", "Hicham", "Hisham", "Hichem"), ("عثمان", "Othmane", "Othman", "Osman"),
    ("إدريس", "Driss", "Idriss", "Idris"), ("عبد الله", "Abdellah", "Abdallah", "Abdullah"),
    ("أيوب", "Ayoub", "Ayyub", "Ayoube"), ("حمزة", "Hamza", "Hamzah"), ("أنس", "Anas", "Anass"),
    ("مهدي", "Mehdi", "Mahdi"), ("ياسين", "Yassine", "Yasin", "Yacine"), ("إلياس", "Ilyas", "Elias", "Ilias"),
    ("زكرياء", "Zakaria", "Zakariya", "Zakariae"), ("سفيان", "Soufiane", "Sofiane", "Sufyan"),
    ("بلال", "Bilal", "Belal"), ("عبد الرحمن", "Abderrahmane", "Abdelrahman", "Abdul Rahman"),
    ("منير", "Mounir", "Munir"), ("نور الدين", "Noureddine", "Nour Eddine", "Nuruddin"),
    ("عزيز", "Aziz", "Azziz"), ("مراد", "Mourad", "Murad"), ("فؤاد", "Fouad", "Fuad"), ("وليد", "Walid", "Oualid"),
    ("سليمان", "Slimane", "Soulaimane", "Sulayman"), ("عماد", "Imad", "Imade", "Emad"),
]  # fmt: skip
FEMALE_WEST_AFRICAN: list[Forms] = [
    ("", "Aminata", "Aminatou"), ("", "Fatoumata", "Fatimata", "Fatoumatta"), ("", "Mariama", "Mariamma"),
    ("", "Awa", "Aoua"), ("", "Kadiatou", "Kadiatu", "Khadiatou"), ("", "Adama", "Addama"),
    ("", "Aissatou", "Aïssatou", "Aisatou"), ("", "Oumou", "Umu"), ("", "Fanta", "Fantah"), ("", "Rokia", "Rokiya"),
    ("", "Djeneba", "Jeneba"), ("", "Assa", "Asa"), ("", "Ramatoulaye", "Ramatulaye"), ("", "Ndeye", "Ndèye"),
    ("", "Coumba", "Kumba"), ("", "Hawa", "Haoua"), ("", "Mariam", "Maryam"), ("", "Salimata", "Salimatou"),
    ("", "Bintou", "Bintu"), ("", "Nafissatou", "Nafisatu"), ("", "Dieynaba", "Dienaba"), ("", "Khady", "Kadi"),
    ("", "Chioma", "Chiomah"), ("", "Ngozi", "Ngozy"), ("", "Adaeze", "Adaézé"), ("", "Ama", "Amah"),
    ("", "Akosua", "Akossua"), ("", "Blessing", "Blesing"), ("", "Grace", "Grâce"), ("", "Joy", "Joie"),
    ("", "Esther", "Ester"), ("", "Precious", "Presious"), ("", "Favour", "Favor"), ("", "Peace", "Pease"),
    ("", "Mercy", "Mercie"), ("", "Comfort", "Confort"), ("", "Gift", "Gifty"), ("", "Patience", "Patiance"),
    ("", "Yetunde", "Yétundé"), ("", "Funmilayo", "Funmilola"), ("", "Abena", "Abenah"), ("", "Efua", "Effua"),
]  # fmt: skip
MALE_WEST_AFRICAN: list[Forms] = [
    ("", "Mamadou", "Mamadu"), ("", "Moussa", "Musa"), ("", "Ousmane", "Usman", "Ousman"),
    ("", "Ibrahima", "Ibrahimah"), ("", "Cheikh", "Sheikh", "Shaykh"), ("", "Boubacar", "Bubakar", "Aboubacar"),
    ("", "Seydou", "Seidou", "Saydou"), ("", "Lamine", "Lamin"), ("", "Amadou", "Ahmadou", "Amadu"),
    ("", "Souleymane", "Suleiman", "Souleimane"), ("", "Modibo", "Modibbo"), ("", "Bakary", "Bakari"),
    ("", "Issa", "Isa"), ("", "Oumar", "Umar"), ("", "Sekou", "Sékou"), ("", "Aliou", "Alioune"),
    ("", "Abdoulaye", "Abdulai", "Abdoulay"), ("", "Mohamadou", "Mouhamadou"), ("", "Karamoko", "Karamogo"),
    ("", "Chinedu", "Chinedou"), ("", "Emeka", "Emekah"), ("", "Kwame", "Kwamé"), ("", "Kofi", "Koffi"),
    ("", "Yaw", "Yao"), ("", "Emmanuel", "Emanuel"), ("", "Samuel", "Samuël"), ("", "Godwin", "Godwine"),
    ("", "Chukwuemeka", "Chukwuemeka"), ("", "Oluwaseun", "Oluwasegun"), ("", "Kouadio", "Kwadio"),
]  # fmt: skip
FEMALE_FRENCH: list[Forms] = [
    ("", "Marie", "Mary"), ("", "Nathalie", "Natalie"), ("", "Sophie", "Sofie"), ("", "Chantal", "Shantal"),
    ("", "Claire", "Clair"), ("", "Julie", "Juli"), ("", "Camille", "Kamille"), ("", "Céline", "Celine"),
    ("", "Isabelle", "Isabel"), ("", "Sandrine", "Sandrin"), ("", "Émilie", "Emilie", "Emily"),
    ("", "Laetitia", "Lætitia", "Letitia"), ("", "Audrey", "Audrée"), ("", "Manon", "Mannon"),
    ("", "Léa", "Lea"), ("", "Chloé", "Chloe"), ("", "Pauline", "Paulin"), ("", "Aurélie", "Aurelie"),
    ("", "Stéphanie", "Stephanie"), ("", "Valérie", "Valerie"),
]  # fmt: skip
MALE_FRENCH: list[Forms] = [
    ("", "Pierre", "Pier"), ("", "Jean", "Jehan"), ("", "Olivier", "Oliver"), ("", "Thomas", "Tomas"),
    ("", "Nicolas", "Nikolas"), ("", "Julien", "Julian"), ("", "Sébastien", "Sebastien"),
    ("", "Mathieu", "Matthieu", "Mathieux"), ("", "François", "Francois"), ("", "Stéphane", "Stephane"),
    ("", "Guillaume", "Guilaume"), ("", "Antoine", "Antoin"),
]  # fmt: skip

# Roots of Maghreb and Middle-Eastern family names: (Arabic, Latin spellings of the root). The particles
# below make Ben Ziane, Bouziane, Aït Ziane, El Ziane, Ziani, Ziane out of one root.
ROOTS: list[Forms] = [
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
    ("كريم", "Karim", "Krim"), ("علال", "Allal", "Alal"), ("عبد الله", "Abdellah", "Abdallah", "Abdullah"),
    ("عبد السلام", "Abdeslam", "Abdessalam", "Abdul Salam"), ("عبد الرحيم", "Abderrahim", "Abdelrahim"),
    ("عبد اللطيف", "Abdellatif", "Abdelatif"), ("عبد العزيز", "Abdelaziz", "Abdulaziz"),
    ("عبد الحق", "Abdelhak", "Abdelhaq"), ("عبد الكريم", "Abdelkrim", "Abdelkarim"),
    ("جيلالي", "Jilali", "Djilali", "Gilali"), ("يعقوب", "Yacoub", "Yakoub", "Yaqub"), ("إسماعيل", "Smail", "Ismail"),
    ("أمغار", "Amghar", "Amrar"), ("أوراغ", "Ouragh", "Ourag"), ("أودير", "Oudir", "Oudhir"),
    ("أمزيان", "Amziane", "Amezian"), ("أكناو", "Aknaou", "Aknaw"), ("ويحيى", "Ouyahia", "Ouyahya"),
    ("إيدير", "Idir", "Yidir"), ("مقران", "Mokrane", "Moqrane"), ("أعراب", "Arab", "Aarab"),
    ("حساين", "Hassaine", "Hassain"), ("لحسن", "Lahcen", "Lahsen", "Lahssen"), ("الحسين", "Lhoussine", "Lahoucine"),
    ("زهير", "Zouhair", "Zuhair", "Zouheir"), ("عزوز", "Azzouz", "Azouz"), ("بوجمعة", "Boujemaa", "Boudjemaa"),
    ("جمعة", "Jemaa", "Djemaa", "Joumaa"), ("خميس", "Khemis", "Khamis"), ("صديق", "Seddik", "Saddik", "Siddiq"),
    ("رحمون", "Rahmoun", "Rahmoune"), ("شكري", "Chokri", "Choukri", "Shukri"), ("مرزوق", "Merzouk", "Marzouk", "Marzuq"),
    ("برك", "Berk", "Bark"), ("غالب", "Ghaleb", "Ghalib"), ("زبير", "Zoubir", "Zubair"), ("ميلود", "Miloud", "Mouloud"),
    ("حمادي", "Hammadi", "Hamadi"), ("عبيد", "Abid", "Obeid"), ("كمال", "Kamal", "Kamel"),
    ("نجار", "Najjar", "Nadjar", "Naggar"), ("حداد", "Haddad", "Hadad"), ("خياط", "Khayat", "Khayyat"),
    ("فخار", "Fakhar", "Fekhar"), ("صباغ", "Sabbagh", "Sebbagh"), ("عطار", "Attar", "Atar"),
    ("جزار", "Jazzar", "Djazzar"), ("بناء", "Bennai", "Bannay"), ("حلاق", "Hallak", "Hallaq"),
    ("خطيب", "Khatib", "Khateeb"), ("قاضي", "Kadi", "Qadi", "Cadi"), ("فقيه", "Fkih", "Faqih", "Fekih"),
    ("إمام", "Imam", "Imame"), ("شيخ", "Cheikh", "Sheikh"), ("حاج", "Hadj", "Haj", "Hajj"),
    ("سوسي", "Soussi", "Sousi"), ("فاسي", "Fassi", "Fasi"), ("مراكشي", "Marrakchi", "Marrakshi"),
    ("رباطي", "Rbati", "Ribati"), ("تازي", "Tazi", "Taazi"), ("وزاني", "Ouazzani", "Wazzani"),
    ("إدريسي", "Idrissi", "Drissi"), ("علوي", "Alaoui", "Alaoui", "Alawi"), ("حسني", "Hassani", "Hasani"),
    ("عمراني", "Amrani", "Omrani"), ("شرقاوي", "Cherkaoui", "Charkaoui", "Sharqawi"), ("غربي", "Gharbi", "Garbi"),
    ("جبلي", "Jebli", "Djebli", "Jabali"), ("صحراوي", "Sahraoui", "Sahrawi"), ("ريفي", "Rifi", "Riffi"),
    ("دكالي", "Doukkali", "Doukali", "Dukkali"), ("زموري", "Zemmouri", "Zammouri"), ("تونسي", "Tounsi", "Tunsi"),
    ("مصري", "Masri", "Misri"), ("حلبي", "Halabi", "Halaby"), ("شامي", "Chami", "Shami"), ("بغدادي", "Baghdadi", "Bagdadi"),
    ("خوري", "Khoury", "Khouri", "Khuri"), ("زعبي", "Zoubi", "Zubi"), ("حمدان", "Hamdan", "Hamdane"),
    ("عثمان", "Othmane", "Osman", "Uthman"), ("نعيمي", "Naimi", "Nouaimi"), ("جبوري", "Jabouri", "Jubouri"),
    ("دليمي", "Dulaimi", "Dlimi", "Doulaimi"), ("تميمي", "Tamimi", "Temimi"), ("شمري", "Shammari", "Chammari"),
    ("عنزي", "Anazi", "Enezi"), ("قحطاني", "Qahtani", "Kahtani"), ("حريري", "Hariri", "Harriri"),
    ("أسعد", "Asaad", "Assad", "Asad"), ("سعدي", "Saadi", "Saâdi", "Sadi"), ("رفاعي", "Rifai", "Refai", "Rifaei"),
    ("كردي", "Kurdi", "Kordi"), ("عطية", "Attia", "Atiya", "Atia"), ("رزق", "Rizk", "Rizq", "Rezk"),
    ("منصف", "Moncef", "Munsif"), ("لعروسي", "Laaroussi", "Arousi"), ("بوشعيب", "Bouchaib", "Bouchaïb"),
    ("عياشي", "Ayachi", "Ayyashi"), ("هواري", "Houari", "Hawari"), ("مداني", "Madani", "Medani"),
    ("بلعيد", "Belaid", "Belaïd"), ("تواتي", "Touati", "Tuati"), ("ساحلي", "Sahli", "Sahili"),
    ("زروقي", "Zerrouki", "Zarrouki"), ("بوخاري", "Boukhari", "Bukhari"), ("جعفري", "Jaafari", "Djaafri", "Jaafri"),
    ("عسكري", "Askri", "Askari"), ("فيلالي", "Filali", "Fillali"), ("كتاني", "Kettani", "Kattani"),
    ("بركاني", "Berkani", "Barkani"), ("وهبي", "Wahbi", "Ouahbi"), ("ناجي", "Naji", "Nadji"),
    ("صبري", "Sabri", "Sabry"), ("فتحي", "Fathi", "Fethi"), ("خالدي", "Khaldi", "Khalidi"),
    ("مرابط", "Mrabet", "Mourabit", "Merabet"), ("بوعزة", "Bouazza", "Bouaza"), ("عرفاوي", "Arfaoui", "Arfawi"),
    ("شابي", "Chebbi", "Chabbi"), ("جلاصي", "Jelassi", "Djelassi"), ("طرابلسي", "Trabelsi", "Trabulsi"),
    ("سويسي", "Souissi", "Swissi"), ("مزوغي", "Mzoughi", "Mezoughi"), ("عياري", "Ayari", "Ayyari"),
    ("حمامي", "Hammami", "Hamami"), ("دريدي", "Dridi", "Deridi"), ("بوغانمي", "Boughanmi", "Bouganmi"),
    ("عبيدي", "Abidi", "Obeidi"), ("نصيري", "Nciri", "Nasiri", "Nassiri"), ("ماجري", "Mejri", "Majri"),
]  # fmt: skip
# Particles of Maghreb family names: (Arabic particle with its joiner, Latin patterns with "{}" for the
# root). "" keeps the root alone.
MAGHREB_PARTICLES: list[tuple[str, tuple[str, ...]]] = [
    ("", ("{}",)),
    ("بن ", ("Ben{}", "Ben {}", "Ben-{}")),
    ("بو", ("Bou{}", "Bou {}", "Bu{}")),
    ("ال", ("El {}", "{}", "El-{}", "Al {}")),
    ("آيت ", ("Ait {}", "Aït {}", "Ait-{}")),
    ("أولاد ", ("Ouled {}", "Oulad {}", "Ould {}")),
]
MIDDLE_EAST_PARTICLES: list[tuple[str, tuple[str, ...]]] = [
    ("", ("{}",)),
    ("ال", ("Al-{}", "Al {}", "El {}", "{}")),
    ("أبو ", ("Abu {}", "Abou {}", "Abu-{}")),
]
SAHEL_FAMILY: list[Forms] = [  # Senegal, Mali, Guinea
    ("", "Diallo", "Dialo", "Jallow"), ("", "Traoré", "Traore", "Traorè"), ("", "Coulibaly", "Kulibali", "Koulibaly"),
    ("", "Diop", "Diope"), ("", "Ndiaye", "N'Diaye", "Ndiay"), ("", "Camara", "Kamara"), ("", "Keita", "Keïta", "Kéita"),
    ("", "Touré", "Toure", "Ture"), ("", "Sow", "Sou"), ("", "Ba", "Bah"), ("", "Sylla", "Sila"), ("", "Barry", "Bary"),
    ("", "Koné", "Kone", "Konee"), ("", "Cissé", "Cisse", "Sisse"), ("", "Sangaré", "Sangare"),
    ("", "Konaté", "Konate", "Konnate"), ("", "Fofana", "Fofanah"), ("", "Bamba", "Bamaba"),
    ("", "Ouattara", "Wattara", "Ouatara"), ("", "Sanogo", "Sanogho"), ("", "Doumbia", "Dumbia"),
    ("", "Kouyaté", "Kouyate"), ("", "Bangoura", "Bangura"), ("", "Soumah", "Souma", "Sumah"), ("", "Baldé", "Balde"),
    ("", "Sarr", "Sar"), ("", "Faye", "Fay"), ("", "Gueye", "Guèye", "Gaye"), ("", "Mbaye", "M'Baye"),
    ("", "Seck", "Sek"), ("", "Niang", "Nyang"), ("", "Thiam", "Tiam"), ("", "Fall", "Fal"), ("", "Sall", "Sal"),
    ("", "Diouf", "Diouff"), ("", "Ndour", "N'Dour"), ("", "Mbengue", "M'Bengue"), ("", "Sène", "Sene"),
    ("", "Dembélé", "Dembele"), ("", "Sissoko", "Sisoko"), ("", "Tall", "Tal"), ("", "Wade", "Wadé"),
    ("", "Diarra", "Diara", "Jara"), ("", "Kanté", "Kante"), ("", "Dramé", "Drame"), ("", "Diakité", "Diakite"),
    ("", "Sidibé", "Sidibe"), ("", "Samaké", "Samake"), ("", "Maïga", "Maiga"), ("", "Cissoko", "Sissoko"),
    ("", "Condé", "Conde", "Kondé"), ("", "Soumaoro", "Sumaworo"), ("", "Kaba", "Kabba"), ("", "Sy", "Si"),
    ("", "Kourouma", "Kuruma"), ("", "Yattara", "Yatara"), ("", "Coulibali", "Kulibaly"), ("", "Kamissoko", "Kamisoko"),
    ("", "Sakho", "Sakko"), ("", "Kebe", "Kébé"), ("", "Ndao", "N'Dao"), ("", "Diagne", "Diagné"),
    ("", "Lo", "Loh"), ("", "Mané", "Mane"), ("", "Badji", "Badgi"), ("", "Diatta", "Diata"),
]  # fmt: skip
NIGERIAN_FAMILY: list[Forms] = [
    ("", "Okafor", "Okaphor"), ("", "Adeyemi", "Adeyemy"), ("", "Eze", "Ezeh"), ("", "Nwosu", "Nwoso"),
    ("", "Obi", "Obih"), ("", "Chukwu", "Chukwuh"), ("", "Olawale", "Olawalé"), ("", "Okonkwo", "Okonko"),
    ("", "Adebayo", "Adebayor"), ("", "Ogunleye", "Ogunleyé"), ("", "Balogun", "Ballogun"), ("", "Okoro", "Okorro"),
    ("", "Ibrahim", "Ibraheem"), ("", "Bello", "Belo"), ("", "Abubakar", "Aboubakar"), ("", "Yusuf", "Yousouf"),
    ("", "Musa", "Moussa"), ("", "Osagie", "Osaghie"), ("", "Igbinedion", "Igbinidion"), ("", "Omoregie", "Omoreggie"),
    ("", "Edosa", "Edossa"), ("", "Osaro", "Osarro"), ("", "Aigbe", "Aigbé"), ("", "Ehigie", "Ehigiator"),
    ("", "Obaseki", "Obasseki"), ("", "Ogbebor", "Ogbeobor"), ("", "Iyamu", "Iyamou"), ("", "Osayande", "Osayandé"),
    ("", "Uwadia", "Uwadiae"), ("", "Ekhator", "Ekator"), ("", "Idahosa", "Idahossa"), ("", "Osemwegie", "Osemwengie"),
    ("", "Edobor", "Edebor"), ("", "Agbonlahor", "Agbonlaho"), ("", "Ighodaro", "Igodaro"), ("", "Omorodion", "Omorodian"),
    ("", "Eweka", "Eweeka"), ("", "Oviawe", "Oviawé"), ("", "Ogunbiyi", "Ogunbiyi"), ("", "Nnamdi", "Namdi"),
    ("", "Uche", "Uchey"), ("", "Nwachukwu", "Nwachukwuh"), ("", "Okeke", "Okéké"), ("", "Onyeka", "Onyekah"),
    ("", "Adewale", "Adéwalé"), ("", "Oyelaran", "Oyelaren"), ("", "Afolabi", "Afolaby"), ("", "Akande", "Akandé"),
]  # fmt: skip
GHANAIAN_FAMILY: list[Forms] = [
    ("", "Mensah", "Mensa"), ("", "Asante", "Asantey"), ("", "Boateng", "Boatenge"), ("", "Owusu", "Owusuh"),
    ("", "Acheampong", "Achampong"), ("", "Osei", "Oseï"), ("", "Agyeman", "Agyemang"), ("", "Addo", "Ado"),
    ("", "Amoah", "Amoa"), ("", "Ofori", "Offori"), ("", "Darko", "Darco"), ("", "Appiah", "Appia"),
]  # fmt: skip
IVORIAN_FAMILY: list[Forms] = [
    ("", "Kouassi", "Kwasi", "Kouasi"), ("", "Kouamé", "Kouame", "Kwame"), ("", "Yao", "Yaho"),
    ("", "Koffi", "Kofi"), ("", "Kouadio", "Kwadio"), ("", "N'Guessan", "Nguessan", "N'Gessan"),
    ("", "Konan", "Konnan"), ("", "Brou", "Brout"), ("", "Aka", "Akah"), ("", "Gnagne", "Niagne"),
    ("", "Koné", "Kone"), ("", "Ouattara", "Wattara"), ("", "Coulibaly", "Koulibaly"), ("", "Bamba", "Bamaba"),
    ("", "Gbagbo", "Gbabo"), ("", "Zadi", "Zady"), ("", "Tano", "Tanoh"), ("", "Kra", "Krah"),
]  # fmt: skip
CAMEROONIAN_FAMILY: list[Forms] = [
    ("", "Mbarga", "M'Barga"), ("", "Nkemelu", "Nkemelou"), ("", "Fotso", "Fotsso"), ("", "Kamdem", "Kamdème"),
    ("", "Nana", "Nanah"), ("", "Tchoupo", "Choupo"), ("", "Ngono", "N'Gono"), ("", "Atangana", "Atanganah"),
    ("", "Etoundi", "Etundi"), ("", "Biya", "Biyah"), ("", "Essomba", "Esomba"), ("", "Manga", "Mangah"),
    ("", "Ngo", "N'Go"), ("", "Tchamba", "Chamba"), ("", "Nkoulou", "Nkulu"), ("", "Onana", "Onanah"),
    ("", "Mvondo", "M'Vondo"), ("", "Abena", "Abéna"), ("", "Ndongo", "N'Dongo"), ("", "Tagne", "Tagné"),
]  # fmt: skip
FRENCH_FAMILY: list[Forms] = [
    ("", "Martin", "Martín"), ("", "Bernard", "Bernhard"), ("", "Dubois", "Du Bois"), ("", "Thomas", "Tomas"),
    ("", "Robert", "Robers"), ("", "Richard", "Richart"), ("", "Petit", "Petitt"), ("", "Durand", "Durant"),
    ("", "Leroy", "Le Roy"), ("", "Moreau", "Moro"), ("", "Simon", "Symon"), ("", "Laurent", "Lorent"),
    ("", "Lefèvre", "Lefebvre", "Lefevre"), ("", "Michel", "Michelle"), ("", "Garcia", "Garsia"),
    ("", "David", "Davide"), ("", "Bertrand", "Bertran"), ("", "Roux", "Rou"), ("", "Vincent", "Vinsent"),
    ("", "Fournier", "Fornier"), ("", "Morel", "Morell"), ("", "Girard", "Gérard"), ("", "André", "Andre"),
    ("", "Mercier", "Mercié"), ("", "Dupont", "Du Pont"), ("", "Lambert", "Lamber"), ("", "Bonnet", "Bonet"),
    ("", "François", "Francois"), ("", "Martinez", "Martines"), ("", "Legrand", "Le Grand"),
    ("", "Garnier", "Garnié"), ("", "Faure", "Fore"), ("", "Rousseau", "Rousseaux"), ("", "Blanc", "Blanck"),
    ("", "Guérin", "Guerin"), ("", "Muller", "Müller", "Mueller"), ("", "Henry", "Henri"),
    ("", "Roussel", "Rousel"), ("", "Nicolas", "Nikolas"), ("", "Perrin", "Perin"), ("", "Morin", "Maurin"),
    ("", "Mathieu", "Matthieu"), ("", "Clément", "Clement"), ("", "Gauthier", "Gautier"),
    ("", "Dumont", "Du Mont"), ("", "Lopez", "Lopes"), ("", "Fontaine", "Fontain"), ("", "Chevalier", "Chevallier"),
    ("", "Robin", "Robbin"), ("", "Masson", "Mason"), ("", "Sanchez", "Sanches"), ("", "Gérard", "Gerard"),
    ("", "Nguyen", "Nguyên"), ("", "Boyer", "Boyé"), ("", "Denis", "Denys"), ("", "Lemaire", "Le Maire"),
    ("", "Duval", "Du Val"), ("", "Joly", "Joli"), ("", "Gautier", "Gauthier"), ("", "Roger", "Rogé"),
    ("", "Roche", "Rosh"), ("", "Roy", "Roi"), ("", "Noël", "Noel"), ("", "Meyer", "Meier"), ("", "Lucas", "Lukas"),
    ("", "Meunier", "Meusnier"), ("", "Jean", "Jehan"), ("", "Perez", "Peres"), ("", "Marchand", "Marchant"),
    ("", "Dufour", "Du Four"), ("", "Blanchard", "Blanchart"), ("", "Marie", "Mary"), ("", "Barbier", "Barbié"),
]  # fmt: skip

# Nationalities by share of the registrations in a Maghreb country's anti-trafficking system, with the
# origin of the names each gives.
NATIONALITIES: list[tuple[str, str, float]] = [
    ("MAR", "maghreb", 50), ("DZA", "maghreb", 5), ("TUN", "maghreb", 3), ("SYR", "middle_east", 4),
    ("EGY", "middle_east", 1.5), ("IRQ", "middle_east", 0.8), ("YEM", "middle_east", 0.7),
    ("SEN", "sahel", 5), ("CIV", "ivorian", 7), ("NGA", "nigerian", 8), ("MLI", "sahel", 4),
    ("GIN", "sahel", 5), ("CMR", "cameroonian", 4), ("GHA", "ghanaian", 1.5), ("FRA", "french", 1),
]  # fmt: skip
# French given names among West-African persons (English Christian names are in the West-African lists).
FRENCH_GIVEN_SHARE = {"CMR": 0.45, "CIV": 0.35, "SEN": 0.1, "NGA": 0.02, "GHA": 0.02}
AGENCIES = ["hotline", "police", "gendarmerie", "shelter-casa", "shelter-tanger", "ngo-oujda", "ngo-rabat"]
# Share of an agency's registrations that record a document (when the person has one) and a phone (when
# the person has one): the police copy an identity document, the hotline notes the number that called.
RECORDS_DOCUMENT = {"hotline": 0.05, "police": 0.7, "gendarmerie": 0.6, "shelter": 0.4, "ngo": 0.2}
RECORDS_PHONE = {"hotline": 0.75, "police": 0.25, "gendarmerie": 0.2, "shelter": 0.3, "ngo": 0.45}
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
    document_key: str | None = None
    phone_key: str | None = None


@dataclass(frozen=True)
class _Person:
    given: Forms
    family: Forms
    born: tuple[int, int, int]
    sex: str
    nationality: str
    documents: tuple[str, ...]
    phones: tuple[str, ...]
    contact_phone: str


def _compose(roots: list[Forms], particles: list[tuple[str, tuple[str, ...]]]) -> list[Forms]:
    names: list[Forms] = []
    for arabic_root, *latin_roots in roots:
        # A name of origin (Alaoui, Tamimi) takes the article or nothing, never Ben or Bou.
        of_origin = latin_roots[0].endswith(("i", "y"))
        for particle, patterns in particles:
            if of_origin and particle not in {"", "ال"}:
                continue
            arabic = f"{particle}{arabic_root}"
            latin = tuple(
                dict.fromkeys(
                    # Written as one word, the root loses its capital: Benziane, Bouazza.
                    pattern.format(root.lower() if pattern[0] != "{" and "{}" in pattern[-2:]
                                   and pattern[-3] not in " -" else root)
                    for pattern in patterns
                    for root in latin_roots
                )
            )  # fmt: skip
            names.append((arabic, *latin))
    return names


# Names of origin from places and tribes of the Maghreb (the nisba, written whole as it is used): the long
# tail of rare family names, each borne by few families.
PLACE_NAMES: list[Forms] = [
    ("السلاوي", "Slaoui", "Slawi"), ("المكناسي", "Meknassi", "Meknasi"), ("التادلي", "Tadli", "Tadili"),
    ("الشاوي", "Chaoui", "Chawi"), ("الرحماني", "Rahmani", "Rhamni"), ("العبدي", "Abdi", "Abdy"),
    ("السرغيني", "Sraghni", "Serghini", "Sarghini"), ("الزعري", "Zaari", "Zaeri"), ("الملالي", "Mellali", "Melali"),
    ("السطاتي", "Settati", "Setati"), ("البرشيدي", "Berrechidi", "Berchidi"), ("الجديدي", "Jdidi", "Djedidi"),
    ("الصويري", "Souiri", "Swiri"), ("الأكاديري", "Agadiri", "Agadiry"), ("التزنيتي", "Tiznaiti", "Tiznitti"),
    ("الروداني", "Roudani", "Rodani"), ("الورزازي", "Ouarzazi", "Warzazi"), ("الزاكوري", "Zagouri", "Zakouri"),
    ("الفكيكي", "Figuigui", "Fguigui"), ("الوجدي", "Oujdi", "Wajdi"), ("الناظوري", "Nadori", "Nadouri"),
    ("الحسيمي", "Hoceimi", "Housaimi"), ("التطواني", "Tetouani", "Titouani", "Tetwani"), ("الطنجاوي", "Tanjaoui", "Tanjawi"),
    ("العرائشي", "Laraichi", "Araichi"), ("القصيري", "Ksiri", "Qsiri"), ("الشفشاوني", "Chefchaouni", "Chaouni"),
    ("التاوناتي", "Taounati", "Tawnati"), ("الصفريوي", "Sefrioui", "Sefriwi"), ("الإفراني", "Ifrani", "Frani"),
    ("الخنيفري", "Khenifri", "Khnifri"), ("الدمناتي", "Demnati", "Damnati"), ("الكلميمي", "Guelmimi", "Glimimi"),
    ("الحوزي", "Haouzi", "Hawzi"), ("الغرباوي", "Gharbaoui", "Gharbawi"), ("الزرهوني", "Zerhouni", "Zarhouni"),
    ("المسيلي", "Msili", "Messili"), ("التلمساني", "Tlemcani", "Tilimsani", "Tlemsani"), ("الوهراني", "Wahrani", "Ouahrani"),
    ("البسكري", "Biskri", "Beskri"), ("السطايفي", "Stayfi", "Setifi"), ("العنابي", "Annabi", "Anabi"),
    ("البجاوي", "Bejaoui", "Bjaoui", "Bejawi"), ("التبسي", "Tebessi", "Tbessi"), ("القيرواني", "Kairouani", "Qairawani"),
    ("الصفاقسي", "Sfaxi", "Sfaksi"), ("القابسي", "Gabsi", "Qabsi"), ("الجربي", "Jerbi", "Djerbi"),
    ("الكافي", "Kefi", "Kafi"), ("المهدوي", "Mahdaoui", "Mahdawi"), ("القفصي", "Gafsi", "Qafsi"),
    ("النفطي", "Nefti", "Nafti"), ("الدرعي", "Draoui", "Drai", "Daraoui"), ("الزياني", "Ziyani", "Zayani"),
    ("البيضاوي", "Bidaoui", "Baidaoui", "Bidawi"), ("القنيطري", "Kenitri", "Qnitri"), ("الخميسي", "Khemissi", "Khmissi"),
    ("الريصاني", "Rissani", "Risani"), ("التنغيري", "Tinghiri", "Tinriri"), ("الأزروي", "Azroui", "Azraoui"),
    ("البركاني", "Berkani", "Barkani"), ("الدبدوبي", "Debdoubi", "Dabdoubi"), ("الجرسيفي", "Guercifi", "Jarsifi"),
    ("التاوريرتي", "Taourirti", "Tawrirti"), ("الزايدي", "Zaidi", "Zayedi"), ("المزابي", "Mzabi", "Mozabi"),
    ("القبايلي", "Kabaili", "Qbaili"), ("الشلحي", "Chelhi", "Chalhi"), ("الأوراسي", "Aurasi", "Aouressi"),
    ("الحياني", "Hayani", "Hyani"), ("الغياثي", "Ghiati", "Ghayati"), ("الزموري", "Zemmouri", "Zamouri"),
    ("البوعناني", "Bouanani", "Bouannani"), ("الأنجري", "Anjari", "Andjari"), ("الوديي", "Oudiyi", "Oudaii"),
    ("السباعي", "Sbai", "Sebai", "Sbaii"), ("الركراكي", "Regragui", "Rgragui", "Rkraki"), ("الحاحي", "Hahi", "Haahi"),
    ("المسفيوي", "Mesfioui", "Masfiwi"), ("الكلاوي", "Glaoui", "Glawi"), ("التوزاني", "Touzani", "Tozani"),
    ("البهلولي", "Bahlouli", "Behlouli"), ("اليعقوبي", "Yacoubi", "Yaakoubi", "Yaqubi"), ("الكرسيفي", "Karsifi", "Kersifi"),
]  # fmt: skip


def _nisba(forms: Forms) -> Forms | None:
    """The name of origin of a root or given name, as such names are formed (Mansour: Mansouri, Ziane:
    Ziani, Aissa: Aissaoui, Hamza: Hamzaoui), one spelling per spelling of the root; None when the root
    already ends in a vowel sound that takes no nisba (Hammou, Ali)."""
    arabic, *latin = forms
    if " " in arabic:  # the servant-of compounds (Abdelaziz) take no nisba
        return None
    spellings: list[str] = []
    for root in latin:
        word = root.replace(" ", "")
        if word.lower().endswith(("ou", "o", "u", "i", "y", "ae", "ah")):
            continue
        if word.lower().endswith("a"):
            spellings += [f"{word}oui", f"{word}wi"]
        elif word.lower().endswith("e"):
            spellings.append(f"{word[:-1]}i")
        else:
            spellings.append(f"{word}i")
    if not spellings:
        return None
    stem = arabic.replace(" ", "")
    # A root ending in a vowel letter (Aissa, Hamza) takes -awi, another -i.
    vowel_ending = stem.rstrip("\u0629\u0649\u0627\u0621")
    arabic_nisba = vowel_ending + "\u0627\u0648\u064a" if vowel_ending != stem else stem + "\u064a"
    return (arabic_nisba, *dict.fromkeys(spellings))


def _rare_maghreb() -> list[Forms]:
    """The tail: names of origin from the roots and given names (bare and with the article) and from
    places and tribes, each rarer than any particle-and-root name."""
    nisbas = [found for forms in ROOTS + MALE_ARAB if (found := _nisba(forms)) is not None]
    with_article = [
        (f"ال{arabic}", *latin, *(f"El {name}" for name in latin[:1])) for arabic, *latin in nisbas
    ]
    return nisbas + with_article + [(arabic, *latin, f"El {latin[0]}") for arabic, *latin in PLACE_NAMES]


class _Pool:
    """Names with a long-tailed frequency: the name of rank r is drawn with weight 1 / (r + offset). Hand
    lists are in order of frequency; composed names are ranked by a fixed shuffle."""

    def __init__(
        self, names: list[Forms], *, offset: float, order_seed: int | None = None, tail: Sequence[Forms] = ()
    ) -> None:
        self.names = list(dict.fromkeys(names))
        # A rare name already among the common ones (by its Arabic form) stays common.
        common = {name[0] for name in self.names if name[0]}
        rare = [name for name in dict.fromkeys(tail) if name[0] not in common]
        if order_seed is not None:
            random.Random(order_seed).shuffle(self.names)  # noqa: S311 -- a fixed ranking, not a secret
            random.Random(order_seed + 1).shuffle(rare)  # noqa: S311
        self.names += rare  # ranked after every common name
        self.cumulative = list(accumulate(1 / (rank + offset) for rank in range(1, len(self.names) + 1)))

    def draw(self, rng: random.Random) -> Forms:
        return rng.choices(self.names, cum_weights=self.cumulative)[0]


FAMILY_POOLS = {
    # Maghreb and Middle-Eastern family names are many and spread out; in the Sahel a few lineage names
    # (Diallo, Traoré, Diop) are very common.
    # Given names are roots of family names too: Benahmed, Bouhassan, Aït Brahim, Ould Ali.
    "maghreb": _Pool(
        _compose(ROOTS + MALE_ARAB, MAGHREB_PARTICLES), offset=50, order_seed=11, tail=_rare_maghreb()
    ),
    "middle_east": _Pool(_compose(ROOTS + MALE_ARAB, MIDDLE_EAST_PARTICLES), offset=30, order_seed=12),
    "sahel": _Pool(SAHEL_FAMILY, offset=4),
    "nigerian": _Pool(NIGERIAN_FAMILY, offset=8),
    "ghanaian": _Pool(GHANAIAN_FAMILY, offset=4),
    "ivorian": _Pool(IVORIAN_FAMILY + SAHEL_FAMILY[:24], offset=4),
    "cameroonian": _Pool(CAMEROONIAN_FAMILY, offset=6),
    "french": _Pool(FRENCH_FAMILY, offset=5),
}
GIVEN_POOLS = {
    ("female", "arab"): _Pool(FEMALE_ARAB, offset=4),
    ("male", "arab"): _Pool(MALE_ARAB, offset=2),
    ("female", "west_africa"): _Pool(FEMALE_WEST_AFRICAN, offset=4),
    ("male", "west_africa"): _Pool(MALE_WEST_AFRICAN, offset=3),
    ("female", "french"): _Pool(FEMALE_FRENCH, offset=4),
    ("male", "french"): _Pool(MALE_FRENCH, offset=3),
}
NATIONALITY_CODES = [code for code, _origin, _share in NATIONALITIES]
NATIONALITY_CUMULATIVE = list(accumulate(share for _code, _origin, share in NATIONALITIES))
ORIGIN = {code: origin for code, origin, _share in NATIONALITIES}


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


def _spelling(rng: random.Random, forms: Forms, arabic_script: bool) -> str:
    arabic, latin = forms[0], forms[1:]
    if arabic_script and arabic:
        return arabic
    spelled = rng.choice(latin)
    if rng.random() < 0.08:
        spelled = _typo(rng, spelled)
    return spelled.upper() if rng.random() < 0.2 else spelled


def _key(kind: str, number: str) -> str:
    """An opaque exact-match key, as the real system's blind index of the canonical number is."""
    return hashlib.sha256(f"{kind}:{number}".encode()).hexdigest()[:24]


def _number(rng: random.Random, digits: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(digits))


def _person(rng: random.Random, contacts: list[str]) -> _Person:
    sex = rng.choice(["female", "female", "male"])
    nationality = rng.choices(NATIONALITY_CODES, cum_weights=NATIONALITY_CUMULATIVE)[0]
    origin = ORIGIN[nationality]
    if origin in {"maghreb", "middle_east"}:
        given = GIVEN_POOLS[sex, "arab"].draw(rng)
    elif origin != "french" and rng.random() >= FRENCH_GIVEN_SHARE.get(nationality, 0.1):
        given = GIVEN_POOLS[sex, "west_africa"].draw(rng)
    else:
        given = GIVEN_POOLS[sex, "french"].draw(rng)
    family = FAMILY_POOLS[origin].draw(rng)
    born = (rng.randint(1975, 2012), rng.randint(1, 12), rng.randint(1, 28))
    # Documents: most Moroccans hold a national identity card, some a passport too; many foreign victims
    # have none left (kept by the recruiter) or only a passport.
    documents: list[str] = []
    if nationality == "MAR":
        if rng.random() < 0.8:
            documents.append(_key("doc", "CIN" + _number(rng, 7)))
        if rng.random() < 0.2:
            documents.append(_key("doc", "PP" + _number(rng, 8)))
    elif rng.random() < 0.45:
        documents.append(_key("doc", nationality + _number(rng, 9)))
    phones = [_key("phone", "2126" + _number(rng, 8))] if rng.random() < 0.75 else []
    if phones and rng.random() < 0.25:
        phones.append(_key("phone", "2127" + _number(rng, 8)))  # a second SIM, a new number
    return _Person(
        given, family, born, sex, nationality, tuple(documents), tuple(phones), rng.choice(contacts)
    )


def _keys(rng: random.Random, person: _Person, agency: str) -> tuple[str | None, str | None]:
    """The document and phone keys an agency records for the person, if any."""
    document: str | None = None
    if person.documents and rng.random() < RECORDS_DOCUMENT[agency]:
        document = rng.choice(person.documents)
        if rng.random() < 0.04:
            document = _key("doc", "mistyped" + _number(rng, 12))  # one digit wrong: another key entirely
    phone: str | None = None
    if rng.random() < RECORDS_PHONE[agency]:
        if rng.random() < 0.12:
            phone = person.contact_phone  # the recruiter's, the employer's or a relative's number
        elif person.phones:
            phone = rng.choice(person.phones)
            if rng.random() < 0.04:
                phone = _key("phone", "mistyped" + _number(rng, 12))
    return document, phone


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
        nationality = rng.choices(NATIONALITY_CODES, cum_weights=NATIONALITY_CUMULATIVE)[0]
    sex: str | None = person.sex if rng.random() > 0.03 else None
    document, phone = _keys(rng, person, source.split("-", maxsplit=1)[0])
    return Registration(
        record_id, person_id, given, family, *parts, estimated, sex, nationality, source, document, phone
    )


def registrations(records: int, *, seed: int = 2026) -> list[Registration]:
    """About ``records`` registrations: persons registered one to five times (mostly once or twice), each
    time by a different agency."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible synthetic data, not a secret
    # Contact numbers shared by several persons: about one for every eight persons.
    contacts = [_key("phone", "2125" + _number(rng, 8)) for _ in range(max(1, records // 16))]
    found: list[Registration] = []
    person_id = 0
    while len(found) < records:
        person = _person(rng, contacts)
        times = rng.choices([1, 2, 3, 4, 5], weights=[45, 30, 14, 7, 4])[0]
        for source in rng.sample(AGENCIES, times):
            found.append(_registration(rng, person, person_id, f"r{len(found)}", source))
        person_id += 1
    return found[:records]
