"""Synthetic but realistic names for demo data: Moroccan names in both scripts, and foreign names.

Every name here is a common given or family name; combinations are drawn at random and describe nobody.
"""

from __future__ import annotations

FEMALE_GIVEN = [
    ("Amina", "أمينة"), ("Fatima Zahra", "فاطمة الزهراء"), ("Khadija", "خديجة"), ("Meryem", "مريم"),
    ("Salma", "سلمى"), ("Hajar", "هاجر"), ("Imane", "إيمان"), ("Nadia", "نادية"), ("Sanaa", "سناء"),
    ("Zineb", "زينب"), ("Houda", "هدى"), ("Latifa", "لطيفة"), ("Asmae", "أسماء"), ("Soukaina", "سكينة"),
    ("Ghizlane", "غزلان"), ("Naima", "نعيمة"), ("Rachida", "رشيدة"), ("Siham", "سهام"), ("Yasmine", "ياسمين"),
    ("Loubna", "لبنى"),
]  # fmt: skip
MALE_GIVEN = [
    ("Mohamed", "محمد"), ("Youssef", "يوسف"), ("Ahmed", "أحمد"), ("Hamza", "حمزة"), ("Omar", "عمر"),
    ("Ayoub", "أيوب"), ("Mehdi", "المهدي"), ("Rachid", "رشيد"), ("Abdellah", "عبد الله"), ("Said", "سعيد"),
    ("Karim", "كريم"), ("Hicham", "هشام"), ("Anas", "أنس"), ("Bilal", "بلال"), ("Ismail", "إسماعيل"),
]  # fmt: skip
FAMILY = [
    ("Benziane", "بن زيان"), ("El Amrani", "العمراني"), ("Alaoui", "العلوي"), ("Bennani", "بناني"),
    ("Tazi", "التازي"), ("El Idrissi", "الإدريسي"), ("Berrada", "برادة"), ("Chraibi", "الشرايبي"),
    ("Ouazzani", "الوزاني"), ("El Fassi", "الفاسي"), ("Benjelloun", "بنجلون"), ("Lahlou", "لحلو"),
    ("Zerouali", "الزروالي"), ("Bouazza", "بوعزة"), ("Belkacem", "بلقاسم"), ("Haddad", "الحداد"),
    ("Naciri", "الناصري"), ("Ait Taleb", "آيت الطالب"), ("Ouahbi", "الوهبي"), ("Skalli", "السقالي"),
]  # fmt: skip
# Foreign victims: (nationality, sex, given, family), Latin script only.
FOREIGN = [
    ("NGA", "female", "Blessing", "Okafor"), ("NGA", "female", "Joy", "Eze"),
    ("NGA", "female", "Precious", "Adeyemi"), ("NGA", "male", "Chinedu", "Obi"),
    ("CMR", "female", "Mireille", "Ngono"), ("CMR", "female", "Arlette", "Mbarga"),
    ("CIV", "female", "Aminata", "Kone"), ("CIV", "female", "Fatou", "Traore"),
    ("SEN", "female", "Awa", "Diop"), ("SEN", "male", "Mamadou", "Ndiaye"),
    ("GIN", "female", "Mariama", "Barry"), ("PHL", "female", "Maria", "Santos"),
    ("PHL", "female", "Rosalie", "Dela Cruz"), ("BGD", "male", "Rahim", "Uddin"),
    ("COD", "female", "Grace", "Mukendi"), ("MLI", "male", "Seydou", "Coulibaly"),
    # FIRST_FOREIGN above this line: the persons' countries are drawn among these rows. More names of the same
    # countries: a foreign person's given and family names are drawn apart, within
    # her country, so that the demo does not hold six different women called Arlette Mbarga.
    ("NGA", "female", "Chioma", "Nwankwo"), ("NGA", "female", "Favour", "Adebayo"),
    ("NGA", "male", "Ikenna", "Uche"), ("CMR", "female", "Brigitte", "Fouda"),
    ("CMR", "female", "Nadège", "Essomba"), ("CIV", "female", "Mariam", "Ouattara"),
    ("CIV", "female", "Affoué", "Kouamé"), ("SEN", "female", "Ndeye", "Sow"), ("SEN", "female", "Astou", "Fall"),
    ("SEN", "male", "Cheikh", "Gueye"), ("GIN", "female", "Hawa", "Camara"), ("GIN", "female", "Kadiatou", "Sylla"),
    ("PHL", "female", "Analyn", "Bautista"), ("COD", "female", "Nathalie", "Kasongo"),
    ("COD", "female", "Ruth", "Mbuyi"), ("MLI", "female", "Oumou", "Sissoko"), ("MLI", "female", "Kadidia", "Dembélé"),
    ("BGD", "female", "Nasrin", "Akter"), ("BGD", "male", "Karim", "Hossain"),
]  # fmt: skip
FIRST_FOREIGN = 16
