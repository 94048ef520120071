"""Names across scripts, reduced to forms that a Latin and an Arabic registration of the same name share.

The same woman is أمينة بن زيان at the hotline, AMINA BENZIANE at the police and Amina Benziane at the
shelter. Arabic script leaves short vowels out and Latin spellings vary by the writer's language (Mohamed,
Muhammad, Mohammed; Youssef, Youcef; Belkacem, Belgacem), so comparing letters fails where comparing
consonants works. Three forms come out of here, each idempotent:

- ``normalise_arabic``: one spelling per Arabic letter (alef forms, alef maqsura, ta marbuta, Persian
  letters), no diacritics, no tatweel;
- ``latin_form``: lower-case ASCII letters and single spaces, Arabic letters transliterated one by one, so
  string similarity works across scripts;
- ``skeleton``: the consonants in a class shared by both scripts (``محمد`` and ``Mohammed`` are both
  ``mhmd``), the key for blocking and the strongest comparison.

The tables below are Sanad's own, written from the Arabic alphabet and the usual Maghreb French and
English spellings; the benchmark's spelling variants come from elsewhere (see ``benchmarks``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
TATWEEL = "\u0640"
ARABIC_LETTER_SPELLINGS = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ى": "ي", "ی": "ي", "ئ": "ي",
        "ة": "ه", "ؤ": "و",
        "ک": "ك", "ڭ": "ك", "گ": "ك",
        "ڤ": "ف", "پ": "ب", "چ": "ش",
        "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    }
)  # fmt: skip

# One Latin rendering per (normalised) Arabic letter, as Maghreb registrations usually write it; vowel
# letters become vowels, which the skeleton drops.
ARABIC_TO_LATIN = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "ch", "ص": "s", "ض": "d", "ط": "t", "ظ": "dh", "ع": "a", "غ": "gh", "ف": "f",
    "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "ou", "ي": "i", "ء": "",
}  # fmt: skip

# Latin letter groups to consonant classes, longest first. Vowels, w, y, h after a vowel at the end of a
# word and the Arabic 'ayn (often written 3 or ') leave nothing.
LATIN_GROUPS = [
    ("sch", "s"), ("tch", "s"), ("dj", "j"), ("kh", "k"), ("gh", "k"), ("ch", "s"), ("sh", "s"), ("th", "t"),
    ("dh", "d"), ("ph", "f"), ("ck", "k"), ("ou", ""), ("qu", "k"),
]  # fmt: skip
# "Di" before a vowel at the start of a word (or after its n) is the French spelling of the sound English
# writes "j" in West-African names: Diallo and Jallow, Diarra and Jarra, Dieynaba and Jeneba, Ndiaye and
# Njie.
FRENCH_DI = re.compile(r"^(n?)di(?=[aeiou])")
LATIN_CONSONANTS = {
    "b": "b", "p": "b", "t": "t", "d": "d", "j": "j", "h": "h", "k": "k", "q": "k", "g": "k", "c": "k",
    "s": "s", "z": "z", "x": "ks", "f": "f", "v": "f", "l": "l", "m": "m", "n": "n", "r": "r",
}  # fmt: skip
SOFT_C_BEFORE = set("eiy")
ARABIC_ARTICLE = "ال"
LATIN_ARTICLES = {"al", "el", "al-", "el-"}
# "Abdelkader", "Abd el Kader", "Abdul Kader" and عبد القادر: the servant-of compound keeps "abd" and the
# name it joins, whatever the article between them. The article's l goes with any l of the name after it,
# since Latin spellings write them as one or two letters and the Arabic drops the article: Abdellatif,
# Abdelatif and عبد اللطيف meet, and so do Abdallah, Abdullah, Abdoulaye and عبد الله. Inside a family
# name, after its particle, too: Benabdelhak and Ben Abdelhaq, Bouabdelkader and Bou Abd el Kader.
LATIN_ABD = re.compile(
    r"(?:(?<![a-z])|(?<=ben)|(?<=bou)|(?<=bu)|(?<=ait)|(?<=abou)|(?<=abu))"
    r"abd[ -]?(?:[aeiou]{0,2}l+[ -]?l*)?(?=[a-z])"
)


def _is_arabic(character: str) -> bool:
    return "\u0600" <= character <= "\u06ff" or "\u0750" <= character <= "\u077f"


# The article's alef never carries a hamza: إلياس and إلهام begin with a letter of the name, not with "al".
HAMZA_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})
# The ta marbuta is kept until the letter before it is known: after an alef it is read, and written, "t"
# (حياة Hayat, نجاة Najat); elsewhere it is the -a of the Latin spellings (فاطمة Fatima).
TA_MARBUTA = "ة"
LATIN_SPELLINGS = {
    key: value
    for key, value in ARABIC_LETTER_SPELLINGS.items()
    if key not in HAMZA_ALEFS and key != ord(TA_MARBUTA)
}
TA_MARBUTA_AFTER_ALEF = re.compile(f"(?<=[اأآ]){TA_MARBUTA}(?![\u0600-\u06ff])")


def _normalise(text: str, spellings: dict[int, str]) -> str:
    # Twice: decomposing a presentation form can bring out diacritics, and removing a diacritic can let
    # two other characters compose.
    for _pass in range(2):
        text = unicodedata.normalize("NFKC", text)  # presentation forms back to letters
        text = ARABIC_DIACRITICS.sub("", text).replace(TATWEEL, "").translate(spellings)
    return text


def normalise_arabic(text: str) -> str:
    """Arabic letters in one spelling each, without diacritics or tatweel; other characters kept."""
    return _normalise(text, ARABIC_LETTER_SPELLINGS)


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def _arabic_tokens(text: str) -> list[str]:
    """The words, article dropped; ``text`` keeps its hamza alefs, folded here once the article is gone."""
    return [
        (
            token[len(ARABIC_ARTICLE) :] if token.startswith(ARABIC_ARTICLE) and len(token) > 3 else token
        ).translate(HAMZA_ALEFS)
        for token in text.split()
    ]


# Latin letter groups read as one consonant (sh, kh, th, dh, tch...): two Arabic letters whose renderings
# would meet as one of them (س then ه: "sh" in سهام, "Siham") get a vowel between them instead.
def _joins_into_group(before: str, after: str) -> bool:
    return any(
        before.endswith(group[:cut]) and after.startswith(group[cut:])
        for group, _sound in LATIN_GROUPS
        if group != "ou"
        for cut in range(1, len(group))
    )


def _transliterate(word: str) -> str:
    spelled, after_arabic = "", False
    for character in word:
        latin = ARABIC_TO_LATIN.get(character, character) if _is_arabic(character) else character
        if after_arabic and _is_arabic(character) and latin and _joins_into_group(spelled, latin):
            spelled += "e"
        spelled += latin
        after_arabic = _is_arabic(character)
    return spelled


@lru_cache(maxsize=65536)
def latin_form(text: str) -> str:
    """Lower-case ASCII words: Arabic transliterated letter by letter, accents and punctuation dropped,
    the article before a family name ("El Alaoui", العلوي) left out."""
    text = _normalise(text, LATIN_SPELLINGS)
    text = TA_MARBUTA_AFTER_ALEF.sub("ت", text).replace(TA_MARBUTA, "ه")
    words: list[str] = []
    for token in _arabic_tokens(re.sub(r"[\s\-_.,;:'’`/]+", " ", text)):
        # The ta marbuta (normalised to ه) and a final h are written -a in Latin.
        word = token[:-1] + "ا" if len(token) > 1 and token.endswith("ه") else token
        spelled = _transliterate(word)
        ascii_word = re.sub(r"[^a-z0-9]", "", _without_accents(spelled).casefold())
        if ascii_word and ascii_word not in {"al", "el"}:
            words.append(ascii_word)
    return " ".join(words)


def _word_sounds(word: str, hard_g: str = "k") -> list[str]:
    """The consonant class of each letter or letter group of a Latin word, "" for what leaves none (vowels,
    w, y). A g not in "gh" is the class ``hard_g``."""
    word = FRENCH_DI.sub(r"\1j", re.sub(r"[0-9]", "", word))  # "3" for 'ayn
    # "Aichah", "Fatimah": the ta marbuta written as -ah; "Salah" and صالح ("salh"): a final ha that
    # Latin spellings write after a vowel or leave out. Not after c or p, where it makes another consonant.
    # Two letters are enough: the "ah" of Allah after "abd" (Abdallah; عبد الله gives "la").
    if len(word) > 1 and word.endswith("h") and word[-2] not in "cp":
        word = word[:-1]
    out: list[str] = []
    index = 0
    while index < len(word):
        for group, sound in LATIN_GROUPS:
            if word.startswith(group, index):
                out.append(sound)
                index += len(group)
                break
        else:
            letter = word[index]
            if letter == "c" and index + 1 < len(word) and word[index + 1] in SOFT_C_BEFORE:
                out.append("s")
            elif letter == "g":
                out.append(hard_g)
            else:
                out.extend(LATIN_CONSONANTS.get(letter, "") or [""])
            index += 1
    return out


def _consonants(sounds: list[str]) -> str:
    """The classes in order, a class repeated with nothing between written once: a doubled letter
    (Mohammed, Hassan) is the Arabic shadda, which the Arabic script leaves out. A class repeated across a
    vowel stays twice, since the vowel is written in Latin and mostly (as a long vowel) in Arabic: Sissoko is
    not Sakko, Bilal (بلال) keeps both its l."""
    out: list[str] = []
    after_vowel = True
    for sound in sounds:
        if not sound:
            after_vowel = True
            continue
        if after_vowel or not out or out[-1] != sound:
            out.append(sound)
        after_vowel = False
    return "".join(out)


def _word_skeleton(word: str) -> str:
    return _consonants(_word_sounds(word))


@lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """The consonant classes of the name, word by word, in both scripts: "Mohammed Belkacem" and
    "محمد بلقاسم" both give "mhmd blksm"."""
    form = LATIN_ABD.sub("abd ", latin_form(text))
    words = [_word_skeleton(word) for word in form.split()]
    return " ".join(word for word in words if word)


@lru_cache(maxsize=65536)
def joined_skeleton(text: str, *, g_as_j: bool = False) -> str:
    """The skeleton without spaces, as if the words were written together: "Ben Ziane" and "Benziane",
    بن زيان, all give "bnzn"; "Ben Nacer" and "Bennacer" "bnsr" (the two n meet), "Bou Bilal" and "Boubilal"
    "bbll" (a vowel between the two b).

    A Latin g (not "gh") is k, as Maghreb spellings write ق (Belgacem, Belkacem); with ``g_as_j`` it is j,
    as Egyptian and Sudanese spellings write ج (Khadiga, Hagar, Gamila for Khadija, Hajar, Djamila)."""
    form = LATIN_ABD.sub("abd ", latin_form(text))
    hard_g = "j" if g_as_j else "k"
    return _consonants([sound for word in form.split() for sound in _word_sounds(word, hard_g)])
