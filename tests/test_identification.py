"""Screening with the guide, guide versions, submission to an authority and the status decision."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanad.audit.models import AuditAction, AuditEvent
from sanad.cases.models import Case
from sanad.cases.services import update_case_details
from sanad.concurrency import StaleEditError
from sanad.identification import services
from sanad.identification.models import IdentificationGuide, Screening, StatusDecision
from sanad.identification.selectors import rescore
from sanad.identification.services import AnswerInput
from tests.cast import Cast

PRESUMED_ADULT = {"DR01": "yes", "DR02": "yes", "EX01": "yes", "EX02": "yes", "CD01": "yes", "CD05": "yes"}


def _answers(profile: str, yes: dict[str, str]) -> dict[str, AnswerInput]:
    guide = services.current_guide().definition
    return {
        indicator.id: AnswerInput("yes", "self_report") if indicator.id in yes else AnswerInput("no")
        for indicator in guide.profile(profile).indicators
    }


def _form_data(profile: str, yes: dict[str, str]) -> dict[str, str]:
    data = {"profile": profile, "interviewed_on": str(timezone.localdate()), "act_present": "unknown"}
    for indicator_id, given in _answers(profile, yes).items():
        data[f"answer_{indicator_id}"] = given.answer
        data[f"evidence_{indicator_id}"] = given.evidence_source
    return data


def _guide_with_sexual_profile(version: str) -> str:
    """The shipped guide plus an adult sexual-exploitation profile: 'forced tasks or clients' is strong."""
    text = services.SHIPPED_GUIDE.read_text(encoding="utf-8").replace(
        "version: 0.1-draft", f"version: {version}"
    )
    return text.replace(
        "  adult_sexual_exploitation: {status:",
        "  adult_sexual_exploitation:\n    inherits: adult_labour\n"
        "    overrides:\n      CD06: {strength: S}\n"
        "  unused_placeholder: {status:",
    )


def test_the_case_worker_screens_and_the_score_is_stored_with_its_guide_version(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.caseworker)
    response = client.post(
        reverse("identification:screening_new", args=[cast.case_a.pk]),
        _form_data("adult_labour", PRESUMED_ADULT),
    )
    assert response.status_code == 302
    screening = Screening.objects.exclude(pk=cast.screening.pk).get()
    assert screening.outcome == "presumed" and screening.guide.version == "0.1-draft"
    assert screening.dimension_results["deceptive_recruitment"]["positive"] is True
    assert screening.answers.count() == 67
    assert rescore(screening).outcome == screening.outcome
    # The score never sets the status by itself.
    assert Case.objects.get(pk=cast.case_a.pk).current_status_decision is None


def test_the_live_score_updates_as_answers_come_and_lists_the_reasons(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    url = reverse("identification:screening_score", args=[cast.case_a.pk])
    partial = client.post(
        url, {"profile": "adult_labour", "CD01": "", "answer_CD01": "yes", "answer_CD02": "yes"}
    )
    body = partial.content.decode()
    assert 'data-outcome="possible"' in body
    assert "Coercion at destination is positive (2 strong, 0 medium, 0 weak)." in body
    assert "Rule not met" in body
    full = client.post(
        url, {"profile": "adult_labour", **{f"answer_{k}": v for k, v in PRESUMED_ADULT.items()}}
    )
    assert 'data-outcome="presumed"' in full.content.decode()
    assert not Screening.objects.exclude(pk=cast.screening.pk).exists()  # nothing stored by scoring


def test_changing_the_profile_re_scores(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    url = reverse("identification:screening_score", args=[cast.case_a.pk])
    answers = {"answer_EX01": "yes", "answer_EX02": "yes", "act_present": "yes"}
    adult = client.post(url, {"profile": "adult_labour", **answers}).content.decode()
    child = client.post(url, {"profile": "child_labour", **answers}).content.decode()
    assert 'data-outcome="possible"' in adult and 'data-outcome="presumed"' in child


def test_every_indicator_must_be_answered_and_a_yes_needs_its_evidence(cast: Cast) -> None:
    guide = services.current_guide()
    answers = _answers("adult_labour", PRESUMED_ADULT)
    del answers["VD07"]
    answers["DR01"] = AnswerInput("yes", "")
    with pytest.raises(ValidationError) as error:
        services.record_screening(
            actor=cast.caseworker, case=cast.case_a, guide=guide, profile="adult_labour",
            interviewed_on=date(2025, 4, 1), answers=answers,
        )  # fmt: skip
    messages = error.value.message_dict
    assert "VD07" in messages["answers"][0] and "evidence_DR01" in messages
    assert Screening.objects.count() == 1  # only the cast's


def test_only_the_owning_organisations_case_worker_screens(cast: Cast) -> None:
    guide = services.current_guide()
    for actor in (cast.provider, cast.other_caseworker, cast.coordinator, cast.authority):
        with pytest.raises(PermissionDenied):
            services.record_screening(
                actor=actor, case=cast.case_a, guide=guide, profile="adult_labour",
                interviewed_on=date(2025, 4, 1), answers=_answers("adult_labour", {}),
            )  # fmt: skip


def test_a_new_guide_version_is_validated_loaded_and_old_screenings_keep_theirs(
    cast: Cast, client: Client
) -> None:
    old = cast.screening
    client.force_login(cast.admin)
    broken = BytesIO(b"meta: {version: '0.2'}\nscoring: {}\n")
    broken.name = "guide.yaml"
    response = client.post(reverse("guides:list"), {"file": broken})
    assert response.status_code == 400 and "cannot be used" in response.content.decode()
    assert IdentificationGuide.objects.count() == 1
    upload = BytesIO(_guide_with_sexual_profile("0.2").encode())
    upload.name = "guide.yaml"
    assert client.post(reverse("guides:list"), {"file": upload}).status_code == 302
    new = IdentificationGuide.objects.get(version="0.2")
    assert not new.is_current and "adult_sexual_exploitation" in new.definition.profiles
    assert client.post(reverse("guides:make_current", args=[new.pk])).status_code == 302
    assert services.current_guide() == new
    # A sexual-exploitation case now gets the sexual profile; the old screening keeps 0.1-draft.
    update_case_details(
        actor=cast.caseworker,
        case=cast.case_a,
        expected_version=1,
        forms_of_exploitation=["sexual_exploitation"],
    )
    case = Case.objects.get(pk=cast.case_a.pk)
    assert services.suggested_profile(case, new).profile == "adult_sexual_exploitation"
    old.refresh_from_db()
    assert old.guide.version == "0.1-draft" and rescore(old).guide_version == "0.1-draft"
    duplicate = BytesIO(_guide_with_sexual_profile("0.2").encode())
    duplicate.name = "guide.yaml"
    assert "already loaded" in client.post(reverse("guides:list"), {"file": duplicate}).content.decode()


def test_the_same_answers_score_differently_under_two_versions_and_each_keeps_its_own(cast: Cast) -> None:
    new = services.load_guide(actor=cast.admin, text=_guide_with_sexual_profile("0.2"))
    services.make_current(actor=cast.admin, guide=new)
    # CD06 is medium in 0.1-draft and strong in the sexual profile of 0.2:
    # with CD05, only 0.2 makes coercion positive.
    yes = {"DR01": "yes", "DR02": "yes", "EX01": "yes", "EX02": "yes", "CD05": "yes", "CD06": "yes"}
    case = cast.case_a
    first = services.record_screening(
        actor=cast.caseworker, case=case, guide=IdentificationGuide.objects.get(version="0.1-draft"),
        profile="adult_labour", interviewed_on=date(2025, 4, 1), answers=_answers("adult_labour", yes),
    )  # fmt: skip
    second = services.record_screening(
        actor=cast.caseworker, case=case, guide=new, profile="adult_sexual_exploitation",
        interviewed_on=date(2025, 5, 1), answers=_answers("adult_labour", yes),
    )  # fmt: skip
    assert (first.outcome, second.outcome) == ("possible", "presumed")
    assert (rescore(first).outcome, rescore(second).outcome) == ("possible", "presumed")


def test_the_authority_sees_only_submitted_cases_and_decides(cast: Cast, client: Client) -> None:
    client.force_login(cast.authority)
    assert client.get(reverse("cases:detail", args=[cast.case_b.pk])).status_code == 404
    assert client.get(reverse("cases:detail", args=[cast.case_a.pk])).status_code == 200
    view = AuditEvent.objects.get(action=AuditAction.VIEW_IDENTITY, actor=cast.authority)
    assert view.object_id == str(cast.case_a.pk) and view.detail == {"via": "submitted_for_decision"}
    listed = {case.reference for case in client.get(reverse("cases:list")).context["page"]}
    assert listed == {cast.case_a.reference}
    with pytest.raises(PermissionDenied):
        services.decide_status(
            actor=cast.authority, case=cast.case_b, status="identified", decided_on=date(2025, 6, 1),
            legal_basis="Loi 27-14", rationale="x",
        )  # fmt: skip
    response = client.post(
        reverse("identification:decide", args=[cast.case_a.pk]),
        {
            "status": "identified",
            "decided_on": "2025-06-02",
            "legal_basis": "Loi 27-14",
            "rationale": "Éléments concordants.",
        },
    )
    assert response.status_code == 302
    services.decide_status(
        actor=cast.authority, case=cast.case_a, status="not_a_victim", decided_on=date(2025, 9, 1),
        legal_basis="Loi 27-14", rationale="Révision après enquête.",
    )  # fmt: skip
    history = list(StatusDecision.objects.filter(case=cast.case_a).values_list("status", flat=True))
    assert history == ["identified", "not_a_victim"]
    case = Case.objects.get(pk=cast.case_a.pk)
    assert case.current_status_decision.status == "not_a_victim"
    client.force_login(cast.caseworker)
    page = client.get(reverse("cases:detail", args=[cast.case_a.pk])).content.decode()
    assert "Identified victim" in page and "2025-06-02" in page and "Révision après enquête." in page
    assert 'data-testid="current-status">Not a victim (2025-09-01)<' in page  # the latest decision


def test_a_decision_needs_a_basis_a_rationale_and_a_sensible_date(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        services.decide_status(
            actor=cast.authority, case=cast.case_a, status="identified",
            decided_on=timezone.localdate() + timedelta(days=2), legal_basis=" ", rationale="",
        )  # fmt: skip
    assert {"decided_on", "legal_basis", "rationale"} <= set(error.value.message_dict)
    assert not StatusDecision.objects.exists()


def test_case_workers_submit_to_an_authority_once(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    police = cast.organisations["police"]
    client.post(reverse("identification:submit", args=[cast.case_a.pk]), {"authority": police.pk})
    assert cast.case_a.submissions.filter(authority=police).exists()
    with pytest.raises(ValidationError):
        services.submit_for_decision(actor=cast.caseworker, case=cast.case_a, authority=police)
    with pytest.raises(ValidationError):
        services.submit_for_decision(
            actor=cast.caseworker, case=cast.case_a, authority=cast.organisations["shelter"]
        )


def test_case_details_use_catalogue_codes_and_refuse_a_stale_edit(cast: Cast, client: Client) -> None:
    with pytest.raises(ValidationError) as error:
        update_case_details(
            actor=cast.caseworker, case=cast.case_a, expected_version=1,
            forms_of_exploitation=["slavery", "forced_labour"], recruitment_country="XXX",
            exploitation_started_on=date(2025, 3, 1), exploitation_ended_on=date(2025, 1, 1),
        )  # fmt: skip
    assert {"forms_of_exploitation", "recruitment_country", "exploitation_ended_on"} <= set(
        error.value.message_dict
    )
    update_case_details(
        actor=cast.caseworker, case=cast.case_a, expected_version=1, forms_of_exploitation=["forced_labour"],
        sectors=["agriculture_forestry_fishing"], means_of_control=["withholds_documents"],
        recruitment_country="SEN",
        recruitment_platform="Facebook",
    )  # fmt: skip
    with pytest.raises(StaleEditError):
        update_case_details(
            actor=cast.colleague, case=cast.case_a, expected_version=1, recruitment_country="MLI"
        )
    case = Case.objects.get(pk=cast.case_a.pk)
    assert case.recruitment_country == "SEN" and case.version == 2
    client.force_login(cast.caseworker)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Forced labour" in page and "Facebook" in page


def test_reading_interview_notes_is_audited(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    url = reverse("identification:screening_detail", args=[cast.case_a.pk, cast.screening.pk])
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_IDENTITY, object_id=str(cast.screening.pk)
    ).exists()


def test_the_profile_must_match_a_known_age(cast: Cast) -> None:
    # The cast's person was born in 2003: an adult when the case opened in 2025.
    guide = services.current_guide()
    with pytest.raises(ValidationError) as error:
        services.record_screening(
            actor=cast.caseworker, case=cast.case_a, guide=guide, profile="child_labour",
            interviewed_on=date(2025, 4, 1), answers=_answers("child_labour", {}), act_present="yes",
        )  # fmt: skip
    assert "use an adult profile" in error.value.message_dict["profile"][0]


def test_a_form_opened_under_one_version_is_saved_under_that_version(cast: Cast, client: Client) -> None:
    client.force_login(cast.caseworker)
    opened_with = services.current_guide()
    form = client.get(reverse("identification:screening_new", args=[cast.case_a.pk])).content.decode()
    assert f'name="guide" value="{opened_with.pk}"' in form
    # Meanwhile an administrator makes another version current.
    services.make_current(
        actor=cast.admin, guide=services.load_guide(actor=cast.admin, text=_guide_with_sexual_profile("0.3"))
    )
    data = {**_form_data("adult_labour", PRESUMED_ADULT), "guide": str(opened_with.pk)}
    assert (
        client.post(reverse("identification:screening_new", args=[cast.case_a.pk]), data).status_code == 302
    )
    saved = Screening.objects.exclude(pk=cast.screening.pk).get()
    assert saved.guide == opened_with


def test_withdrawing_a_submission_takes_the_case_back_from_the_authority(cast: Cast, client: Client) -> None:
    submission = cast.case_a.submissions.get()
    client.force_login(cast.authority)
    screening_url = reverse("identification:screening_detail", args=[cast.case_a.pk, cast.screening.pk])
    assert client.get(screening_url).status_code == 200  # the authority reads the evidence it decides on
    client.force_login(cast.caseworker)
    response = client.post(reverse("identification:withdraw", args=[cast.case_a.pk, submission.pk]))
    assert response.status_code == 302
    client.force_login(cast.authority)
    assert client.get(reverse("cases:detail", args=[cast.case_a.pk])).status_code == 404
    assert client.get(screening_url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.decide_status(
            actor=cast.authority, case=cast.case_a, status="identified", decided_on=date(2025, 6, 1),
            legal_basis="Loi 27-14", rationale="x",
        )  # fmt: skip
    # It can be submitted again later; the history keeps both.
    services.submit_for_decision(
        actor=cast.caseworker, case=cast.case_a, authority=cast.organisations["prosecution"]
    )
    assert cast.case_a.submissions.count() == 2
    with pytest.raises(ValidationError):
        services.withdraw_submission(actor=cast.caseworker, submission=submission)
