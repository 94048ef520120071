"""The in-memory extract of every person for a linkage run.

Identity is decrypted row by row as the records are read and lives only in this process's memory (the
records, then the model's frame in an in-memory DuckDB database that may not spill to disk); nothing of it
is written to a file, a log or the database. Document numbers and phones are not decrypted at all: their
blind indexes are exact-match keys already.
"""

from __future__ import annotations

from collections.abc import Iterator

from sanad.linkage.model import PersonRecord
from sanad.people.models import BirthDatePrecision, Person

EXTRACT_CHUNK = 2000

_PARTS_KNOWN = {
    BirthDatePrecision.FULL: 3,
    BirthDatePrecision.YEAR_MONTH: 2,
    BirthDatePrecision.YEAR: 1,
    BirthDatePrecision.ESTIMATED: 1,
}


def person_record(person: Person) -> PersonRecord:
    """A person as the matcher sees her. The Latin-script name is preferred when both are known: it keeps
    the vowels that Arabic script leaves out, and the matcher reduces both scripts to one skeleton."""
    known = _PARTS_KNOWN.get(BirthDatePrecision(person.birth_date_precision), 0)
    born = person.birth_date if known else None
    return PersonRecord(
        record_id=str(person.pk),
        given_name=person.given_name_latin or person.given_name_ar,
        family_name=person.family_name_latin or person.family_name_ar,
        birth_year=born.year if born else None,
        birth_month=born.month if born and known >= 2 else None,
        birth_day=born.day if born and known >= 3 else None,
        birth_estimated=person.birth_date_precision == BirthDatePrecision.ESTIMATED,
        sex=person.sex if person.sex != "unknown" else None,
        nationality=person.nationalities[0] if person.nationalities else None,
        source=str(person.owning_organisation_id),
        document_key=person.document_number_index or None,
        phone_key=person.phone_index or None,
    )


def person_records() -> Iterator[PersonRecord]:
    fields = (
        "id", "owning_organisation_id", "given_name_latin", "family_name_latin", "given_name_ar",
        "family_name_ar", "sex", "birth_date", "birth_date_precision", "nationalities",
        "document_number_index", "phone_index",
    )  # fmt: skip
    # Anonymised records have nothing left to match on but sex, nationality and organisation: matched, they
    # would only pull strangers into a person whose file is closed (and re-identify her through them).
    queryset = Person.objects.filter(anonymised_at__isnull=True).order_by().only(*fields)
    for person in queryset.iterator(chunk_size=EXTRACT_CHUNK):
        yield person_record(person)
