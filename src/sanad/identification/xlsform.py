"""The identification guide as an XLSForm for offline screening (ODK Collect, KoboToolbox), and the reading
of what comes back: an ODK submission (XML) or a KoboToolbox JSON export.

The form carries the guide version it was made from (a calculated field, so it is in every submission);
answers come back under ``<profile>__<indicator id>``. Nothing here scores: the import hands the answers to
``services.record_screening`` with the guide version the form was made from, as a web screening would.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from defusedxml import DefusedXmlException, ElementTree
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from sanad.catalogs import loader
from sanad.identification.guide import Guide
from sanad.identification.models import Answer, EvidenceSource

FORM_ID = "sanad_screening"
EVIDENCE = "__evidence"
LANGUAGE_NAMES = {"en": "English", "fr": "French", "ar": "Arabic"}
FIELDS = (
    "case_reference",
    "interviewed_on",
    "profile",
    "act_present",
    "interview_language",
    "interpreter_used",
)


class SubmissionError(ValueError):
    """A submission that cannot be imported; the message names the field."""


def _field(profile: str, indicator_id: str) -> str:
    return f"{profile}__{indicator_id}"


def _labels(languages: list[str], text: Any) -> list[str]:
    """One label per language: ``text`` is a function of nothing, evaluated in each language."""
    labels = []
    for language in languages:
        with translation.override(language):
            labels.append(str(text()))
    return labels


def xlsform(guide: Guide, languages: list[str]) -> bytes:
    """The guide's profiles as an XLSForm workbook (survey, choices, settings sheets)."""
    unknown = [code for code in languages if code not in LANGUAGE_NAMES]
    if unknown or not languages:
        raise ValueError(f"--lang: choose among {', '.join(LANGUAGE_NAMES)}")
    label_columns = [f"label::{LANGUAGE_NAMES[code]} ({code})" for code in languages]
    survey: list[list[Any]] = [["type", "name", *label_columns, "required", "relevant", "calculation"]]

    def question(kind: str, name: str, text: Any, *, required: bool = True, relevant: str = "") -> None:
        survey.append([kind, name, *_labels(languages, text), "yes" if required else "", relevant, ""])

    survey.append(["calculate", "guide_version", *[""] * len(languages), "", "", f"'{guide.version}'"])
    question("text", "case_reference", lambda: _("Case reference"))
    question("date", "interviewed_on", lambda: _("Interview date"))
    question("select_one profile", "profile", lambda: _("Profile"))
    question(
        "select_one answer",
        "act_present",
        lambda: _("Was the person recruited, transported, transferred, harboured or received?"),
    )
    question("select_one language", "interview_language", lambda: _("Interview language"), required=False)
    question("select_one yes_no", "interpreter_used", lambda: _("Interpreter used"), required=False)
    for code, profile in guide.profiles.items():
        survey.append(["begin_group", f"g_{code}", *_labels(languages, lambda code=code: code), "", "", ""])
        survey[-1][-2] = f"${{profile}} = '{code}'"
        for indicator in profile.indicators:
            name = _field(code, indicator.id)
            labels = [indicator.label_in(language) for language in languages]
            survey.append(["select_one answer", name, *labels, "yes", "", ""])
            # As in Sanad's own form, a "yes" says where its evidence comes from.
            evidence = _labels(languages, lambda: _("Where does the evidence come from?"))
            survey.append(
                ["select_one evidence", f"{name}{EVIDENCE}", *evidence, "yes", f"${{{name}}} = 'yes'", ""]
            )
        survey.append(["end_group", "", *[""] * len(languages), "", "", ""])

    choices: list[list[Any]] = [["list_name", "name", *label_columns]]
    for answer in Answer:
        choices.append(["answer", answer.value, *_labels(languages, lambda answer=answer: answer.label)])
    for source in EvidenceSource:
        choices.append(["evidence", source.value, *_labels(languages, lambda source=source: source.label)])
    for yes_no in (Answer.YES, Answer.NO):
        choices.append(["yes_no", yes_no.value, *_labels(languages, lambda yes_no=yes_no: yes_no.label)])
    for code in guide.profiles:
        choices.append(["profile", code, *[code] * len(languages)])
    for entry in loader.languages().entries:
        choices.append(["language", entry.code, *[entry.label(language) for language in languages]])

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    sheet = workbook.create_sheet("survey")
    for row in survey:
        sheet.append(row)
    choice_sheet = workbook.create_sheet("choices")
    for row in choices:
        choice_sheet.append(row)
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    title = _labels(languages[:1], lambda: _("Sanad screening with the identification guide"))[0]
    settings.append([title, FORM_ID, guide.version, f"{LANGUAGE_NAMES[languages[0]]} ({languages[0]})"])
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


@dataclass(frozen=True)
class Submission:
    """One screening as collected offline, before it is checked against a case and a guide version."""

    guide_version: str
    case_reference: str
    interviewed_on: str
    profile: str
    act_present: str
    interview_language: str
    interpreter_used: bool
    instance: str  # the collecting app's id of this submission, "" when it gives none
    answers: dict[str, str]  # indicator id -> yes / no / unknown, for the chosen profile only
    evidence: dict[str, str]  # indicator id -> evidence source, for the answers "yes"


def _submission(values: dict[str, str]) -> Submission:
    version = values.get("guide_version", "")
    if not version:
        raise SubmissionError(_("guide_version: the submission does not say which guide version it used."))
    for name in ("case_reference", "interviewed_on", "profile"):
        if not values.get(name):
            raise SubmissionError(_("%(field)s: missing.") % {"field": name})
    prefix = f"{values['profile']}__"
    mine = {name.removeprefix(prefix): value for name, value in values.items() if name.startswith(prefix)}
    answers = {key: value for key, value in mine.items() if not key.endswith(EVIDENCE)}
    evidence = {key.removesuffix(EVIDENCE): value for key, value in mine.items() if key.endswith(EVIDENCE)}
    return Submission(
        guide_version=version,
        case_reference=values["case_reference"].strip(),
        interviewed_on=values["interviewed_on"],
        profile=values["profile"],
        act_present=values.get("act_present") or Answer.UNKNOWN,
        interview_language=values.get("interview_language", ""),
        interpreter_used=values.get("interpreter_used") == "yes",
        instance=(values.get("instanceID") or values.get("_uuid") or "")[:100],
        answers=answers,
        evidence=evidence,
    )


def _leaf_name(key: str) -> str:
    # KoboToolbox exports group paths ("g_adult_labour/adult_labour__DR01"); ODK nests elements.
    return key.rsplit("/", 1)[-1]


def read_odk_xml(content: bytes) -> Submission:
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as error:
        raise SubmissionError(_("The file is not a readable ODK submission (XML).")) from error
    except DefusedXmlException as error:
        # Entities and document types (entity expansion, external files): an ODK submission has none.
        raise SubmissionError(
            _("The file is not a readable ODK submission (XML): it declares entities or a document type.")
        ) from error
    if root.get("id") != FORM_ID:
        raise SubmissionError(_("The submission is not of the Sanad screening form."))
    values = {
        element.tag.rsplit("}", 1)[-1]: (element.text or "").strip()
        for element in root.iter()
        if len(element) == 0
    }
    return _submission(values)


def read_kobo_json(content: bytes) -> list[Submission]:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    # RecursionError: arrays or objects nested thousands deep, which no export writes.
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise SubmissionError(_("The file is not a readable KoboToolbox JSON export.")) from error
    rows = data.get("results", [data]) if isinstance(data, dict) else data
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise SubmissionError(_("The file is not a readable KoboToolbox JSON export."))
    return [_submission({_leaf_name(key): str(value) for key, value in row.items()}) for row in rows]
