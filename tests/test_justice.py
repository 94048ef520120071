"""Criminal cases as their users meet them: who sees what, what is recorded, what is refused and why."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from sanad.access import services as access_services
from sanad.audit.models import AuditAction, AuditEvent
from sanad.cases.models import CaseEvent
from sanad.concurrency import StaleEditError
from sanad.justice import services
from sanad.justice.models import Charge, CriminalCase, OffenceArticle, Verdict
from tests.cast import NAMES_A, NAMES_B, SUSPECT_DOCUMENT, SUSPECT_NAME, Cast

pytestmark = pytest.mark.django_db


def _page(client: Client, user: object, name: str, **kwargs: object) -> str:
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


def test_the_investigating_unit_and_the_prosecution_see_the_suspect_the_commission_only_facts(
    cast: Cast, client: Client
) -> None:
    case_id = cast.criminal_case.pk
    for officer in (cast.justice, cast.prosecutor):
        page = _page(client, officer, "justice:detail", criminal_case_id=case_id)
        assert SUSPECT_NAME in page and SUSPECT_DOCUMENT in page
    commission = _page(client, cast.coordinator, "justice:detail", criminal_case_id=case_id)
    assert SUSPECT_NAME not in commission and SUSPECT_DOCUMENT not in commission
    assert "PC-448-2" in commission and "Exploiter" in commission  # the facts are there
    assert "Add a suspect" not in commission
    # Each display of the suspect's identity is audited, the commission's view of facts is not.
    views = AuditEvent.objects.filter(action=AuditAction.VIEW_IDENTITY, object_id=str(case_id))
    assert sorted(event.actor_label for event in views) == ["justice", "prosecutor"]
    # The suspect's edit form shows her name and document too: audited the same way.
    edit = _page(
        client,
        cast.justice,
        "justice:defendant_edit",
        criminal_case_id=case_id,
        defendant_id=cast.defendant.pk,
    )
    assert SUSPECT_NAME in edit
    assert views.filter(actor_label="justice").count() == 2


def test_the_commission_sees_a_victims_name_on_a_criminal_case_only_after_breaking_glass_audited_per_case(
    cast: Cast, client: Client
) -> None:
    second = services.link_victim_case(
        actor=cast.justice, criminal_case=cast.criminal_case, case_reference=cast.case_b.reference
    ).case
    before = _page(client, cast.coordinator, "justice:detail", criminal_case_id=cast.criminal_case.pk)
    assert NAMES_A[0][0] not in before and NAMES_B[0][0] not in before
    for case in (cast.case_a, second):
        access_services.break_glass(
            actor=cast.coordinator, case=case, reason="Hearing tomorrow: the court asks."
        )
    views = AuditEvent.objects.filter(action=AuditAction.VIEW_IDENTITY, detail__via="criminal_case")
    assert not views.exists()

    after = _page(client, cast.coordinator, "justice:detail", criminal_case_id=cast.criminal_case.pk)

    assert NAMES_A[0][0] in after and NAMES_B[0][0] in after
    # One audit row per victim case whose name the page showed, as a case page would write it.
    assert sorted(views.values_list("object_id", flat=True)) == sorted([str(cast.case_a.pk), str(second.pk)])
    assert {event.actor_label for event in views} == {"coordinator"}


def test_a_unit_sees_only_its_cases_and_the_prosecution_those_referred_to_it(
    cast: Cast, client: Client
) -> None:
    own = services.open_criminal_case(
        actor=cast.gendarme, reference="GR-2025-0007", investigating_unit=cast.organisations["gendarmerie"],
        region="MA-06", opened_on=date(2025, 5, 2), origin="labour_inspection",
    )  # fmt: skip
    listing = _page(client, cast.gendarme, "justice:list")
    assert "GR-2025-0007" in listing and "PJ-2025-0001" not in listing
    client.force_login(cast.gendarme)
    assert (
        client.get(reverse("justice:detail", kwargs={"criminal_case_id": cast.criminal_case.pk})).status_code
        == 404
    )
    assert "GR-2025-0007" not in _page(client, cast.prosecutor, "justice:list")

    services.update_criminal_case(
        actor=cast.gendarme, criminal_case=own, expected_version=own.version,
        prosecution_office=cast.organisations["prosecution"], referred_to_prosecution_on=date(2025, 6, 1),
    )  # fmt: skip
    assert "GR-2025-0007" in _page(client, cast.prosecutor, "justice:list")
    # A unit cannot open a case in another unit's name.
    with pytest.raises(PermissionDenied):
        services.open_criminal_case(
            actor=cast.gendarme, reference="X-1", investigating_unit=cast.organisations["police"],
            region="MA-06", opened_on=date(2025, 5, 2), origin="proactive",
        )  # fmt: skip


def test_a_linked_victim_is_shown_by_reference_and_facts_never_by_name(cast: Cast, client: Client) -> None:
    page = _page(client, cast.justice, "justice:detail", criminal_case_id=cast.criminal_case.pk)
    assert cast.case_a.reference in page
    assert not any(name in page for name in NAMES_A[0])
    # The victim's own case records the link, without anything about the suspect.
    event = CaseEvent.objects.get(case=cast.case_a, kind="criminal_case_linked")
    assert event.detail == {"criminal_case": "PJ-2025-0001"}
    # Her case worker sees the proceedings on the case page, never the suspect.
    victim_page = _page(client, cast.caseworker, "cases:detail", case_id=cast.case_a.pk)
    assert "PJ-2025-0001" in victim_page and SUSPECT_NAME not in victim_page
    with pytest.raises(ValidationError) as error:
        services.link_victim_case(
            actor=cast.justice, criminal_case=cast.criminal_case, case_reference="MA-1999-9"
        )
    assert "case_reference" in error.value.message_dict


def test_suspect_names_are_encrypted_at_rest(cast: Cast) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, document_number FROM justice_defendant")
        stored = cursor.fetchall()
    assert stored and all(SUSPECT_NAME not in row[0] and SUSPECT_DOCUMENT not in row[1] for row in stored)


def test_a_verdict_before_its_charge_is_refused_with_the_dates(cast: Cast, client: Client) -> None:
    client.force_login(cast.prosecutor)
    url = reverse(
        "justice:verdict_new", kwargs={"criminal_case_id": cast.criminal_case.pk, "charge_id": cast.charge.pk}
    )
    response = client.post(
        url, {"court_level": "first_instance", "outcome": "convicted", "decided_on": "2025-02-15"}
    )
    assert response.status_code == 400
    assert "2025-02-15 is before the charge (2025-03-01)" in response.content.decode()
    assert not Verdict.objects.exists()
    # An appeal needs a first-instance verdict to appeal against.
    response = client.post(url, {"court_level": "appeal", "outcome": "convicted", "decided_on": "2025-09-15"})
    assert response.status_code == 400 and not Verdict.objects.exists()


def test_a_sentence_needs_a_conviction_and_a_suspended_part_within_the_term(cast: Cast) -> None:
    arguments = {"actor": cast.prosecutor, "defendant": cast.defendant, "court_level": "first_instance"}
    with pytest.raises(ValidationError) as error:
        services.record_sentence(**arguments, decided_on=date(2025, 7, 1), prison_months=60)
    assert "court_level" in error.value.message_dict
    services.record_verdict(
        actor=cast.prosecutor, charge=cast.charge, court_level="first_instance", outcome="convicted",
        decided_on=date(2025, 7, 1), court=cast.organisations["court"],
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.record_sentence(
            **arguments, decided_on=date(2025, 7, 1), prison_months=12, suspended_months=24
        )
    assert "suspended_months" in error.value.message_dict
    sentence = services.record_sentence(
        **arguments,
        decided_on=date(2025, 7, 1),
        prison_months=72,
        fine_minor=5_000_000,
        restitution_minor=2_000_000,
    )
    assert sentence.custodial_months == 72
    cast.criminal_case.refresh_from_db()
    assert cast.criminal_case.court == cast.organisations["court"]  # the first-instance court is recorded


def test_a_reclassification_opens_a_charge_under_the_other_article(cast: Cast) -> None:
    procuring = OffenceArticle.objects.get(code="PC-498")
    with pytest.raises(ValidationError):
        services.record_verdict(
            actor=cast.prosecutor, charge=cast.charge, court_level="first_instance", outcome="reclassified",
            decided_on=date(2025, 6, 1),
        )  # fmt: skip
    services.record_verdict(
        actor=cast.prosecutor, charge=cast.charge, court_level="first_instance", outcome="reclassified",
        decided_on=date(2025, 6, 1), reclassified_to=procuring,
    )  # fmt: skip
    new_charge = Charge.objects.get(defendant=cast.defendant, article=procuring)
    assert new_charge.reclassified_from == cast.charge and new_charge.charged_on == date(2025, 6, 1)
    assert new_charge.standing_verdict is None  # pending


def test_concurrent_edits_of_a_case_do_not_silently_overwrite(cast: Cast) -> None:
    opened_version = CriminalCase.objects.get(pk=cast.criminal_case.pk).version
    services.update_criminal_case(
        actor=cast.justice,
        criminal_case=cast.criminal_case,
        expected_version=opened_version,
        origin="proactive",
    )
    with pytest.raises(StaleEditError):
        services.update_criminal_case(
            actor=cast.prosecutor, criminal_case=cast.criminal_case, expected_version=opened_version,
            origin="victim_complaint",
        )  # fmt: skip
    assert CriminalCase.objects.get(pk=cast.criminal_case.pk).origin == "proactive"


def test_the_commission_cannot_record_anything(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        services.add_defendant(
            actor=cast.coordinator, criminal_case=cast.criminal_case, full_name="Y", role="recruiter"
        )
    with pytest.raises(PermissionDenied):
        services.add_charge(
            actor=cast.gendarme,
            defendant=cast.defendant,
            article=cast.charge.article,
            charged_on=date(2025, 3, 2),
        )


def test_participation_and_a_non_punishment_breach_are_recorded(cast: Cast, client: Client) -> None:
    link = cast.criminal_case.victim_links.get()
    client.force_login(cast.prosecutor)
    url = reverse(
        "justice:participation", kwargs={"criminal_case_id": cast.criminal_case.pk, "link_id": link.pk}
    )
    response = client.post(
        url,
        {"version": link.version, "complaint_filed": "on", "testified": "on", "compensation": "15000",
         "penalised_on": "2025-04-02"},
    )  # fmt: skip
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.complaint_filed, link.testified, link.legal_aid) == (True, True, False)
    assert link.compensation_minor == 1_500_000 and link.penalised_on == date(2025, 4, 2)
    assert "Breached on 2025-04-02" in _page(
        client, cast.prosecutor, "justice:detail", criminal_case_id=cast.criminal_case.pk
    )
    stale = client.post(url, {"version": link.version - 1, "testified": ""})
    assert stale.status_code == 400


def test_the_administrator_edits_the_offence_catalogue(cast: Cast, client: Client) -> None:
    client.force_login(cast.admin)
    response = client.post(
        reverse("offences:new"),
        {"code": "L0314-1", "law": "Loi 03-14", "article": "1", "label_en": "Test", "label_fr": "Essai",
         "label_ar": "اختبار", "prison_min_months": "24", "prison_max_months": "12", "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 400 and "The maximum is below the minimum." in response.content.decode()
    response = client.post(
        reverse("offences:edit", kwargs={"code": "PC-448-2"}),
        {"law": "Code pénal (loi 27-14)", "article": "448-2", "label_en": "Trafficking in persons",
         "label_fr": "Traite des personnes", "label_ar": "الاتجار بالبشر", "is_trafficking_offence": "on",
         "prison_min_months": "60", "prison_max_months": "120"},
    )  # fmt: skip
    assert response.status_code == 302
    article = OffenceArticle.objects.get(code="PC-448-2")
    assert article.label_fr == "Traite des personnes" and not article.is_active
    # A deactivated article is refused for new charges; existing charges keep it.
    with pytest.raises(ValidationError):
        services.add_charge(
            actor=cast.justice, defendant=cast.defendant, article=article, charged_on=date(2025, 3, 2)
        )
    assert Charge.objects.filter(article=article).count() == 1
    assert AuditEvent.objects.filter(object_label="PC-448-2", action=AuditAction.UPDATE).exists()


def test_figures_are_exact_for_the_commission_and_suppressed_for_the_analyst(
    cast: Cast, client: Client
) -> None:
    query = {"kind": "calendar", "year": "2025"}
    client.force_login(cast.coordinator)
    exact = client.get(reverse("justice:figures"), query).content.decode()
    client.force_login(cast.analyst)
    published = client.get(reverse("justice:figures"), query).content.decode()
    # One person investigated and prosecuted in 2025, in one case.
    row = '<tr data-testid="persons-all"><th scope="row">All offences</th>{cells}</tr>'
    assert row.format(cells="<td>1</td><td>1</td><td>0</td>") in exact
    assert row.format(cells="<td>&lt;5</td><td>&lt;5</td><td>0</td>") in published
    tip = client.get(reverse("justice:figures"), {"kind": "tip", "year": "2025"}).content.decode()
    assert "TIP period 2024-04-01 to 2025-03-31" in tip


def test_an_agency_counts_only_the_cases_it_works(cast: Cast, client: Client) -> None:
    query = {"kind": "calendar", "year": "2025"}
    row = '<tr data-testid="persons-all"><th scope="row">All offences</th>{cells}</tr>'
    for user, cells in (
        (cast.justice, "<td>1</td><td>1</td><td>0</td>"),
        (cast.gendarme, "<td>0</td><td>0</td><td>0</td>"),
    ):
        client.force_login(user)
        assert row.format(cells=cells) in client.get(reverse("justice:figures"), query).content.decode()


def test_a_verdict_naming_the_court_makes_an_older_edit_form_stale(cast: Cast) -> None:
    form_opened_at = CriminalCase.objects.get(pk=cast.criminal_case.pk).version
    services.record_verdict(
        actor=cast.prosecutor, charge=cast.charge, court_level="first_instance", outcome="convicted",
        decided_on=date(2025, 7, 1), court=cast.organisations["court"],
    )  # fmt: skip
    with pytest.raises(StaleEditError):
        services.update_criminal_case(
            actor=cast.justice, criminal_case=cast.criminal_case, expected_version=form_opened_at, court=None
        )
    assert CriminalCase.objects.get(pk=cast.criminal_case.pk).court == cast.organisations["court"]


def test_a_future_sentence_and_a_charge_after_the_trial_are_refused(cast: Cast) -> None:
    services.record_verdict(
        actor=cast.prosecutor, charge=cast.charge, court_level="first_instance", outcome="convicted",
        decided_on=date(2025, 7, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.record_sentence(
            actor=cast.prosecutor, defendant=cast.defendant, court_level="first_instance",
            decided_on=date(2099, 1, 1), prison_months=60,
        )  # fmt: skip
    assert "is in the future" in error.value.message_dict["decided_on"][0]
    defendant = services.update_defendant(
        actor=cast.justice, defendant=cast.defendant, expected_version=cast.defendant.version,
        trial_opened_on=date(2025, 5, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.add_charge(
            actor=cast.justice, defendant=defendant, article=OffenceArticle.objects.get(code="PC-498"),
            charged_on=date(2025, 6, 1),
        )  # fmt: skip
    assert "after the opening of the trial" in error.value.message_dict["charged_on"][0]
