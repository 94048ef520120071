"""Linkage on the database: a run links the records of one woman across agencies and not her namesake, the
review queue's decisions are kept by later runs, an unlink gives the statistics their separate persons back,
and every identity shown by the review pages is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from sanad.accounts.mfa import enrol_authenticator_app
from sanad.accounts.models import Membership, Organisation, Role, User
from sanad.accounts.services import sync_default_roles
from sanad.audit.models import AuditAction, AuditEvent
from sanad.cases.models import Case
from sanad.identification.models import StatusDecision
from sanad.linkage import model
from sanad.linkage.models import CandidatePair, LinkageRun, LinkDecision, RunState, Verdict
from sanad.linkage.selectors import figures
from sanad.linkage.services import decide_pair, request_run, run_from_command, run_linkage, unlink_record
from sanad.people.models import BirthDatePrecision, Person
from sanad.people.services import identity_indexes
from sanad.statistics.periods import calendar_year
from sanad.statistics.victims import victims_identified
from tests.cast import TOTP_SECRET

pytestmark = pytest.mark.django_db
PHONE = "+212 612 34 56 78"
DOCUMENT = "BK 123456"
OTHERS = [
    ("Youssef", "Tazi", "1988-03-02"), ("Fatou", "Diallo", "1999-11-23"),
    ("Chidi", "Okafor", "1995-06-14"), ("Leila", "Haddad", "2001-01-30"),
    ("Marie", "Dubois", "1979-08-08"), ("Karim", "Mansouri", "1993-12-05"),
    ("Aïcha", "Traoré", "2004-04-17"), ("Omar", "Cherkaoui", "1986-09-21"),
    ("Nadia", "Bennani", "1997-02-11"), ("Ibrahim", "Keita", "1990-07-19"),
    ("Salma", "Idrissi", "2002-10-03"), ("Hassan", "El Fassi", "1984-05-27"),
]  # fmt: skip


def _org(code: str, kind: str) -> Organisation:
    return Organisation.objects.create(short_code=code, name=f"Org {code}", type=kind, region="MA-06")


def _person(owner: Organisation, *, phone: str = "", document: str = "", **facts: Any) -> Person:
    return Person.objects.create(
        owning_organisation=owner,
        sex="female",
        nationalities=["MAR"],
        phone=phone,
        document_number=document,
        document_type="passport" if document else "",
        **identity_indexes(phone=phone, document_number=document),
        **facts,
    )


def _full(day: str) -> dict[str, Any]:
    return {"birth_date": date.fromisoformat(day), "birth_date_precision": BirthDatePrecision.FULL}


@pytest.fixture
def registrations() -> dict[str, Any]:
    """One woman registered three times (an NGO in Latin script, the hotline in Arabic script with a birth
    year only, the police in capitals with her passport), her namesake born twelve years earlier, and twelve
    other persons."""
    ngo, hotline, police, shelter = (
        _org("ngo", "social_services"), _org("hotline", "hotline"), _org("police", "police"),
        _org("shelter", "shelter"),
    )  # fmt: skip
    amina_ngo = _person(
        ngo, given_name_latin="Amina", family_name_latin="Benziane", phone=PHONE, **_full("2003-05-12")
    )
    amina_hotline = _person(
        hotline, given_name_ar="أمينة", family_name_ar="بن زيان", phone=PHONE,
        birth_date=date(2003, 7, 1), birth_date_precision=BirthDatePrecision.YEAR,
    )  # fmt: skip
    amina_police = _person(
        police,
        given_name_latin="AMINA",
        family_name_latin="BENZIANE",
        document=DOCUMENT,
        **_full("2003-05-12"),
    )
    namesake = _person(shelter, given_name_latin="Amina", family_name_latin="Benziane", **_full("1991-02-03"))
    for index, (given, family, born) in enumerate(OTHERS):
        _person((ngo, hotline, police, shelter)[index % 4], given_name_latin=given, family_name_latin=family,
                **_full(born))  # fmt: skip
    return {"amina": [amina_ngo, amina_hotline, amina_police], "namesake": namesake, "authority": police}


def _root(person: Person) -> Any:
    person.refresh_from_db()
    return person.linked_to_id or person.pk


def _reviewer() -> User:
    sync_default_roles()
    commission = _org("cnclt", "commission")
    user = User.objects.create_user(username="reviewer", password="correct horse battery staple 42")
    membership = Membership.objects.create(user=user, organisation=commission)
    membership.roles.set(Role.objects.filter(code="linkage_reviewer"))
    enrol_authenticator_app(user, TOTP_SECRET)
    return user


def test_a_run_links_one_womans_records_across_agencies_and_not_her_namesake(registrations: Any) -> None:
    amina, namesake = registrations["amina"], registrations["namesake"]

    run = run_from_command()

    assert run.state == RunState.DONE
    assert len({_root(record) for record in amina}) == 1
    assert _root(namesake) not in {_root(record) for record in amina}
    assert run.records == 16
    assert run.persons == 14  # two of Amina's three records counted as the first
    assert run.records_linked == 2
    assert figures(user=_reviewer()).persons == 14
    # The links are audited, each naming the run.
    linked = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="people.person")
    assert linked.count() >= 1
    assert all(event.detail.get("linkage_run") == str(run.pk) for event in linked)


def test_the_grey_zone_goes_to_review_and_decisions_survive_the_next_run(
    registrations: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    amina, namesake = registrations["amina"], registrations["namesake"]
    reviewer = _reviewer()
    monkeypatch.setattr(model, "AUTO_LINK", 1.01)  # nothing is sure: every scored pair goes to review

    run_from_command()

    queued = {(pair.first_id, pair.second_id): pair for pair in CandidatePair.objects.all()}
    assert len({_root(record) for record in [*amina, namesake]}) == 4  # nothing linked
    pair_of = lambda a, b: queued.get(tuple(sorted((a.pk, b.pk))))  # noqa: E731
    ngo_police = pair_of(amina[0], amina[2])
    assert ngo_police is not None, "Amina's NGO and police records must be proposed"
    decide_pair(actor=reviewer, pair_id=ngo_police.pk, verdict=Verdict.SAME, note="Same passport photo.")
    assert _root(amina[0]) == _root(amina[2])
    namesake_pair = pair_of(amina[0], namesake) or pair_of(amina[2], namesake)
    if namesake_pair is not None:
        decide_pair(actor=reviewer, pair_id=namesake_pair.pk, verdict=Verdict.DIFFERENT)
    else:  # the model already keeps her apart; the reviewer records it anyway through an unlinkable pair
        LinkDecision.objects.create(
            first_id=min(amina[0].pk, namesake.pk), second_id=max(amina[0].pk, namesake.pk),
            verdict=Verdict.DIFFERENT, decided_by=reviewer, decided_at=ngo_police.run.requested_at,
        )  # fmt: skip

    monkeypatch.setattr(model, "AUTO_LINK", 0.0)  # the next run would link every scored pair if it could
    run_from_command()

    assert _root(amina[0]) == _root(amina[2])  # "same" kept
    assert _root(namesake) != _root(amina[0])  # "different" kept, even with everything above the line
    assert not CandidatePair.objects.filter(first_id__in=[namesake.pk], second_id__in=[r.pk for r in amina])
    assert not CandidatePair.objects.filter(second_id__in=[namesake.pk], first_id__in=[r.pk for r in amina])


def test_an_unlink_restores_the_separate_persons_in_the_statistics_and_holds(registrations: Any) -> None:
    amina, authority = registrations["amina"], registrations["authority"]
    reviewer = _reviewer()
    for index, record in enumerate(amina):
        case = Case.objects.create(
            reference=f"T-{index}", person=record, owning_organisation=record.owning_organisation,
            opened_on=date(2024, 1, 2), region="MA-06", forms_of_exploitation=["sexual_exploitation"],
        )  # fmt: skip
        StatusDecision.objects.create(
            case=case, status="identified", decided_on=date(2024, 2, 1 + index),
            decided_by_organisation=authority, legal_basis="Law 27-14",
        )  # fmt: skip
    assert victims_identified(calendar_year(2024)) == 3
    run_from_command()
    assert victims_identified(calendar_year(2024)) == 1

    unlink_record(actor=reviewer, person_id=amina[1].pk, note="The hotline caller was her sister.")

    assert victims_identified(calendar_year(2024)) == 2
    assert _root(amina[1]) == amina[1].pk
    run_from_command()
    assert _root(amina[1]) == amina[1].pk  # the next run does not link her back
    assert victims_identified(calendar_year(2024)) == 2


def test_unlinking_the_record_others_point_at_keeps_the_others_together(registrations: Any) -> None:
    amina = registrations["amina"]
    reviewer = _reviewer()
    run_from_command()
    root = Person.objects.get(pk=_root(amina[0]))
    others = [record for record in amina if record.pk != root.pk]

    unlink_record(actor=reviewer, person_id=root.pk)

    assert _root(root) == root.pk
    assert _root(others[0]) == _root(others[1]) != root.pk
    with pytest.raises(ValidationError):
        unlink_record(actor=reviewer, person_id=registrations["namesake"].pk)  # linked to nobody


def test_only_reviewers_decide_and_a_decided_pair_cannot_be_decided_twice(registrations: Any) -> None:
    amina = registrations["amina"]
    reviewer = _reviewer()
    coordinator = User.objects.create_user(username="coord", password="x" * 20)
    Membership.objects.create(user=coordinator, organisation=_org("c2", "commission")).roles.set(
        Role.objects.filter(code="coordinator")
    )
    run = LinkageRun.objects.create(
        requested_at=reviewer.date_joined, state=RunState.DONE, auto_link_threshold=0.9, review_threshold=0.3
    )
    first, second = sorted((amina[0].pk, amina[1].pk))
    pair = CandidatePair.objects.create(first_id=first, second_id=second, probability=0.7, run=run)
    with pytest.raises(PermissionDenied):
        decide_pair(actor=coordinator, pair_id=pair.pk, verdict=Verdict.SAME)
    decide_pair(actor=reviewer, pair_id=pair.pk, verdict=Verdict.DIFFERENT, note="Different mothers' names.")
    with pytest.raises(ValidationError):
        decide_pair(actor=reviewer, pair_id=pair.pk, verdict=Verdict.SAME)
    decision = LinkDecision.objects.get()
    assert decision.verdict == Verdict.DIFFERENT and decision.decided_by == reviewer
    assert decision.note == "Different mothers' names."


def test_review_pages_audit_every_identity_shown_and_nothing_else(registrations: Any, client: Client) -> None:
    amina = registrations["amina"]
    reviewer = _reviewer()
    run = LinkageRun.objects.create(
        requested_at=reviewer.date_joined, state=RunState.DONE, auto_link_threshold=0.9, review_threshold=0.3
    )
    first, second = sorted((amina[0].pk, amina[2].pk))
    pair = CandidatePair.objects.create(first_id=first, second_id=second, probability=0.7, run=run)
    client.force_login(reviewer)
    views = lambda: AuditEvent.objects.filter(action=AuditAction.VIEW_IDENTITY)  # noqa: E731

    queue = client.get(reverse("linkage:queue"))
    assert queue.status_code == 200
    assert "Benziane" not in queue.text and "BENZIANE" not in queue.text  # the queue shows no name
    assert views().count() == 0

    opened = client.get(reverse("linkage:pair", args=[pair.pk]))
    assert "Amina" in opened.text and "AMINA" in opened.text and "BK 123456" in opened.text
    assert views().count() == 1
    assert set(views().get().detail["persons"]) == {str(first), str(second)}

    decided = client.post(reverse("linkage:pair", args=[pair.pk]), {"verdict": "same", "note": "Passport."})
    assert decided.status_code == 302
    assert _root(amina[0]) == _root(amina[2])

    person = client.get(reverse("linkage:person", args=[amina[2].pk]))
    assert person.status_code == 200 and "Benziane" in person.text
    assert views().count() == 2

    unlinked = client.post(reverse("linkage:unlink", args=[amina[2].pk]), {"note": "Passport misread."})
    assert unlinked.status_code == 302
    assert _root(amina[0]) != _root(amina[2])


def test_the_button_starts_a_run_in_the_background_and_only_one_at_a_time(registrations: Any) -> None:
    reviewer = _reviewer()
    started: list[Any] = []
    run = request_run(actor=reviewer, runner=started.append)
    assert run.state == RunState.QUEUED
    with pytest.raises(ValidationError):
        request_run(actor=reviewer, runner=started.append)
    run_linkage(run.pk)
    run.refresh_from_db()
    assert run.state == RunState.DONE and run.progress == 100 and run.persons == 14
    request_run(actor=reviewer, runner=started.append)  # the first one is over


def test_link_command_reports_the_run(registrations: Any, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("link", "run")
    out = capsys.readouterr()
    assert "16 records, 14 persons" in out.out
    assert "100 %" not in out.err and " 80 % link" in out.err


def test_an_unlink_holds_even_against_earlier_same_person_decisions(
    registrations: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    amina = registrations["amina"]
    reviewer = _reviewer()
    for one, other in ((amina[0], amina[2]), (amina[1], amina[2])):
        first, second = sorted((one.pk, other.pk))
        run = LinkageRun.objects.create(
            requested_at=reviewer.date_joined,
            state=RunState.DONE,
            auto_link_threshold=0.9,
            review_threshold=0.3,
        )
        pair = CandidatePair.objects.create(first_id=first, second_id=second, probability=0.6, run=run)
        decide_pair(actor=reviewer, pair_id=pair.pk, verdict=Verdict.SAME)
    assert len({_root(record) for record in amina}) == 1

    unlink_record(actor=reviewer, person_id=amina[1].pk)
    monkeypatch.setattr(model, "AUTO_LINK", 1.01)  # only the decisions can link
    run_from_command()

    assert _root(amina[1]) == amina[1].pk  # not linked back through its old "same" with the police record
    assert _root(amina[0]) == _root(amina[2])


def test_a_run_writes_against_the_links_made_while_it_was_scoring(
    registrations: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sanad.linkage import services
    from sanad.people.services import link_same_person

    amina, namesake = registrations["amina"], registrations["namesake"]
    others = list(Person.objects.exclude(pk__in=[*(r.pk for r in amina), namesake.pk]).order_by("created_at"))
    scoring = services._score

    def a_reviewer_links_meanwhile(*args: Any, **kwargs: Any) -> Any:
        result = scoring(*args, **kwargs)
        # Amina's oldest record, the run's future root, is linked to an even older record meanwhile.
        link_same_person(actor=None, record=amina[0], same_as=others[0])
        return result

    monkeypatch.setattr(services, "_score", a_reviewer_links_meanwhile)
    run = run_from_command()

    assert run.state == RunState.DONE
    assert not Person.objects.filter(linked_to__linked_to__isnull=False).exists()  # links stay one step
    assert len({_root(record) for record in amina}) == 1


def test_a_second_run_is_refused_while_one_is_in_progress(registrations: Any) -> None:
    reviewer = _reviewer()
    request_run(actor=reviewer, runner=lambda run_id: None)
    with pytest.raises(ValidationError):
        run_from_command()


def test_the_fewest_persons_count_a_person_shared_by_several_waiting_pairs_once(registrations: Any) -> None:
    amina, namesake = registrations["amina"], registrations["namesake"]
    reviewer = _reviewer()
    run = LinkageRun.objects.create(
        requested_at=reviewer.date_joined, state=RunState.DONE, auto_link_threshold=0.9, review_threshold=0.3
    )
    for one, other in ((amina[0], amina[1]), (amina[0], namesake), (amina[1], namesake)):
        first, second = sorted((one.pk, other.pk))
        CandidatePair.objects.create(first_id=first, second_id=second, probability=0.5, run=run)
    shown = figures(user=reviewer)
    assert shown.persons == 16 and shown.pairs_for_review == 3
    assert shown.persons_low == 14  # three pairs among three persons: at most one person, two fewer
    assert shown.persons_estimate == 14  # 16 - 1.5 rounds to 14, and never below the fewest
