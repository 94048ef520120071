"""The identification guide as an XLSForm for ODK / KoboToolbox: the generated form compiles with pyxform,
and a screening collected offline comes back into its case scored exactly as the same answers entered in
Sanad, flagged when the form was made from an older guide version."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from sanad.identification import services
from sanad.identification.models import IdentificationGuide, Screening
from sanad.identification.services import (
    AnswerInput,
    current_guide,
    import_offline_screening,
    record_screening,
)
from sanad.identification.xlsform import SubmissionError, read_kobo_json, read_odk_xml, xlsform
from tests.cast import Cast
from tests.test_identification import _guide_with_sexual_profile

pytestmark = pytest.mark.django_db
YES = ("DR01", "DR02", "EX01", "EX02", "CD01", "CD02")  # strong and medium indicators of three dimensions


def _answers(profile_indicators: list[str]) -> dict[str, str]:
    return {indicator: ("yes" if indicator in YES else "no") for indicator in profile_indicators}


def _odk_xml(reference: str, answers: dict[str, str], *, version: str = "0.1-draft") -> bytes:
    items = "".join(
        f"<adult_labour__{key}>{value}</adult_labour__{key}>"
        + (
            f"<adult_labour__{key}__evidence>self_report</adult_labour__{key}__evidence>"
            if value == "yes"
            else ""
        )
        for key, value in answers.items()
    )
    return (
        f'<?xml version="1.0"?><data id="sanad_screening" version="{version}">'
        f"<guide_version>{version}</guide_version><case_reference>{reference}</case_reference>"
        "<interviewed_on>2025-04-02</interviewed_on><profile>adult_labour</profile>"
        "<act_present>yes</act_present><interview_language>darija</interview_language>"
        f"<interpreter_used>no</interpreter_used><g_adult_labour>{items}</g_adult_labour>"
        "<meta><instanceID>uuid:0b1c2d3e-0000-4000-8000-000000000001</instanceID></meta></data>"
    ).encode()


def test_the_form_compiles_with_pyxform_with_every_indicator_in_each_language(tmp_path: Path) -> None:
    guide = current_guide().definition
    content = xlsform(guide, ["fr", "ar"])
    sheets = load_workbook(BytesIO(content)).sheetnames
    assert sheets == ["survey", "choices", "settings"]
    path = tmp_path / "screening.xlsx"
    path.write_bytes(content)

    xform = convert(xlsform=str(path)).xform

    root = ElementTree.fromstring(xform.encode())
    text = xform
    for code, profile in guide.profiles.items():
        for indicator in profile.indicators:
            assert f"/data/g_{code}/{code}__{indicator.id}" in text
    assert 'version="0.1-draft"' in text
    languages = {element.get("lang") for element in root.iter() if element.tag.endswith("translation")}
    assert languages == {"French (fr)", "Arabic (ar)"}
    dr01 = guide.profile("adult_labour").indicators[0]
    assert dr01.label_in("ar") in text and dr01.label_in("fr") in text


def test_an_odk_submission_scores_as_the_same_answers_entered_in_sanad(cast: Cast) -> None:
    guide = current_guide()
    indicators = [i.id for i in guide.definition.profile("adult_labour").indicators]
    answers = _answers(indicators)
    entered = record_screening(
        actor=cast.caseworker, case=cast.case_a, guide=guide, profile="adult_labour",
        interviewed_on=date(2025, 4, 2), act_present="yes", interview_language="darija",
        answers={k: AnswerInput(v, "self_report" if v == "yes" else "") for k, v in answers.items()},
    )  # fmt: skip

    imported = import_offline_screening(
        actor=cast.caseworker, submission=read_odk_xml(_odk_xml(cast.case_a.reference, answers))
    )

    assert imported.case == cast.case_a and imported.guide == guide
    assert imported.collected_offline and not imported.older_guide
    assert (imported.outcome, imported.dimension_results) == (entered.outcome, entered.dimension_results)
    assert imported.outcome != "none"  # the answers do say something
    assert imported.answer_map() == entered.answer_map()
    assert imported.interview_language == "darija"


def test_a_kobo_export_with_group_paths_imports_the_same(cast: Cast) -> None:
    indicators = [i.id for i in current_guide().definition.profile("adult_labour").indicators]
    answers = _answers(indicators)
    row = {
        "_id": 7781, "__version__": "vKobo123", "guide_version": "0.1-draft",
        "case_reference": cast.case_a.reference, "interviewed_on": "2025-04-02", "profile": "adult_labour",
        "act_present": "yes", **{f"g_adult_labour/adult_labour__{k}": v for k, v in answers.items()},
        **{f"g_adult_labour/adult_labour__{k}__evidence": "observed" for k in YES},
    }  # fmt: skip
    [submission] = read_kobo_json(json.dumps({"count": 1, "results": [row]}).encode("utf-8-sig"))
    screening = import_offline_screening(actor=cast.caseworker, submission=submission)
    assert screening.answer_map() == answers


def _imported_after_a_new_guide(cast: Cast) -> tuple[IdentificationGuide, Screening]:
    """A form made from the shipped guide comes back after version 0.2 became current."""
    old = current_guide()
    new = services.load_guide(actor=cast.admin, text=_guide_with_sexual_profile("0.2"))
    services.make_current(actor=cast.admin, guide=new)
    answers = _answers([i.id for i in old.definition.profile("adult_labour").indicators])
    submission = read_odk_xml(_odk_xml(cast.case_a.reference, answers))
    return old, import_offline_screening(actor=cast.caseworker, submission=submission)


def test_a_form_from_an_older_guide_is_scored_with_its_version_and_flagged(cast: Cast) -> None:
    old, screening = _imported_after_a_new_guide(cast)
    assert screening.guide == old and screening.older_guide


def test_bad_submissions_are_refused_naming_the_field_and_nothing_is_stored(
    cast: Cast, tmp_path: Path
) -> None:
    answers = {"DR01": "yes"}
    before = cast.case_b.screenings.count()
    with pytest.raises(ValidationError) as other_case:  # another unit's case
        import_offline_screening(
            actor=cast.caseworker, submission=read_odk_xml(_odk_xml(cast.case_b.reference, answers))
        )
    assert "case_reference" in other_case.value.message_dict
    with pytest.raises(ValidationError) as unknown_version:
        import_offline_screening(
            actor=cast.caseworker,
            submission=read_odk_xml(_odk_xml(cast.case_a.reference, answers, version="9.9")),
        )
    assert "guide_version" in unknown_version.value.message_dict
    with pytest.raises(SubmissionError):
        read_odk_xml(b"<html>not a submission")
    with pytest.raises(SubmissionError):
        read_kobo_json(b"\xff\xfe not json")
    assert cast.case_b.screenings.count() == before

    # The command imports all or nothing: the second row's error leaves the first unimported.
    indicators = [i.id for i in current_guide().definition.profile("adult_labour").indicators]
    complete = {f"g_adult_labour/adult_labour__{key}": "no" for key in indicators}
    common = {"guide_version": "0.1-draft", "interviewed_on": "2025-04-02", "profile": "adult_labour"}
    rows = [
        {**common, "case_reference": cast.case_a.reference, **complete},
        {**common, "case_reference": "NOPE-1", **complete},
    ]
    export = tmp_path / "kobo.json"
    export.write_text(json.dumps(rows))
    screenings = cast.case_a.screenings.count()
    with pytest.raises(CommandError, match="NOPE-1"):
        call_command("xlsform", "import", str(export), "--as", "caseworker")
    assert cast.case_a.screenings.count() == screenings


def test_the_commands_write_the_form_and_import_a_submission(
    cast: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "form.xlsx"
    call_command("xlsform", "screening", "--lang", "fr,ar", "--out", str(out))
    assert load_workbook(out)["settings"]["C2"].value == "0.1-draft"
    submission = tmp_path / "submission.xml"
    indicators = [i.id for i in current_guide().definition.profile("adult_labour").indicators]
    submission.write_bytes(_odk_xml(cast.case_a.reference, _answers(indicators)))
    call_command("xlsform", "import", str(submission), "--as", "caseworker")
    assert f"{cast.case_a.reference}: screened with guide 0.1-draft" in capsys.readouterr().out
    with pytest.raises(CommandError, match="--lang"):
        call_command("xlsform", "screening", "--lang", "de", "--out", str(out))


def test_the_screening_page_says_it_was_collected_offline_with_an_older_form(
    cast: Cast, client: Client
) -> None:
    from django.urls import reverse

    _old, screening = _imported_after_a_new_guide(cast)
    client.force_login(cast.caseworker)
    page = client.get(reverse("identification:screening_detail", args=[cast.case_a.pk, screening.pk]))
    assert page.status_code == 200
    assert "older than the guide in use" in page.text and "Offline, with the XLSForm" in page.text


def test_a_field_team_downloads_the_form_and_uploads_what_it_collected(cast: Cast, client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(cast.caseworker)
    form = client.get(reverse("identification:offline_form"))
    assert form.status_code == 200 and form["Content-Disposition"].endswith('sanad-screening-0.1-draft.xlsx"')
    assert load_workbook(BytesIO(form.content))["settings"]["C2"].value == "0.1-draft"

    indicators = [i.id for i in current_guide().definition.profile("adult_labour").indicators]
    upload = SimpleUploadedFile("submission.xml", _odk_xml(cast.case_a.reference, _answers(indicators)))
    page = client.post(reverse("identification:offline_import"), {"file": upload})
    assert page.status_code == 200
    assert cast.case_a.reference in page.text
    assert cast.case_a.screenings.filter(collected_offline=True).count() == 1

    elsewhere = SimpleUploadedFile("other.xml", _odk_xml(cast.case_b.reference, _answers(indicators)))
    refused = client.post(reverse("identification:offline_import"), {"file": elsewhere})
    assert refused.status_code == 400
    assert f"Case {cast.case_b.reference}:" in refused.text
    assert not cast.case_b.screenings.filter(collected_offline=True).exists()


def test_the_same_export_imported_twice_creates_no_second_screening(cast: Cast) -> None:
    indicators = [i.id for i in current_guide().definition.profile("adult_labour").indicators]
    content = _odk_xml(cast.case_a.reference, _answers(indicators))
    first = services.import_offline_file(actor=cast.caseworker, content=content)
    again = services.import_offline_file(actor=cast.caseworker, content=content)
    assert first == again
    assert cast.case_a.screenings.filter(collected_offline=True).count() == 1
