"""Second registrations of demo persons by another organisation, as record linkage meets them in real
registers: the police or a shelter records the same woman in the other script, in capitals, with given and
family name swapped or the family name missing, with only a birth year or an estimated age. Some carry the
same phone or document, some nothing but the name. They have no case of their own, so the demo's victim
statistics do not change; the duplicate reviewer finds them in the review queue or linked.
"""

from __future__ import annotations

import random
from datetime import date

from sanad.accounts.models import Organisation
from sanad.people.models import BirthDatePrecision, Person
from sanad.people.services import identity_indexes

# Who registers a person a second time: the police when she files a complaint, a shelter that admits her,
# the hotline that took her call.
SECOND_REGISTRARS = ("police-bnpj", "police-tanger", "police-marrakech", "shelter-casablanca", "shelter-tanger",
                     "shelter-oujda", "hotline")  # fmt: skip
SHARE = 0.12


def _names(rng: random.Random, person: Person) -> dict[str, str]:
    names = {
        "given_name_latin": person.given_name_latin,
        "family_name_latin": person.family_name_latin,
        "given_name_ar": person.given_name_ar,
        "family_name_ar": person.family_name_ar,
    }
    match rng.choice(["other_script", "capitals", "swapped", "no_family_name", "same"]):
        case "other_script" if person.given_name_ar and person.given_name_latin:
            keep_arabic = rng.random() < 0.5
            for field in names:
                if field.endswith("_ar") != keep_arabic:
                    names[field] = ""
        case "capitals":
            names["given_name_latin"] = names["given_name_latin"].upper()
            names["family_name_latin"] = names["family_name_latin"].upper()
        case "swapped":
            names["given_name_latin"], names["family_name_latin"] = (
                names["family_name_latin"], names["given_name_latin"],
            )  # fmt: skip
            names["given_name_ar"], names["family_name_ar"] = names["family_name_ar"], names["given_name_ar"]
        case "no_family_name":
            names["family_name_latin"] = names["family_name_ar"] = ""
    return names


def _birth(rng: random.Random, person: Person) -> tuple[date | None, str]:
    if person.birth_date is None or rng.random() < 0.2:
        return None, BirthDatePrecision.UNKNOWN
    year = person.birth_date.year
    match rng.choice(["same", "year", "estimated"]):
        case "year":
            return date(year, 7, 1), BirthDatePrecision.YEAR
        case "estimated":
            return date(year + rng.choice([-1, 0, 0, 1]), 7, 1), BirthDatePrecision.ESTIMATED
    return person.birth_date, person.birth_date_precision


def register_duplicates(
    rng: random.Random, persons: list[Person], organisations: dict[str, Organisation]
) -> int:
    """Register about one person in eight a second time, at another organisation. Returns how many."""
    registrars = [organisations[code] for code in SECOND_REGISTRARS]
    chosen = rng.sample(persons, k=round(len(persons) * SHARE))
    for person in chosen:
        owner = rng.choice([o for o in registrars if o.pk != person.owning_organisation_id])
        birth_date, precision = _birth(rng, person)
        phone = person.phone if rng.random() < 0.4 else ""
        document = person.document_number if owner.type == "police" and rng.random() < 0.6 else ""
        Person.objects.create(
            owning_organisation=owner,
            sex=person.sex,
            birth_date=birth_date,
            birth_date_precision=precision,
            nationalities=person.nationalities if rng.random() < 0.9 else [],
            document_type=person.document_type if document else "",
            document_number=document,
            phone=phone,
            **identity_indexes(phone=phone, document_number=document),
            **_names(rng, person),
        )
    return len(chosen)
